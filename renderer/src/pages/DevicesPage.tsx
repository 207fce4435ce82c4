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
            <th>Role</th>
            <th>Link</th>
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
              <td>{d.role}</td>
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
