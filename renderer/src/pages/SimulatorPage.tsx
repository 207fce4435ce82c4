/**
 * 终端模拟: QA plays the POS vendor's payment terminal. The terminal's screen, the sales held
 * for a manual decision (approve / decline with a chosen code), the next-outcome preset, the
 * fault switches, the terminal's counters and journal, and the byte transcript both ways.
 */
import type { SimState } from '../../../preload/contract';
import { simulatorText, useT } from '../i18n';
import { FaultPanel } from './simulator/FaultPanel';
import { JournalPanel } from './simulator/JournalPanel';
import { PendingPanel } from './simulator/PendingPanel';
import { shortName, TerminalScreen } from './simulator/TerminalScreen';
import { TranscriptPanel } from './simulator/TranscriptPanel';
import { useSim } from './simulator/useSim';
import './simulator/simulator.css';

export function SimulatorPage() {
  const t = useT(simulatorText);
  const { state, setState, loadError, reload, rows, dropped, clearRows } = useSim();

  if (!state) {
    return (
      <div className="sim-page sim-page-empty" data-testid="simulator-page">
        <div className="sim-panel sim-unavailable">
          {loadError ? (
            <>
              <h3>{t('notSim')}</h3>
              <p className="sim-bad">{loadError}</p>
              <button type="button" onClick={() => void reload()}>
                {t('retry')}
              </button>
            </>
          ) : (
            <p className="sim-muted">{t('loading')}</p>
          )}
        </div>
      </div>
    );
  }

  const onState = (s: SimState) => setState(s);
  return (
    <div className="sim-page" data-testid="simulator-page">
      <div className="sim-device">
        <TerminalScreen sim={state} />
        <LinkInfo sim={state} />
        <JournalPanel sim={state} />
      </div>
      <PendingPanel sim={state} onState={onState} />
      <FaultPanel sim={state} onState={onState} onReset={clearRows} />
      <TranscriptPanel rows={rows} dropped={dropped} vendor={state.vendor} />
    </div>
  );
}

function LinkInfo({ sim }: { sim: SimState }) {
  const t = useT(simulatorText);
  const up = sim.connections > 0;
  return (
    <dl className="sim-link" data-testid="sim-link">
      <div>
        <dt>{t('vendor')}</dt>
        <dd title={sim.displayName}>
          {shortName(sim.displayName)} <span className="sim-muted sim-mono">{sim.vendor}</span>
        </dd>
      </div>
      <div>
        <dt>{t('linkKind')}</dt>
        <dd className="sim-mono">{sim.link}</dd>
      </div>
      <div>
        <dt>{t('address')}</dt>
        <dd className="sim-mono" title={sim.address}>
          {sim.address}
        </dd>
      </div>
      <div>
        <dt>{t('connections')}</dt>
        <dd className={up ? 'sim-ok' : 'sim-bad'}>
          {sim.connections} · {up ? t('connected') : t('disconnected')}
        </dd>
      </div>
    </dl>
  );
}
