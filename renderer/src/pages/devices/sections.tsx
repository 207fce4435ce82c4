/** Parts of a device's detail: timeline, byte log and settings form. */
import { useEffect, useState } from 'react';
import { PRINTER_MODELS } from '../../../../drivers/printer/models/catalog';
import type { DeviceDetail } from '../../../../preload/contract';
import {
  DATA_BITS,
  CJK_MODES,
  type CjkMode,
  DEVICE_LABEL_MAX,
  DISPLAY_MODELS,
  type DeviceSettings,
  type DisplayModel,
  LAMP_FORMS,
  type LampForm,
  PAPER_WIDTHS_MM,
  PARITIES,
  type Parity,
  TEXT_ENCODINGS,
} from '../../../../preload/contract/devices';
import { devicesText, type PlainKey, useT } from '../../i18n';
import { api, usePos } from '../../store';
import { clock } from './util';
import { errorText } from '../../api/client';

type DevKey = PlainKey<typeof devicesText>;
const KIND_TONE: Record<string, string> = { error: 'bad', unplugged: 'bad', removed: 'bad', problem: 'warn', reconnecting: 'warn', recovered: 'ok', opened: 'ok', replugged: 'ok', added: 'ok' };

export function Timeline({ entries }: { entries: DeviceDetail['timeline'] }) {
  const t = useT(devicesText);
  const rows = [...entries].reverse();
  return (
    <section className="dev-panel dev-timeline" aria-label={t('timeline')}>
      <h3 className="dev-h">
        {t('timeline')} <span className="dev-h-note">{t('newestFirst')}</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">{t('noTimeline')}</p>
      ) : (
        <ol className="dev-tl" data-testid="device-timeline">
          {rows.map((e, i) => {
            // A translated kind shows the core's own name beside it.
            const word = t.or(`tl.${e.kind}`, e.kind);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: entries are append-only; the index from the end is stable
              <li key={rows.length - i} className={`dev-tl-row ${KIND_TONE[e.kind] ?? ''}`} data-kind={e.kind}>
                <span className="dev-tl-at mono">{clock(e.at)}</span>
                <span className="dev-tl-kind">
                  {word}
                  {word !== e.kind && <span className="dev-tl-raw mono">{e.kind}</span>}
                </span>
                <span className="dev-tl-reason">{e.reason}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

const MAX_HEX_CHARS = 3 * 24;

export function ByteLog({ entries }: { entries: DeviceDetail['byteLog'] }) {
  const t = useT(devicesText);
  const rows = [...entries].reverse().slice(0, 200);
  return (
    <section className="dev-panel dev-bytes" aria-label={t('byteLog')}>
      <h3 className="dev-h">
        {t('byteLog')} <span className="dev-h-note">→ {t('bytesOut')} · ← {t('bytesIn')} · {t('newestFirst')}</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">{t('noBytes')}</p>
      ) : (
        <ol className="dev-bl mono" data-testid="byte-log">
          {rows.map((b, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only log; the index from the end is stable
            <li key={rows.length - i} className={`dev-bl-row ${b.dir}`} title={b.hex}>
              <span className="dev-bl-at">{clock(b.at)}</span>
              <span className="dev-bl-dir">{b.dir === 'out' ? '→' : '←'}</span>
              <span className="dev-bl-len">{b.length}</span>
              <span className="dev-bl-hex">{b.hex.length > MAX_HEX_CHARS ? `${b.hex.slice(0, MAX_HEX_CHARS)}…` : b.hex}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A choice in the cashier's words (a key of the devices table), or as it is (an encoding, a model). */
type Words = DevKey | { as: string };
type Key = keyof DeviceSettings;

type Field =
  | { key: Key; label: DevKey; type: 'text' }
  | { key: Key; label: DevKey; type: 'number'; options: readonly number[] }
  | { key: Key; label: DevKey; type: 'select'; options: ReadonlyArray<{ v: string; words: Words }> }
  | { key: Key; label: DevKey; type: 'bool'; options: ReadonlyArray<{ v: 'true' | 'false'; words: Words }> };

// The choices are the contract's own (preload/contract/devices.ts), so the form offers
// exactly what the core accepts; only the words for them are here.
const PARITY_WORDS: Record<Parity, DevKey> = { none: 'parity.none', even: 'parity.even', odd: 'parity.odd' };
const DISPLAY_MODEL_WORDS: Record<DisplayModel, DevKey> = { led8n: 'displayModel.led8n', dmd: 'displayModel.dmd' };
const CJK_MODE_WORDS: Record<CjkMode, DevKey> = { native: 'cjkMode.native', raster: 'cjkMode.raster' };
const LAMP_FORM_WORDS: Record<LampForm, DevKey> = { ascii: 'lampForm.ascii', binary: 'lampForm.binary' };
/** Common serial speeds (the contract takes any rate from 300 to 921600). */
const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

const LABEL: Field = { key: 'label', label: 'sLabel', type: 'text' };
const ENCODING: Field = { key: 'encoding', label: 'sEncoding', type: 'select', options: TEXT_ENCODINGS.map((v) => ({ v, words: { as: v } })) };
const SERIAL: Field[] = [
  { key: 'baudRate', label: 'sBaudRate', type: 'number', options: BAUD_RATES },
  { key: 'dataBits', label: 'sDataBits', type: 'number', options: DATA_BITS },
  { key: 'parity', label: 'sParity', type: 'select', options: PARITIES.map((v) => ({ v, words: PARITY_WORDS[v] })) },
];

/** The receipt printer's model (drivers/printer/models/*.json): paper, dots, font, cutter, drawer. */
const PRINTER_MODEL: Field = {
  key: 'printerModel',
  label: 'sPrinterModel',
  type: 'select',
  options: PRINTER_MODELS.map((m) => {
    const paper = m.paper.map((p) => `${p.widthMm}mm/${p.columns.A}`).join(' ');
    const name = `${m.vendor} ${m.name} · ${paper}`;
    return { v: m.id, words: { as: name } };
  }),
};
const PRINTER_OVERRIDES: Field[] = [
  {
    key: 'cjkMode',
    label: 'sCjkMode',
    type: 'select',
    options: CJK_MODES.map((v) => ({ v, words: CJK_MODE_WORDS[v] })),
  },
  {
    key: 'cutter',
    label: 'sCutter',
    type: 'bool',
    options: [
      { v: 'true', words: 'cutter.true' },
      { v: 'false', words: 'cutter.false' },
    ],
  },
];

function fieldsFor(role: DeviceDetail['device']['role']): Field[] {
  switch (role) {
    case 'printer':
    case 'cashDrawer':
      return [
        LABEL,
        PRINTER_MODEL,
        ENCODING,
        { key: 'paperWidthMm', label: 'sPaperWidth', type: 'number', options: PAPER_WIDTHS_MM },
        ...PRINTER_OVERRIDES,
        ...SERIAL,
      ];
    case 'customerDisplay':
      return [
        LABEL,
        { key: 'displayModel', label: 'sDisplayModel', type: 'select', options: DISPLAY_MODELS.map((v) => ({ v, words: DISPLAY_MODEL_WORDS[v] })) },
        { key: 'lampForm', label: 'sLampForm', type: 'select', options: LAMP_FORMS.map((v) => ({ v, words: LAMP_FORM_WORDS[v] })) },
        ENCODING,
        ...SERIAL,
      ];
    case 'scanner':
      return [
        LABEL,
        {
          key: 'keyboardLayout',
          label: 'sKeyboardLayout',
          type: 'select',
          options: [
            { v: 'us', words: 'layout.us' },
            { v: 'uk', words: 'layout.uk' },
            { v: 'fr-azerty', words: 'layout.fr-azerty' },
            { v: 'de-qwertz', words: 'layout.de-qwertz' },
          ],
        },
      ];
    default:
      return [LABEL];
  }
}

/** Edits the stored settings; only changed fields are sent (the core merges them). */
export function SettingsForm({ detail, onSaved }: { detail: DeviceDetail; onSaved: (d: DeviceDetail) => void }) {
  const t = useT(devicesText);
  const fields = fieldsFor(detail.device.role);
  const stored = (k: Key) => (detail.settings[k] === undefined ? '' : String(detail.settings[k]));
  const [draft, setDraft] = useState<Partial<Record<Key, string>>>({});
  const [saving, setSaving] = useState(false);
  // A different device, or new stored values: start from what is stored.
  const storedKey = `${detail.device.id}|${JSON.stringify(detail.settings)}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the draft when the stored settings change
  useEffect(() => setDraft({}), [storedKey]);

  const value = (k: Key) => draft[k] ?? stored(k);
  const save = async () => {
    const changed: Partial<Record<Key, string | number | boolean>> = {};
    const clear: Key[] = [];
    for (const f of fields) {
      const v = draft[f.key];
      if (v === undefined || v === stored(f.key)) continue;
      // Back to （默认）: the stored value is cleared, so the model's (or the driver's) default applies.
      if (v === '') clear.push(f.key);
      else changed[f.key] = f.type === 'number' ? Number(v) : f.type === 'bool' ? v === 'true' : v;
    }
    // Every value is one of the field's own choices (or the label's text); the core checks it again.
    const patch = changed as Partial<DeviceSettings>;
    if (Object.keys(patch).length === 0 && clear.length === 0) {
      usePos.getState().notify('info', t('noChange'));
      return;
    }
    setSaving(true);
    try {
      const d = await api.call('devices.updateSettings', { id: detail.device.id, settings: patch, clear });
      onSaved(d);
      usePos.getState().notify('success', t('saved'));
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="dev-panel dev-settings" aria-label={t('settings')}>
      <h3 className="dev-h">{t('settings')}</h3>
      <div className="dev-form" data-testid="device-settings">
        {fields.map((f) => (
          <div key={f.key} className="dev-field">
            <label className="dev-field-label" htmlFor={`dev-set-${f.key}`}>
              {t(f.label)}
            </label>
            {f.type === 'text' ? (
              <input id={`dev-set-${f.key}`} type="text" value={value(f.key)} placeholder={detail.device.name} maxLength={DEVICE_LABEL_MAX} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} />
            ) : (
              <select id={`dev-set-${f.key}`} value={value(f.key)} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}>
                <option value="">{t('sDefault')}</option>
                {f.type === 'number'
                  ? f.options.map((n) => (
                      <option key={n} value={String(n)}>
                        {f.key === 'paperWidthMm' ? `${n} mm` : n}
                      </option>
                    ))
                  : f.options.map((o) => (
                      <option key={o.v} value={o.v}>
                        {typeof o.words === 'string' ? t(o.words) : o.words.as}
                      </option>
                    ))}
              </select>
            )}
          </div>
        ))}
      </div>
      <div className="dev-form-actions">
        <button type="button" className="primary" disabled={saving} onClick={() => void save()} data-testid="settings-save">
          {t('save')}
        </button>
      </div>
    </section>
  );
}
