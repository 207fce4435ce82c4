/**
 * 设置 · 收款渠道: the merchant's WeChat Pay and Alipay credentials. What is saved is shown
 * only as where each wallet goes and hints; secrets are write-only (settings.setChannel).
 */
import { useEffect, useState } from 'react';
import type { CallInput, ChannelSettings, ChannelView } from '../../../preload/contract';
import { type PlainKey, type T, settingsText, tenderText, useT } from '../i18n';
import { ApiCallError } from '../api/client';
import { api, usePos } from '../store';
import './settings/settings.css';

type St = T<typeof settingsText>;

export function SettingsPage() {
  const t = useT(settingsText);
  const [settings, setSettings] = useState<ChannelSettings | null>(null);
  useEffect(() => {
    api.call('settings.channels', {}).then(setSettings, (err: unknown) => usePos.getState().notify('error', String(err instanceof Error ? err.message : err)));
  }, []);
  if (!settings) return <div className="st-page" data-testid="settings-page" />;
  return (
    <div className="st-page" data-testid="settings-page">
      <header className="st-head">
        <h2>{t('title')}</h2>
        <p className="st-hint">{t('hint')}</p>
        <p className="st-hint st-protection" data-testid="settings-protection">
          {settings.protection === 'os-keychain' ? t('protectionKeychain') : t('protectionKeyFile')}
        </p>
        {settings.problem && (
          <p className="st-problem" role="alert" data-testid="settings-problem">
            {t.pick(settings.problem)}
          </p>
        )}
      </header>
      <div className="st-cards">
        <ChannelCard channel="wechat" view={settings.wechat} t={t} onSaved={setSettings} />
        <ChannelCard channel="alipay" view={settings.alipay} t={t} onSaved={setSettings} />
      </div>
    </div>
  );
}

const FIELDS: Record<'wechat' | 'alipay', Array<{ name: string; label: PlainKey<typeof settingsText>; kind: 'text' | 'secret' | 'pem' | 'url'; optional?: boolean; placeholder?: string }>> = {
  wechat: [
    { name: 'appId', label: 'appId', kind: 'text', placeholder: 'wx…' },
    { name: 'mchId', label: 'mchId', kind: 'text' },
    { name: 'apiKey', label: 'apiKey', kind: 'secret' },
    { name: 'baseUrl', label: 'baseUrl', kind: 'url', placeholder: 'https://api.mch.weixin.qq.com' },
    { name: 'certPem', label: 'certPem', kind: 'pem', optional: true },
    { name: 'keyPem', label: 'keyPem', kind: 'pem', optional: true },
  ],
  alipay: [
    { name: 'appId', label: 'alipayAppId', kind: 'text', placeholder: '2021…' },
    { name: 'privateKey', label: 'privateKey', kind: 'pem' },
    { name: 'alipayPublicKey', label: 'alipayPublicKey', kind: 'pem' },
    { name: 'gateway', label: 'gatewayUrl', kind: 'url', placeholder: 'https://openapi.alipay.com/gateway.do' },
  ],
};

function ChannelCard({ channel, view, t, onSaved }: { channel: 'wechat' | 'alipay'; view: ChannelView; t: St; onSaved: (s: ChannelSettings) => void }) {
  const tender = useT(tenderText);
  const [form, setForm] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  const submit = async (clear: boolean) => {
    setBusy(true);
    setError(null);
    try {
      // Empty optional fields are left out, so the core applies its defaults (the vendor's URL).
      const credentials = clear ? null : Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
      const next = await api.call('settings.setChannel', { channel, credentials } as CallInput<'settings.setChannel'>);
      onSaved(next);
      setForm({});
      usePos.getState().notify('success', `${tender(channel)} · ${clear ? t('forgotten') : t('saved')}`);
    } catch (err) {
      let message = err instanceof Error ? err.message : String(err);
      let field: string | undefined;
      if (err instanceof ApiCallError && err.field) {
        // "settings.setChannel: credentials.apiKey: <why>": the field is marked on the form, so say only why.
        const prefix = `settings.setChannel: ${err.field}: `;
        if (message.startsWith(prefix)) message = message.slice(prefix.length);
        field = err.field.split('.').at(-1);
      }
      setError({ ...(field ? { field } : {}), message: t.pick(message) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="st-card" data-testid={`settings-${channel}`} data-source={view.source}>
      <h3>{tender(channel)}</h3>
      <dl className="st-status">
        <dt>{t('source')}</dt>
        <dd>
          <span className={`st-source st-source-${view.source}`} data-testid={`settings-${channel}-source`}>
            {t(view.source)}
          </span>
        </dd>
        <dt>{t('endpoint')}</dt>
        <dd className="mono">{view.endpoint || t('none')}</dd>
        <dt>{t('merchantNo')}</dt>
        <dd className="mono">{view.merchant ?? t('none')}</dd>
        {view.secretHint && (
          <>
            <dt>{t('secret')}</dt>
            <dd className="mono" data-testid={`settings-${channel}-hint`}>
              {view.secretHint}
            </dd>
          </>
        )}
        {view.clientCert && (
          <>
            <dt>{t('cert')}</dt>
            <dd>
              {view.clientCert.subject} · {t('validTo')} {view.clientCert.validTo.slice(0, 10)}
            </dd>
          </>
        )}
      </dl>
      <form
        className="st-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        {FIELDS[channel].map((f) => {
          const id = `st-${channel}-${f.name}`;
          const wrong = error?.field === f.name;
          const label = f.optional ? `${t(f.label)} · ${t('optional')}` : t(f.label);
          return (
            <label key={f.name} htmlFor={id} className={wrong ? 'st-field st-wrong' : 'st-field'}>
              <span>{label}</span>
              {f.kind === 'pem' ? (
                <textarea id={id} rows={3} spellCheck={false} placeholder={t('pastePem')} value={form[f.name] ?? ''} onChange={(e) => setForm({ ...form, [f.name]: e.target.value })} />
              ) : (
                <input
                  id={id}
                  type={f.kind === 'secret' ? 'password' : 'text'}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={f.placeholder}
                  value={form[f.name] ?? ''}
                  onChange={(e) => setForm({ ...form, [f.name]: e.target.value })}
                />
              )}
            </label>
          );
        })}
        {error && (
          <p className="st-error" role="alert" data-testid={`settings-${channel}-error`}>
            {error.message}
          </p>
        )}
        <p className="st-hint">{t('secretsNotShown')}</p>
        <div className="st-actions">
          <button type="submit" className="primary" disabled={busy} data-testid={`settings-${channel}-save`}>
            {busy ? t('saving') : t('save')}
          </button>
          {view.source === 'merchant' && (
            <button type="button" disabled={busy} onClick={() => void submit(true)} data-testid={`settings-${channel}-forget`}>
              {t('forget')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
