/**
 * Journal refunds of payment legs: all the SQL on `refunds`. A refund is written 'pending'
 * before it is sent (write-ahead) and settled with what the channel answered.
 */
import type { Db } from '../db/open';
import { StatementCache } from '../db/statement-cache';

export type RefundState = 'pending' | 'done' | 'failed' | 'unknown';

export interface NewRefund {
  id: string;
  paymentId: string;
  refundRef: string;
  amountFen: number;
  reason: string;
  at: string;
}

export class RefundsRepo {
  private readonly q: StatementCache;

  constructor(db: Db) {
    this.q = new StatementCache(db);
  }

  /** How many refunds a leg has had (any state): numbers the next one's reference. */
  countFor(paymentId: string): number {
    return this.q.get<[string], { n: number }>('SELECT COUNT(*) AS n FROM refunds WHERE payment_id = ?').get(paymentId)?.n ?? 0;
  }

  insertPending(r: NewRefund): void {
    this.q
      .get(`INSERT INTO refunds (id, payment_id, refund_ref, amount_fen, state, reason, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`)
      .run(r.id, r.paymentId, r.refundRef, r.amountFen, r.reason, r.at, r.at);
  }

  /** Records how a refund ended and the channel's answer (JSON). */
  settle(id: string, state: Exclude<RefundState, 'pending'>, at: string, result: unknown): void {
    this.q.get('UPDATE refunds SET state = ?, updated_at = ?, result_json = ? WHERE id = ?').run(state, at, JSON.stringify(result), id);
  }

  /** A leg's completed refunds, oldest first. */
  doneFor(paymentId: string): Array<{ refundRef: string; amountFen: number; at: string }> {
    return this.q
      .get<[string], { refund_ref: string; amount_fen: number; updated_at: string }>(
        `SELECT refund_ref, amount_fen, updated_at FROM refunds WHERE payment_id = ? AND state = 'done' ORDER BY created_at`,
      )
      .all(paymentId)
      .map((r) => ({ refundRef: r.refund_ref, amountFen: r.amount_fen, at: r.updated_at }));
  }

  /** Refunds completed in [from, to): how many, their total, and how much of it was cash. */
  doneBetween(from: string, to: string): { count: number; amountFen: number; cashFen: number } {
    const r = this.q
      .get<[string, string], { n: number; fen: number | null; cash: number | null }>(
        `SELECT COUNT(*) AS n, SUM(r.amount_fen) AS fen, SUM(CASE WHEN p.tender = 'cash' THEN r.amount_fen ELSE 0 END) AS cash
         FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.state = 'done' AND r.updated_at >= ? AND r.updated_at < ?`,
      )
      .get(from, to);
    return { count: r?.n ?? 0, amountFen: r?.fen ?? 0, cashFen: r?.cash ?? 0 };
  }
}
