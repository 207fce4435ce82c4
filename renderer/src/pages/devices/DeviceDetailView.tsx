/** The selected device: what it is, its test actions, settings, timeline and byte log. */
import { useState } from 'react';
import type { DeviceDetail, DeviceInfo, ReceiptPreview } from '../../../../preload/contract';
import { DEVICE_ROLES } from '../../../../preload/contract/devices';
import { api, usePos } from '../../store';
import { PrinterQa, PrintQueue } from './PrintQueue';
import { ScanTest } from './ScanTest';
import { ByteLog, SettingsForm, Timeline } from './sections';
import { beep } from './util';
import { errorText } from '../../api/client';
import { commonText, devicesText, useT } from '../../i18n';

interface Props {
  device: DeviceInfo;
  detail: DeviceDetail | null;
  onDetail: (d: DeviceDetail) => void;
  onCalibrate: () => void;
  calibratedAt: string | null;
}

export function DeviceDetailView({ device, detail, onDetail, onCalibrate, calibratedAt }: Props) {
  const t = useT(devicesText);
  const c = useT(commonText);
  const [preview, setPreview] = useState<ReceiptPreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (name: string, fn: () => Promise<void>) => {
    setBusy(name);
    try {
      await fn();
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const testPrint = () =>
    run('print', async () => {
      setPreview(await api.call('devices.testPrint', {}));
    });
  const openDrawer = () =>
    run('drawer', async () => {
      await api.call('devices.openDrawer', {});
      usePos.getState().notify('info', t('drawerSent'));
    });
  const plug = (out: boolean) =>
    run('plug', async () => {
      onDetail(await api.call(out ? 'devices.unplug' : 'devices.replug', { id: device.id }));
      usePos.getState().notify('info', t(out ? 'unplugged' : 'replugged'));
    });
  const setRole = (role: DeviceInfo['role']) =>
    run('role', async () => {
      onDetail(await api.call('devices.setRole', { id: device.id, role }));
      await usePos.getState().loadDevices();
    });

  // Pulled out by us and not put back yet: offer 插回.
  const lastPlug = detail?.timeline.filter((e) => e.kind === 'unplugged' || e.kind === 'replugged').at(-1);
  const isUnplugged = lastPlug?.kind === 'unplugged';
  const role = device.role;
  const isPrinter = role === 'printer';

  return (
    <div className="dev-detail" data-testid="device-detail" data-device-id={device.id}>
      <section className="dev-panel dev-head">
        <div className="dev-head-top">
          <span className={`dev-dot big ${device.status}`} />
          <h2 className="dev-title" title={device.name}>
            {device.name}
          </h2>
          {device.simulated && <span className="dev-tag">{c('simulated')}</span>}
          <span className={`dev-status ${device.status}`} data-testid="device-status">
            {c(`status.${device.status}`)}
          </span>
        </div>
        <div className="dev-head-meta">
          <label className="dev-role">
            {t('role')}
            <select value={role} disabled={busy === 'role'} onChange={(e) => void setRole(e.target.value as DeviceInfo['role'])}>
              {DEVICE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {c(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <span>
            {t('link')} <span className="mono">{t.pick(device.link)}</span>
          </span>
          <span className="muted dev-head-detail" title={t.pick(device.detail)}>
            {t.pick(device.detail)}
          </span>
        </div>
        <div className="dev-actions">
          {isPrinter && (
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void testPrint()} data-testid="test-print">
              {t('testPrint')}
            </button>
          )}
          {(isPrinter || role === 'cashDrawer') && (
            <button type="button" disabled={busy !== null} onClick={() => void openDrawer()} data-testid="open-drawer">
              {t('openDrawer')}
            </button>
          )}
          {role === 'scanner' && (
            <>
              <button type="button" onClick={() => beep()} data-testid="beep">
                {t('beep')}
              </button>
              <button type="button" className="primary" onClick={onCalibrate} data-testid="calibrate">
                {t('calibrate')}
              </button>
            </>
          )}
          {detail?.canUnplug && (
            <button
              type="button"
              className={isUnplugged ? 'dev-plug primary' : 'dev-plug danger'}
              disabled={busy !== null}
              onClick={() => void plug(!isUnplugged)}
              data-testid={isUnplugged ? 'replug' : 'unplug'}
            >
              {t(isUnplugged ? 'replug' : 'unplug')}
            </button>
          )}
        </div>
      </section>

      <div className="dev-cols">
        <div className="dev-col">
          {role === 'scanner' && <ScanTest calibratedAt={calibratedAt} />}
          {isPrinter && preview && (
            <section className="dev-panel dev-preview" aria-label={t('testPreview')}>
              <h3 className="dev-h">
                {t('testPreview')} <span className="dev-h-note mono">{preview.byteCount} {t('bytes')}</span>
              </h3>
              <div className="dev-tray">
                <img
                  className="dev-receipt"
                  data-testid="test-print-preview"
                  data-job-id={preview.jobId}
                  alt={t('testPreview')}
                  src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}`}
                />
              </div>
            </section>
          )}
          {isPrinter && <PrintQueue />}
          {isPrinter && device.simulated && <PrinterQa />}
          {detail && <SettingsForm detail={detail} onSaved={onDetail} />}
        </div>
        <div className="dev-col">
          {detail ? (
            <>
              <Timeline entries={detail.timeline} />
              <ByteLog entries={detail.byteLog} />
            </>
          ) : (
            <section className="dev-panel">
              <p className="muted">…</p>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
