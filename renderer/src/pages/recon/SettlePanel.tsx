/** 终端结算: settle the terminal's batch, compare with the journal, show the slip as printed. */
import type { SettlementResult } from '../../../../preload/contract';
import { commonText, reconText, type T, useT } from '../../i18n';
import { api, usePos } from '../../store';
import { useRecon } from './state';
import { errorText } from '../../api/client';
import { fenToYuan } from '../../../../drivers/shared/money';

type Scheme = 'domestic' | 'foreign';
const BLOCKS: Array<{ scheme: Scheme; bucket: 'debit' | 'credit' }> = [
  { scheme: 'domestic', bucket: 'debit' },
  { scheme: 'domestic', bucket: 'credit' },
  { scheme: 'foreign', bucket: 'debit' },
  { scheme: 'foreign', bucket: 'credit' },
];

type Rt = T<typeof reconText>;

async function runSettle(t: Rt): Promise<void> {
  useRecon.setState({ settleBusy: true });
  try {
    const settle = await api.call('settle.run', {});
    useRecon.setState({ settle });
    const pos = usePos.getState();
    if (settle.printError) pos.notify('error', t('printError', { error: settle.printError }));
    else pos.notify(settle.balanced ? 'success' : 'error', `${t('settleDone')} · ${settle.balanced ? t('balanced') : t('unbalanced')}`);
  } catch (err) {
    usePos.getState().notify('error', errorText(err));
  } finally {
    useRecon.setState({ settleBusy: false });
  }
}

/** 内卡借记 / Domestic debit: a settlement row's name. */
function label(t: Rt, scheme: string, bucket: string): string {
  return t('settleRow', { scheme: t.or(`scheme.${scheme}`, scheme), bucket: t.or(`bucket.${bucket}`, bucket) });
}

export function SettlePanel() {
  const t = useT(reconText);
  const settle = useRecon((s) => s.settle);
  const busy = useRecon((s) => s.settleBusy);
  return (
    <section className="rc-col rc-settle" aria-label={t('settleTitle')}>
      <div className="rc-head">
        <h2>{t('settleTitle')}</h2>
        <button type="button" className="primary rc-big-btn" data-testid="settle-run" disabled={busy} onClick={() => void runSettle(t)}>
          {busy ? t('settling') : t('settleRun')}
        </button>
      </div>
      <p className="rc-hint">{t('settleHint')}</p>
      {settle ? <SettleResult s={settle} t={t} /> : <p className="rc-empty">{t('noSettle')}</p>}
    </section>
  );
}

function SettleResult({ s, t }: { s: SettlementResult; t: Rt }) {
  const c = useT(commonText);
  const diffOf = (scheme: string, bucket: string) => s.differences.find((d) => d.scheme === scheme && d.bucket === bucket);
  const typeDiffs = s.differences.filter((d) => d.bucket !== 'debit' && d.bucket !== 'credit');
  return (
    <>
      <div className={s.balanced ? 'rc-verdict rc-ok' : 'rc-verdict rc-bad'} data-testid="settle-verdict" data-balanced={String(s.balanced)}>
        <span className="rc-verdict-word">{s.balanced ? t('balanced') : t('unbalanced')}</span>
        <span className="rc-verdict-meta">
          {t('batch')} <span className="mono">{s.batchNo}</span> · {t('responseCode')} <span className="mono">{s.responseCode}</span>
        </span>
      </div>
      <table className="rc-table" data-testid="settle-totals">
        <thead>
          <tr>
            <th rowSpan={2}>{t('colCategory')}</th>
            <th colSpan={2} className="rc-group">
              {t('terminal')}
            </th>
            <th colSpan={2} className="rc-group">
              {t('till')}
            </th>
            <th rowSpan={2}>{t('colResult')}</th>
          </tr>
          <tr>
            <th className="num">{t('colCountShort')}</th>
            <th className="num">{t('colAmountShort')}</th>
            <th className="num">{t('colCountShort')}</th>
            <th className="num">{t('colAmountShort')}</th>
          </tr>
        </thead>
        <tbody>
          {BLOCKS.map(({ scheme, bucket }) => {
            const term = s.terminal[scheme][bucket];
            const d = diffOf(scheme, bucket);
            return (
              <tr key={`${scheme}-${bucket}`} className={d ? 'rc-row-bad' : undefined}>
                <td>{label(t, scheme, bucket)}</td>
                <td className="num">{term.count}</td>
                <td className="num">{fenToYuan(term.amountFen)}</td>
                <td className="num">{d ? d.localCount : term.count}</td>
                <td className="num">{fenToYuan(d ? d.localFen : term.amountFen)}</td>
                <td className={d ? 'rc-bad-text' : 'rc-ok-text'}>{d ? t('notOk') : t('ok')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {typeDiffs.length > 0 && (
        <div className="rc-box rc-box-bad" data-testid="settle-differences">
          <h4>{t('differences')}</h4>
          <ul>
            {typeDiffs.map((d) => (
              <li key={`${d.scheme}-${d.bucket}`}>
                {label(t, d.scheme, d.bucket)}
                {c('colon')}
                {t('terminal')} {d.terminalCount} / ¥{fenToYuan(d.terminalFen)} · {t('till')} {d.localCount} / ¥{fenToYuan(d.localFen)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {s.warnings.length > 0 && (
        <div className="rc-box rc-box-warn" data-testid="settle-warnings">
          <h4>{t('warnings')}</h4>
          <ul>
            {s.warnings.map((w) => (
              <li key={w}>{t.pick(w)}</li>
            ))}
          </ul>
        </div>
      )}
      <h3 className="rc-sub">{t('slip')}</h3>
      <div className="rc-paper">
        {s.receipt ? (
          <img
            className="rc-slip"
            data-testid="settle-slip"
            alt={t('slip')}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(s.receipt.svg)}`}
          />
        ) : (
          <p className="rc-bad-text">{s.printError ? t('printError', { error: s.printError }) : t('slipNone')}</p>
        )}
      </div>
    </>
  );
}
