/**
 * The store's journal as the reconciliation engine wants it (plain LocalPayment rows),
 * read from the counter's SQLite file. Returns a superset around the day; the engine
 * keeps what falls on the day in store time (UTC+8) itself.
 */
import type { Db } from '../db/open';
import type { LocalJournalSource, LocalPayment, LocalPaymentState, LocalRefund, Tender } from './types';

interface Row {
  id: string;
  order_no: string;
  tender: Tender;
  amount_fen: number;
  state: string;
  leg_ref: string | null;
  result_json: string | null;
  created_at: string;
  updated_at: string;
}

type Data = Record<string, string | number | boolean | null>;

const DAY_MS = 86_400_000;
const STORE_OFFSET_MS = 8 * 3_600_000;

export class SqliteJournal implements LocalJournalSource {
  constructor(private readonly db: Db) {}

  paymentsOn(date: string): LocalPayment[] {
    const start = Date.parse(`${date}T00:00:00Z`) - STORE_OFFSET_MS;
    if (Number.isNaN(start)) throw new RangeError(`not a date: ${date}`);
    const from = new Date(start - DAY_MS).toISOString();
    const to = new Date(start + 2 * DAY_MS).toISOString();
    const rows = this.db
      .prepare<[string, string, string, string], Row>(
        `SELECT p.id, o.order_no, p.tender, p.amount_fen, p.state, p.leg_ref, p.result_json, p.created_at, p.updated_at
         FROM payments p JOIN orders o ON o.id = p.order_id
         WHERE (p.created_at >= ? AND p.created_at < ?)
            OR p.id IN (SELECT payment_id FROM refunds WHERE created_at >= ? AND created_at < ?)
         ORDER BY p.created_at`,
      )
      .all(from, to, from, to);
    const refunds = this.db.prepare<[string], { refund_ref: string; amount_fen: number; updated_at: string }>(
      `SELECT refund_ref, amount_fen, updated_at FROM refunds WHERE payment_id = ? AND state = 'done' ORDER BY created_at`,
    );
    return rows.map((r) => {
      const data: Data = r.result_json ? (JSON.parse(r.result_json) as Data) : {};
      const own: LocalRefund[] = refunds.all(r.id).map((x) => ({ outRefundNo: x.refund_ref, amountFen: x.amount_fen, at: x.updated_at }));
      let state = r.state as LocalPaymentState;
      // A QR leg undone by a full refund (compensation) is, at the channel, a paid trade with
      // a refund — not a revoked one. Show it the same way.
      if (state === 'reversed' && data.refundId !== undefined && r.leg_ref) {
        state = 'approved';
        own.push({ outRefundNo: `${r.leg_ref}U`, amountFen: r.amount_fen, at: r.updated_at });
      }
      const p: LocalPayment = {
        paymentId: r.id,
        orderNo: r.order_no,
        tender: r.tender,
        amountFen: r.amount_fen,
        state,
        at: typeof data.at === 'string' && r.tender === 'card' ? data.at : r.created_at,
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
          cardScheme: pan ? (pan.startsWith('62') ? 'domestic' : 'foreign') : undefined,
          cardKind: data.cardType === '01' ? 'credit' : data.cardType === '00' ? 'debit' : undefined,
        });
      } else if (r.tender === 'wechat' || r.tender === 'alipay' || r.tender === 'unionpay') {
        Object.assign(p, { outTradeNo: r.leg_ref ?? undefined, channelTradeNo: str(data.transactionId) });
      }
      return p;
    });
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
