/**
 * Devices (设备): every device with its status light and role; the selected one's test
 * actions, settings, timeline and byte log; the printer's job queue; the pole display;
 * and the scanner calibration wizard.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceDetail } from '../../../preload/contract';
import { devicesText, useT } from '../i18n';
import { api, usePos } from '../store';
import { CalibrationWizard } from './devices/CalibrationWizard';
import { loadCalibration } from './devices/calibration-store';
import { DeviceDetailView } from './devices/DeviceDetailView';
import { DeviceList } from './devices/DeviceList';
import { PoleDisplay } from './devices/PoleDisplay';
import './devices/devices.css';
import { errorText } from '../api/client';

/** The timeline and byte log have no push event of their own: re-read them this often. */
const DETAIL_POLL_MS = 1500;
/** The device last looked at, kept while the cashier visits other pages. */
let lastSelected: string | null = null;

export function DevicesPage() {
  const t = useT(devicesText);
  const devices = usePos((s) => s.devices);
  const [selected, setSelectedState] = useState<string | null>(lastSelected);
  const setSelected = useCallback((id: string) => {
    lastSelected = id;
    setSelectedState(id);
  }, []);
  const [detail, setDetail] = useState<DeviceDetail | null>(null);
  const [wizard, setWizard] = useState(false);
  const [calibratedAt, setCalibratedAt] = useState<string | null>(() => loadCalibration()?.calibratedAt ?? null);

  const current = devices.find((d) => d.id === selected) ?? devices[0] ?? null;
  const currentId = current?.id ?? null;

  const shown = useRef<string | null>(null);
  shown.current = currentId;
  const load = useCallback(async (id: string, quiet = false) => {
    try {
      const d = await api.call('devices.detail', { id });
      if (shown.current === id) setDetail(d); // a late answer for another device is dropped
    } catch (err) {
      if (!quiet) usePos.getState().notify('error', errorText(err));
    }
  }, []);

  useEffect(() => {
    if (!currentId) return;
    setDetail(null);
    void load(currentId);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load(currentId, true);
    }, DETAIL_POLL_MS);
    const off = api.on('device.status', (d) => {
      if (d.id === currentId) void load(currentId);
    });
    return () => {
      clearInterval(timer);
      off();
    };
  }, [currentId, load]);

  const closeWizard = useCallback(() => {
    setWizard(false);
    setCalibratedAt(loadCalibration()?.calibratedAt ?? null);
  }, []);

  const scanner = devices.find((d) => d.role === 'scanner') ?? null;

  return (
    <div className="dev-page">
      <aside className="dev-side">
        <DeviceList devices={devices} selected={currentId} onSelect={setSelected} />
        <PoleDisplay />
      </aside>
      <div className="dev-main">
        {current ? (
          <DeviceDetailView
            key={current.id}
            device={current}
            detail={detail?.device.id === current.id ? detail : null}
            onDetail={setDetail}
            onCalibrate={() => setWizard(true)}
            calibratedAt={calibratedAt}
          />
        ) : (
          <section className="dev-panel">
            <p className="muted">{t('noDevices')}</p>
          </section>
        )}
      </div>
      {wizard && <CalibrationWizard scannerId={scanner?.id ?? null} onClose={closeWizard} />}
    </div>
  );
}
