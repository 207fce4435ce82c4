import type { Payment } from '../../../preload/contract';
import { commonText, counterText, tenderText, useT } from '../i18n';
import { usePos } from '../store';
import { fenToYuan } from '../../../drivers/shared/money';

const TONE: Partial<Record<Payment['state'], string>> = { approved: 'ok', declined: 'bad', unknown: 'warn', reversed: 'muted', closed: 'muted', cancelled: 'muted' };

/** The order being paid: its legs so far, what is still due, and how to cancel it. */
export function OrderPanel() {
  const t = useT(counterText);
  const c = useT(commonText);
  const tender = useT(tenderText);
  const order = usePos((s) => s.checkout.openOrder);
  const busy = usePos((s) => s.busy);
  if (!order) return null;
  return (
    <section className="order-panel" data-testid="open-order">
      <div className="row">
        <strong>
          {c('orderNo')} {order.orderNo}
        </strong>
        <button type="button" className="danger" data-testid="cancel-order" disabled={busy} onClick={() => void usePos.getState().cancelOrder()}>
          {t('cancelOrder')}
        </button>
      </div>
      <ul className="legs">
        {order.payments.map((p) => (
          <li key={p.id} data-testid="leg" data-state={p.state} className={TONE[p.state] ?? ''}>
            <span>{tender(p.tender)}</span>
            <span className="num">¥{fenToYuan(p.amountFen)}</span>
            <span>{c(`state.${p.state}`)}</span>
          </li>
        ))}
      </ul>
      <div className="row big">
        <span>{t('paidSoFar')}</span>
        <span className="num">¥{fenToYuan(order.paidFen)}</span>
      </div>
      <div className="row big due">
        <span>{t('stillDue')}</span>
        <span className="num" data-testid="due">
          ¥{fenToYuan(order.dueFen)}
        </span>
      </div>
    </section>
  );
}

/** Payments whose result is not known yet: the cashier queries, PosDesk confirms or reverses. */
export function InDoubtPanel() {
  const t = useT(counterText);
  const tender = useT(tenderText);
  const inDoubt = usePos((s) => s.checkout.inDoubt);
  if (inDoubt.length === 0) return null;
  return (
    <section className="in-doubt" data-testid="in-doubt" role="alert">
      <h4>{t('inDoubtTitle')}</h4>
      <p className="small">{t('inDoubtHint')}</p>
      {inDoubt.map((d) => (
        <div key={d.paymentId} className="row">
          <span>
            {tender(d.tender)} ¥{fenToYuan(d.amountFen)} · {d.orderNo}
          </span>
          <button type="button" data-testid="query-payment" onClick={() => void usePos.getState().queryPayment(d.paymentId)}>
            {t('queryNow')}
          </button>
        </div>
      ))}
    </section>
  );
}

/** What crash recovery found and settled at this start. */
export function RecoveredBanner() {
  const t = useT(counterText);
  const c = useT(commonText);
  const tender = useT(tenderText);
  const recovered = usePos((s) => s.checkout.recovered);
  const dismissed = usePos((s) => s.recoveredSeen);
  if (recovered.length === 0 || dismissed) return null;
  return (
    <section className="recovered" data-testid="recovered" role="status">
      <div className="row">
        <strong>
          {t('recoveredTitle')} ({recovered.length})
        </strong>
        <button type="button" onClick={() => usePos.setState({ recoveredSeen: true })}>
          ×
        </button>
      </div>
      <ul>
        {recovered.map((r) => (
          <li key={r.paymentId}>
            {r.orderNo} · {tender(r.tender)} ¥{fenToYuan(r.amountFen)}: {c(`state.${r.from}`)} → {c(`state.${r.to}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
