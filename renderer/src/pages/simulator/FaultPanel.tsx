import { useState } from 'react';
import type { SimState } from '../../../../preload/contract';
import { simulatorText, useT } from '../../i18n';
import { api, usePos } from '../../store';
import { simCall } from './useSim';

/** One button per fault the simulator knows; each click queues it for the coming transactions. */
export function FaultPanel({ sim, onState, onReset }: { sim: SimState; onState: (s: SimState) => void; onReset: () => void }) {
  const t = useT(simulatorText);
  const [times, setTimes] = useState(1);
  const queued = new Map<string, number>();
  for (const f of sim.queued.faults) queued.set(f, (queued.get(f) ?? 0) + 1);

  const arm = async (fault: string) => {
    const s = await simCall(() => api.call('sim.fault', { fault, times }));
    if (!s) return;
    onState(s);
    usePos.getState().notify('info', t('faultQueued', { fault: t.or(`fault.${fault}`, fault), times }));
  };
  const reset = async (wipeState: boolean) => {
    if (wipeState && !window.confirm(t('wipeConfirm'))) return;
    const s = await simCall(() => api.call('sim.reset', { wipeState }));
    if (!s) return;
    onState(s);
    onReset();
    usePos.getState().notify('success', wipeState ? t('wipeDone') : t('resetDone'));
  };

  return (
    <section className="sim-panel sim-faults" data-testid="sim-faults">
      <header className="sim-panel-head">
        <h3>{t('faultsTitle')}</h3>
        {sim.queued.faults.length > 0 && (
          <span className="sim-queued-count" data-testid="sim-queued-faults">
            {t('queuedFaults')} {sim.queued.faults.length}
          </span>
        )}
      </header>
      <div className="sim-fault-grid">
        {sim.faultKinds.map((f) => {
          const n = queued.get(f) ?? 0;
          return (
            <button
              key={f}
              type="button"
              className={`sim-fault ${n > 0 ? 'armed' : ''}`}
              data-testid="sim-fault"
              data-fault={f}
              aria-pressed={n > 0}
              title={`${f}: ${t.or(`faultHint.${f}`, '')}`}
              onClick={() => void arm(f)}
            >
              <span className="sim-fault-name">
                {t.or(`fault.${f}`, f)}
                {n > 0 && <span className="sim-fault-count">×{n}</span>}
              </span>
              <span className="sim-fault-id">{f}</span>
            </button>
          );
        })}
      </div>
      <div className="sim-fault-foot">
        <label className="sim-fault-times">
          <span className="sim-small sim-muted">{t('faultsHint')}</span>
          <input type="number" min={1} max={100} value={times} aria-label={t('faultTimes')} onChange={(e) => setTimes(Math.min(100, Math.max(1, Math.floor(Number(e.target.value) || 1))))} />
          <span className="sim-small sim-muted">{t('faultTimes')}</span>
        </label>
        <div className="sim-fault-actions">
          <button type="button" data-testid="sim-reset" onClick={() => void reset(false)}>
            {t('resetQueue')}
          </button>
          <button type="button" className="danger" data-testid="sim-wipe" onClick={() => void reset(true)}>
            {t('wipe')}
          </button>
        </div>
      </div>
    </section>
  );
}
