import { useState } from 'react';
import type { SimState } from '../../../../preload/contract';
import { simulatorText, useT } from '../../i18n';
import { api, usePos } from '../../store';
import { simCall } from './useSim';
import { codeMeaning, codeText, DECLINE_CODES, OUTCOME_CODES } from './codes';
import { fenToYuan } from '../../../../drivers/shared/money';

type Pending = SimState['pending'][number];

/** Held transactions with big Approve / Decline buttons, and the next-outcome preset. */
export function PendingPanel({ sim, onState }: { sim: SimState; onState: (s: SimState) => void }) {
  const t = useT(simulatorText);
  return (
    <section className="sim-panel sim-pending" data-testid="sim-pending">
      <header className="sim-panel-head">
        <h3>{t('pendingTitle')}</h3>
        <span className={`sim-mode ${sim.manual ? 'manual' : ''}`} title={sim.manual ? t('manualHint') : t('autoHint')}>
          {sim.manual ? t('manualOn') : t('manualOff')}
        </span>
      </header>
      <div className="sim-pending-list">
        {sim.pending.length === 0 ? (
          <div className="sim-empty">
            <div>{t('pendingNone')}</div>
            <div className="sim-small">{sim.manual ? t('manualHint') : t('pendingNoneAuto')}</div>
          </div>
        ) : (
          sim.pending.map((p) => <PendingRow key={p.id} p={p} onState={onState} />)
        )}
      </div>
      <NextOutcome sim={sim} onState={onState} />
    </section>
  );
}

function PendingRow({ p, onState }: { p: Pending; onState: (s: SimState) => void }) {
  const t = useT(simulatorText);
  const [code, setCode] = useState<string>('51');
  const [busy, setBusy] = useState(false);
  const decide = async (responseCode: string) => {
    setBusy(true);
    const s = await simCall(() => api.call('sim.decide', { id: p.id, responseCode }));
    setBusy(false);
    if (!s) return;
    onState(s);
    usePos.getState().notify(responseCode === '00' ? 'success' : 'info', t(responseCode === '00' ? 'approvedToast' : 'declinedToast', { id: p.id, amount: fenToYuan(p.amountFen), code: codeText(t, responseCode) }));
  };
  return (
    <div className="sim-pending-row" data-testid="sim-pending-row" data-id={p.id}>
      <div className="sim-pending-info">
        <span className="sim-pending-amount" data-testid="sim-pending-amount">
          ¥{fenToYuan(p.amountFen)}
        </span>
        <span className="sim-pending-kind">{t.or(`kind.${p.kind}`, p.kind)}</span>
        <span className="sim-small sim-mono">
          {t('trace_')} {p.id} · {t('order')} {p.orderNo}
        </span>
      </div>
      <div className="sim-pending-actions">
        <button type="button" className="sim-approve" data-testid="sim-approve" disabled={busy} onClick={() => void decide('00')}>
          {t('approve')}
        </button>
        <select className="sim-select" aria-label={t('declineWith')} title={t('declineWith')} value={code} onChange={(e) => setCode(e.target.value)} data-testid="sim-decline-code">
          {DECLINE_CODES.map((c) => (
            <option key={c} value={c}>
              {codeText(t, c)}
            </option>
          ))}
        </select>
        <button type="button" className="sim-decline" data-testid="sim-decline" disabled={busy} onClick={() => void decide(code)}>
          {t('decline')}
        </button>
      </div>
    </div>
  );
}

function NextOutcome({ sim, onState }: { sim: SimState; onState: (s: SimState) => void }) {
  const t = useT(simulatorText);
  const [code, setCode] = useState<string>('51');
  const [times, setTimes] = useState(1);
  const set = async () => {
    const s = await simCall(() => api.call('sim.nextOutcome', { responseCode: code, times }));
    if (!s) return;
    onState(s);
    usePos.getState().notify('info', t('nextQueued', { times, code: codeText(t, code) }));
  };
  return (
    <div className="sim-next" data-testid="sim-next">
      <div className="sim-next-row">
        <span className="sim-label">{t('nextTitle')}</span>
        <select className="sim-select" aria-label={t('nextCode')} value={code} onChange={(e) => setCode(e.target.value)} data-testid="sim-next-code">
          {OUTCOME_CODES.map((c) => (
            <option key={c} value={c}>
              {codeText(t, c)}
            </option>
          ))}
        </select>
        <label className="sim-times">
          ×
          <input type="number" min={1} max={100} value={times} aria-label={t('times')} onChange={(e) => setTimes(Math.min(100, Math.max(1, Math.floor(Number(e.target.value) || 1))))} />
          {t('times')}
        </label>
        <button type="button" className="primary" data-testid="sim-next-set" onClick={() => void set()}>
          {t('setNext')}
        </button>
      </div>
      <div className="sim-queued" data-testid="sim-queued-outcomes">
        <span className="sim-label">{t('queuedOutcomes')}</span>
        {sim.queued.outcomes.length === 0 ? (
          <span className="sim-muted">{t('none')}</span>
        ) : (
          sim.queued.outcomes.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a queue of repeated codes; position is the identity
            <span key={`${c}-${i}`} className={`sim-chip ${c === '00' ? 'ok' : 'bad'}`} title={codeMeaning(t, c)}>
              {codeText(t, c)}
            </span>
          ))
        )}
      </div>
    </div>
  );
}
