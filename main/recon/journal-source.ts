/**
 * The store's journal as the reconciliation engine wants it (plain LocalPayment rows),
 * read from the counter's SQLite file. Returns a superset around the day; the engine
 * keeps what falls on the day in store time (UTC+8) itself.
 */
import { storeDayStart } from '../../drivers/shared/store-time';
import { isDomesticPan, settlementBucket } from '../../drivers/terminal/model';
import { PaymentsRepo } from '../checkout/payments/payments-repo';
import { RefundsRepo } from '../checkout/refunds-repo';
import type { Db } from '../db/open';
import type { LocalJournalSource, LocalPayment, LocalPaymentState, LocalRefund } from './types';

const DAY_MS = 86_400_000;

export class SqliteJournal implements LocalJournalSource {
  private readonly payments: PaymentsRepo;
  private readonly refunds: RefundsRepo;

  constructor(db: Db) {
    this.payments = new PaymentsRepo(db);
    this.refunds = new RefundsRepo(db);
  }

  paymentsOn(date: string): LocalPayment[] {
    const start = storeDayStart(date);
    const from = new Date(start - DAY_MS).toISOString();
    const to = new Date(start + 2 * DAY_MS).toISOString();
    const rows = this.payments.journalBetween(from, to);
    return rows.map((r) => {
      const data = r.data;
      const own: LocalRefund[] = this.refunds.doneFor(r.id).map((x) => ({ outRefundNo: x.refundRef, amountFen: x.amountFen, at: x.at }));
      let state = r.state as LocalPaymentState;
      // A QR leg undone by a full refund (compensation) is, at the channel, a paid trade with
      // a refund — not a revoked one. Show it the same way.
      if (state === 'reversed' && data.refundId !== undefined && r.legRef) {
        state = 'approved';
        own.push({ outRefundNo: `${r.legRef}U`, amountFen: r.amountFen, at: r.updatedAt });
      }
      const p: LocalPayment = {
        paymentId: r.id,
        orderNo: r.orderNo,
        tender: r.tender,
        amountFen: r.amountFen,
        state,
        at: typeof data.at === 'string' && r.tender === 'card' ? data.at : r.createdAt,
        ...(own.length > 0 ? { refunds: own } : {}),
      };
      if (r.tender === 'card') {
        const pan = typeof data.maskedPan === 'string' ? data.maskedPan : '';
        Object.assign(p, {
          refNo: str(data.refNo),
          traceNo: str(data.traceNo),
          batchNo: str(data.batchNo),
          terminalId: str(data.terminalId),
          maskedPan: pan || undefined,
          cardScheme: pan ? (isDomesticPan(pan) ? 'domestic' : 'foreign') : undefined,
          cardKind: typeof data.cardType === 'string' && data.cardType !== '' ? settlementBucket(data.cardType) : undefined,
        });
      } else if (r.tender === 'wechat' || r.tender === 'alipay' || r.tender === 'unionpay') {
        Object.assign(p, { outTradeNo: r.legRef ?? undefined, channelTradeNo: str(data.transactionId) });
      }
      return p;
    });
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
