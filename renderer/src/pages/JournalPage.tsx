import { useEffect, useState } from 'react';
import type { Order } from '../../../preload/contract';
import { ReceiptPanel } from '../components/ReceiptPanel';
import { ShiftPanel } from '../components/ShiftPanel';
import { commonText, journalText, tenderText, useT } from '../i18n';
import { usePos } from '../store';
import { fenToYuan, formatQty, parseYuan } from '../../../drivers/shared/money';

function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Refund part or all of one approved payment (the channel's own refund: card 退货, QR refund). */
function RefundRow({ orderNo, payment }: { orderNo: string; payment: Order['payments'][number] }) {
  const t = useT(journalText);
  const left = payment.amountFen - payment.refundedFen;
  const [text, setText] = useState(fenToYuan(left));
  const fen = parseYuan(text);
  return (
    <div className="refund-row">
      <input data-testid="refund-amount" className="num" value={text} onChange={(e) => setText(e.target.value)} aria-label={t('refundAmount')} />
      <button
        type="button"
        data-testid="refund"
        disabled={fen === null || fen <= 0 || fen > left}
        onClick={() => fen !== null && void usePos.getState().refund(orderNo, payment.id, fen)}
      >
        {t('refund')}
      </button>
    </div>
  );
}

export function JournalPage() {
  const t = useT(journalText);
  const c = useT(commonText);
  const tender = useT(tenderText);
  const journal = usePos((s) => s.journal);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    void usePos.getState().loadJournal();
  }, []);
  const selected = journal.find((o) => o.orderNo === open) ?? null;
  return (
    <div className="journal">
      <section className="journal-list">
        {journal.length === 0 ? (
          <p className="muted big journal-empty">{t('journalEmpty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{c('orderNo')}</th>
                <th>{t('time')}</th>
                <th>{t('tender')}</th>
                <th className="num">{c('total')}</th>
                <th>{t('status')}</th>
              </tr>
            </thead>
            <tbody data-testid="journal-rows">
              {journal.map((o) => (
                <tr
                  key={o.orderNo}
                  data-testid="journal-row"
                  data-order-no={o.orderNo}
                  className={o.orderNo === open ? 'selected' : undefined}
                  onClick={() => {
                    setOpen(o.orderNo);
                    void usePos.getState().showReceipt(o.orderNo);
                  }}
                >
                  <td className="mono">{o.orderNo}</td>
                  <td>{localTime(o.createdAt)}</td>
                  <td>{o.payments.map((p) => tender(p.tender)).join(' + ')}</td>
                  <td className="num">¥{fenToYuan(o.totalFen)}</td>
                  <td>{t(`order.${o.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <aside className="journal-detail">
        <ShiftPanel />
        {selected && (
          <div className="order-detail" data-testid="order-detail">
            <h3>
              {c('orderNo')} {selected.orderNo}
            </h3>
            <ul className="plain">
              {selected.lines.map((l) => (
                <li key={l.lineId}>
                  <span>{t.nameOf(l)}</span>
                  <span className="muted"> × {formatQty(l.qtyMilli)}</span>
                  <span className="num right">¥{fenToYuan(l.amountFen)}</span>
                </li>
              ))}
            </ul>
            {selected.payments.map((p) => (
              <div key={p.id} className="payment" data-testid="journal-payment" data-tender={p.tender} data-state={p.state}>
                <strong>{tender(p.tender)}</strong> ¥{fenToYuan(p.amountFen)} · {c(`state.${p.state}`)}
                {p.refundedFen > 0 && (
                  <span className="muted">
                    {' '}
                    · {t('refunded')} ¥{fenToYuan(p.refundedFen)}
                  </span>
                )}
                {p.tenderedFen !== null && (
                  <span className="muted">
                    {' '}
                    · {c('tendered')} ¥{fenToYuan(p.tenderedFen)} · {c('change')} ¥{fenToYuan(p.changeFen)}
                  </span>
                )}
                {selected.status === 'completed' && p.state === 'approved' && p.refundedFen < p.amountFen && <RefundRow orderNo={selected.orderNo} payment={p} />}
                <ol className="events">
                  {p.events.map((e) => (
                    // A note on a leg that kept its state (a refund, a reversal sent) is told in
                    // words; a change of state shows as from → to, its raw detail on hover.
                    <li key={`${e.at}-${e.toState}-${e.detail ?? ''}`} title={e.detail ?? undefined} data-testid="payment-event">
                      {e.fromState === e.toState && e.detail ? (
                        t.pick(e.detail)
                      ) : (
                        <>
                          {e.fromState ? c(`state.${e.fromState}`) : '∅'} → {c(`state.${e.toState}`)}
                        </>
                      )}{' '}
                      <span className="muted">{localTime(e.at)}</span>
                    </li>
                  ))}
                </ol>
              </div>
            ))}
            <div className="row gap">
              <button type="button" onClick={() => void usePos.getState().reprint(selected.orderNo)}>
                {t('reprint')}
              </button>
              {(selected.status === 'voided' || selected.payments.some((p) => p.refundedFen > 0)) && (
                <button type="button" data-testid="reprint-refund" onClick={() => void usePos.getState().reprintRefund(selected.orderNo)}>
                  {t('reprintRefund')}
                </button>
              )}
              {selected.status === 'completed' && selected.payments.every((p) => p.refundedFen === 0) && (
                <button
                  type="button"
                  className="danger"
                  data-testid="void-order"
                  onClick={() => {
                    if (window.confirm(t('voidConfirm'))) void usePos.getState().voidOrder(selected.orderNo);
                  }}
                >
                  {t('voidOrder')}
                </button>
              )}
            </div>
          </div>
        )}
        <ReceiptPanel />
      </aside>
    </div>
  );
}
