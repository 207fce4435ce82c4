import { useEffect } from 'react';
import { bilingual, commonText, counterText, useT } from './i18n';
import { Clock } from './components/Clock';
import { NoticeBar } from './components/NoticeBar';
import { CounterPage } from './pages/CounterPage';
import { CustomerView } from './pages/CustomerView';
import { DevicesPage } from './pages/DevicesPage';
import { JournalPage } from './pages/JournalPage';
import { QueuePage } from './pages/QueuePage';
import { ReconPage } from './pages/ReconPage';
import { SettingsPage } from './pages/SettingsPage';
import { SimulatorPage } from './pages/SimulatorPage';
import { insertIntoField, attachScanner } from './scanner';
import { type Page, usePos } from './store';

const PAGES: Array<{ id: Page; key: 'navCounter' | 'navJournal' | 'navDevices' | 'navSimulator' | 'navQueue' | 'navRecon' | 'navSettings' }> = [
  { id: 'counter', key: 'navCounter' },
  { id: 'journal', key: 'navJournal' },
  { id: 'devices', key: 'navDevices' },
  { id: 'simulator', key: 'navSimulator' },
  { id: 'queue', key: 'navQueue' },
  { id: 'recon', key: 'navRecon' },
  { id: 'settings', key: 'navSettings' },
];

export function App() {
  if (new URLSearchParams(location.search).get('view') === 'customer') return <CustomerView />;
  return <CounterApp />;
}

function CounterApp() {
  const t = useT(commonText);
  const page = usePos((s) => s.page);
  const info = usePos((s) => s.info);
  const connection = usePos((s) => s.connection);
  const devices = usePos((s) => s.devices);
  const voice = usePos((s) => s.voice);
  const queue = usePos((s) => s.queue);

  // Re-attached when the calibration wizard saves new settings (scannerRevision bumps).
  const scannerRevision = usePos((s) => s.scannerRevision);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-attach on a new calibration
  useEffect(
    () =>
      attachScanner({
        onScan: (code) => {
          const s = usePos.getState();
          if (s.scanTarget) s.scanTarget(code);
          else if (s.dialog) s.notify('error', bilingual(counterText, 'finishDialog', { code }));
          else {
            if (s.page !== 'counter') s.setPage('counter');
            void s.scan(code);
          }
        },
        onText: (text, target) => insertIntoField(target, text),
        rawKeys: () => usePos.getState().rawKeyTarget,
      }),
    [scannerRevision],
  );

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo">PosDesk</span>
          <span className="store">{info?.storeName ?? ''}</span>
        </div>
        <nav>
          {PAGES.map((p) => (
            <button key={p.id} type="button" className={page === p.id ? 'tab active' : 'tab'} onClick={() => usePos.getState().setPage(p.id)}>
              {t(p.key)}
            </button>
          ))}
        </nav>
        <div className="status">
          {devices.map((d) => (
            <span key={d.id} className={`device-pill ${d.status}`} title={`${d.name}: ${t(`status.${d.status}`)} ${t.pick(d.detail)}`}>
              <span className="dot" />
              <span className="label">{t(`role.${d.role}`)}</span>
            </span>
          ))}
          {queue && (
            <button type="button" className={`hq-pill ${queue.online === false ? 'offline' : queue.online ? 'online' : 'local'}`} data-testid="hq-status" onClick={() => usePos.getState().setPage('queue')}>
              {queue.online === false ? t('hqOffline') : queue.configured ? t('hqOnline') : t('hqLocal')}
              {queue.pending > 0 && ` · ${t('pendingEvents', { n: queue.pending })}`}
            </button>
          )}
          <span className={`conn ${connection}`}>{connection === 'open' ? t('connected') : t('connecting')}</span>
          <span className="cashier">
            {t('cashier')} {info?.cashier ?? ''}
          </span>
          <Clock />
          <label className="voice">
            <input type="checkbox" checked={voice} onChange={(e) => usePos.getState().setVoice(e.target.checked)} /> {t('voice')}
          </label>
          <button type="button" className="lang" onClick={() => usePos.getState().setLang(t.lang === 'zh' ? 'en' : 'zh')}>
            {t('otherLang')}
          </button>
        </div>
      </header>
      <NoticeBar />
      <main className="page">
        {page === 'counter' && <CounterPage />}
        {page === 'journal' && <JournalPage />}
        {page === 'devices' && <DevicesPage />}
        {page === 'simulator' && <SimulatorPage />}
        {page === 'queue' && <QueuePage />}
        {page === 'recon' && <ReconPage />}
        {page === 'settings' && <SettingsPage />}
      </main>
    </div>
  );
}
