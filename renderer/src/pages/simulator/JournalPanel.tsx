import type { SimState } from '../../../../preload/contract';
import { simulatorText, useT } from '../../i18n';
import { codeMeaning } from './codes';
import { fenToYuan } from '../../../../drivers/shared/money';

/** The terminal's own counters and journal (newest first), as the device keeps them. */
export function JournalPanel({ sim }: { sim: SimState }) {
  const t = useT(simulatorText);
  const c = sim.counters;
  // A held sale is journalled provisionally (L6 unknown) until QA decides it.
  const held = new Set(sim.pending.map((p) => p.id));
  return (
    <section className="sim-panel sim-journal" data-testid="sim-journal">
      <header className="sim-panel-head">
        <h3>{t('journalTitle')}</h3>
      </header>
      <dl className="sim-counters" data-testid="sim-counters">
        <div>
          <dt>{t('trace')}</dt>
          <dd className="sim-mono">{String(c.trace).padStart(6, '0')}</dd>
        </div>
        <div>
          <dt>{t('batch')}</dt>
          <dd className="sim-mono">{String(c.batch).padStart(6, '0')}</dd>
        </div>
        <div>
          <dt>{t('reference')}</dt>
          <dd className="sim-mono">{c.reference}</dd>
        </div>
        <div>
          <dt>{t('signedIn')}</dt>
          <dd className={c.signedInDay ? '' : 'sim-warn'}>{c.signedInDay ?? t('notSignedIn')}</dd>
        </div>
      </dl>
      <div className="sim-journal-list">
        {sim.journal.length === 0 ? (
          <div className="sim-empty">{t('journalNone')}</div>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('colKind')}</th>
                <th className="num">{t('colAmount')}</th>
                <th>{t('colCode')}</th>
              </tr>
            </thead>
            <tbody>
              {sim.journal.map((j) => (
                <tr key={`${j.traceNo}-${j.kind}-${j.orderNo}`} data-testid="sim-journal-row" data-code={j.responseCode} className={j.voided || j.reversed ? 'sim-struck' : ''}>
                  <td>
                    <div className="sim-journal-kind">
                      {t.or(`kind.${j.kind}`, j.kind)}
                      <span className="sim-small sim-mono sim-muted">#{j.traceNo || '—'}</span>
                      {j.voided && <span className="sim-tag">{t('voided')}</span>}
                      {j.reversed && <span className="sim-tag">{t('reversed')}</span>}
                    </div>
                    {j.maskedPan && (
                      <div className="sim-journal-sub sim-mono sim-muted sim-ell" title={j.maskedPan}>
                        {j.maskedPan}
                      </div>
                    )}
                    <div className="sim-journal-sub sim-mono sim-muted sim-ell">{j.orderNo}</div>
                  </td>
                  <td className="num sim-journal-amount">¥{fenToYuan(j.amountFen)}</td>
                  {held.has(j.traceNo) ? (
                    <td className="sim-warn">{t('awaiting')}</td>
                  ) : (
                    <td className={j.responseCode === '00' ? 'sim-ok' : 'sim-bad'}>
                      <div className="sim-mono">{j.responseCode}</div>
                      <div className="sim-small">{codeMeaning(t, j.responseCode)}</div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
