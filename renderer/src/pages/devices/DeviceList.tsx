/** Every device the core knows: status light, name, role, link, simulated tag; plus adding a network printer. */
import { useState } from 'react';
import type { DeviceInfo } from '../../../../preload/contract';
import { api, usePos } from '../../store';
import { errorText } from '../../api/client';
import { commonText, devicesText, useT } from '../../i18n';

export function DeviceList({ devices, selected, onSelect }: { devices: DeviceInfo[]; selected: string | null; onSelect: (id: string) => void }) {
  const t = useT(devicesText);
  const c = useT(commonText);
  const [address, setAddress] = useState('');
  const [adding, setAdding] = useState(false);

  const add = async () => {
    const a = address.trim();
    if (a.length < 3) return;
    setAdding(true);
    try {
      const r = await api.call('devices.addNetworkPrinter', { address: a });
      if (r.problem) usePos.getState().notify('error', `${r.id}: ${r.problem}`);
      else usePos.getState().notify('success', t('addedPrinter', { id: r.id }));
      setAddress('');
      await usePos.getState().loadDevices();
      onSelect(r.id);
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    } finally {
      setAdding(false);
    }
  };

  return (
    <section className="dev-panel dev-list" aria-label={t('devicesTitle')}>
      <h3 className="dev-h">
        {t('devicesTitle')} <span className="dev-h-note">{devices.length}</span>
      </h3>
      {devices.length === 0 && <p className="muted">{t('noDevices')}</p>}
      <ul className="dev-items" data-testid="device-rows">
        {devices.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              className={d.id === selected ? 'dev-item selected' : 'dev-item'}
              data-testid="device-row"
              data-device-id={d.id}
              data-status={d.status}
              aria-pressed={d.id === selected}
              onClick={() => onSelect(d.id)}
            >
              <span className={`dev-dot ${d.status}`} title={c(`status.${d.status}`)} />
              <span className="dev-item-body">
                <span className="dev-item-name" title={d.name}>
                  {d.name}
                </span>
                <span className="dev-item-meta">
                  <span className="dev-item-role">{c(`role.${d.role}`)}</span>
                  <span className={`dev-item-status ${d.status}`}>{c(`status.${d.status}`)}</span>
                  {d.simulated && <span className="dev-tag">{c('simulated')}</span>}
                </span>
                <span className="dev-item-link mono" title={t.pick(d.link)}>
                  {t.pick(d.link)}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="dev-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label className="dev-add-label" htmlFor="dev-add-address">
          {t('addPrinter')}
        </label>
        <div className="dev-add-row">
          <input id="dev-add-address" className="mono" value={address} placeholder={t('addPrinterPlaceholder')} maxLength={80} onChange={(e) => setAddress(e.target.value)} />
          <button type="submit" disabled={adding || address.trim().length < 3}>
            {t('add')}
          </button>
        </div>
      </form>
    </section>
  );
}
