import { useEffect, useState } from 'react';
import type { ShiftSummary } from '../../../preload/contract';
import { journalText, tenderText, useT } from '../i18n';
import { api, usePos } from '../store';
import { fenToYuan, parseYuan } from '../../../drivers/shared/money';

/** 交班: the open shift's totals, the cash counted in the drawer, and the close. */
export function ShiftPanel() {
  const t = useT(journalText);
  const tender = useT(tenderText);
  const [shift, setShift] = useState<ShiftSummary | null>(null);
  const [counted, setCounted] = useState('');
  const [busy, setBusy] = useState(false);
  // Reloaded whenever the journal is: a refund or void changes the shift's totals too.
  const journal = usePos((s) => s.journal);
  const load = () => void api.call('shift.current', {}).then(setShift, () => undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: journal is the trigger, not an input
  useEffect(load, [journal]);
  if (!shift) return null;
  const close = async () => {
    const fen = counted.trim() === '' ? undefined : parseYuan(counted);
    if (fen === null) return;
    setBusy(true);
    try {
      const r = await api.call('shift.close', fen === undefined ? {} : { countedCashFen: fen });
      if (r.receipt) usePos.setState({ receipt: r.receipt });
      usePos.getState().notify(r.printError ? 'error' : 'success', r.printError ?? t('shiftClosed', { shiftNo: r.summary.shiftNo }));
      setCounted('');
      load();
    } catch (err) {
      usePos.getState().notify('error', err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="shift-panel" data-testid="shift-panel">
      <h3>
        {t('shift')} {shift.shiftNo}
      </h3>
      <div className="row">
        <span>{t('shiftSales')}</span>
        <span className="num" data-testid="shift-sales">
          {shift.orderCount} · ¥{fenToYuan(shift.salesFen)}
        </span>
      </div>
      {shift.byTender.map((b) => (
        <div className="row muted" key={b.tender}>
          <span>{tender(b.tender)}</span>
          <span className="num">
            {b.count} · ¥{fenToYuan(b.amountFen)}
          </span>
        </div>
      ))}
      {shift.refundCount > 0 && (
        <div className="row" data-testid="shift-refunds">
          <span>{t('refund')}</span>
          <span className="num">
            {shift.refundCount} · -¥{fenToYuan(shift.refundFen)}
          </span>
        </div>
      )}
      <div className="row">
        <span>{t('expectedCash')}</span>
        <span className="num">¥{fenToYuan(shift.expectedCashFen)}</span>
      </div>
      <div className="row">
        <input data-testid="counted-cash" className="num" placeholder={t('countedCash')} value={counted} onChange={(e) => setCounted(e.target.value)} />
        <button type="button" data-testid="close-shift" disabled={busy} onClick={() => void close()}>
          {t('closeShift')}
        </button>
      </div>
    </section>
  );
}
