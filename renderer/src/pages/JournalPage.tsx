import { useEffect, useState } from 'react';
import type { Order } from '../../../preload/api';
import { ReceiptPanel } from '../components/ReceiptPanel';
import { formatQty, formatYuan, type MessageKey, STATE_KEY } from '../i18n';
import { usePos } from '../store';
import { useT } from '../useT';

const STATUS_KEY: Record<Order['status'], MessageKey> = {
  completed: 'statusCompleted',
  open: 'statusOpen',
  cancelled: 'statusCancelled',
  voided: 'statusVoided',
};

function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function JournalPage() {
  const t = useT();
  const journal = usePos((s) => s.journal);
  const lang = usePos((s) => s.lang);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    void usePos.getState().loadJournal();
  }, []);
  const selected = journal.find((o) => o.orderNo === open) ?? null;
  return (
    <div className="journal">
      <section className="journal-list">
        {journal.length === 0 ? (
          <p className="muted big">{t('journalEmpty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('orderNo')}</th>
                <th>{t('time')}</th>
                <th>{t('tender')}</th>
                <th className="num">{t('total')}</th>
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
                  <td>{o.payments.map((p) => t(p.tender)).join(' + ')}</td>
                  <td className="num">¥{formatYuan(o.totalFen)}</td>
                  <td>{t(STATUS_KEY[o.status])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <aside className="journal-detail">
        {selected && (
          <div className="order-detail" data-testid="order-detail">
            <h3>
              {t('orderNo')} {selected.orderNo}
            </h3>
            <ul className="plain">
              {selected.lines.map((l) => (
                <li key={l.lineId}>
                  <span>{lang === 'zh' ? l.nameZh : l.nameEn}</span>
                  <span className="muted"> × {formatQty(l.qtyMilli)}</span>
                  <span className="num right">¥{formatYuan(l.amountFen)}</span>
                </li>
              ))}
            </ul>
            {selected.payments.map((p) => (
              <div key={p.id} className="payment">
                <strong>{t(p.tender)}</strong> ¥{formatYuan(p.amountFen)}
                {p.tenderedFen !== null && (
                  <span className="muted">
                    {' '}
                    · {t('tendered')} ¥{formatYuan(p.tenderedFen)} · {t('change')} ¥{formatYuan(p.changeFen)}
                  </span>
                )}
                <ol className="events">
                  {p.events.map((e) => (
                    <li key={`${e.at}-${e.toState}`}>
                      {e.fromState ? t(STATE_KEY[e.fromState]) : '∅'} → {t(STATE_KEY[e.toState])} <span className="muted">{localTime(e.at)}</span>
                    </li>
                  ))}
                </ol>
              </div>
            ))}
            <button type="button" onClick={() => void usePos.getState().reprint(selected.orderNo)}>
              {t('reprint')}
            </button>
          </div>
        )}
        <ReceiptPanel />
      </aside>
    </div>
  );
}
