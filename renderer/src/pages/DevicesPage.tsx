import { ROLE_KEY } from '../i18n';
import { usePos } from '../store';
import { useT } from '../useT';

export function DevicesPage() {
  const t = useT();
  const devices = usePos((s) => s.devices);
  return (
    <div className="devices">
      <table>
        <thead>
          <tr>
            <th />
            <th>{t('devices')}</th>
            <th>{t('role')}</th>
            <th>{t('link')}</th>
            <th>{t('status')}</th>
          </tr>
        </thead>
        <tbody data-testid="device-rows">
          {devices.map((d) => (
            <tr key={d.id} data-testid="device-row" data-device-id={d.id}>
              <td>
                <span className={`light ${d.status}`} />
              </td>
              <td>
                {d.name} {d.simulated && <span className="tag">{t('simulated')}</span>}
              </td>
              <td>{t(ROLE_KEY[d.role])}</td>
              <td className="mono">{d.link}</td>
              <td>
                {t(d.status)} <span className="muted">{d.detail}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
