/**
 * Cashier shifts (交班): a shift runs from one close to the next. Closing one sums what the
 * counter took in it — orders, sales and refunds, by tender, the cash the drawer should hold
 * against what the cashier counted — prints the shift report, records `shift.closed` in the
 * outbox (same transaction) for HQ, and opens the next shift.
 */
import { randomUUID } from 'node:crypto';
import type { Tender } from '../../preload/contract';
import type { Migration } from '../db/migrations';
import type { Db } from '../db/open';

export const SHIFTS_MIGRATION: Migration = {
  name: '005 cashier shifts',
  sql: `
    CREATE TABLE shifts (
      id TEXT PRIMARY KEY,
      shift_no TEXT NOT NULL UNIQUE,
      cashier TEXT NOT NULL,
      opened_at TEXT NOT NULL,
      closed_at TEXT,
      opening_cash_fen INTEGER NOT NULL DEFAULT 0,
      counted_cash_fen INTEGER,
      summary_json TEXT
    );
  `,
};

export interface ShiftSummary {
  shiftNo: string;
  cashier: string;
  from: string;
  to: string;
  orderCount: number;
  salesFen: number;
  refundCount: number;
  refundFen: number;
  byTender: Array<{ tender: Tender; count: number; amountFen: number }>;
  openingCashFen: number;
  expectedCashFen: number;
  countedCashFen: number | null;
}

interface ShiftRow {
  id: string;
  shift_no: string;
  cashier: string;
  opened_at: string;
  opening_cash_fen: number;
}

export class Shifts {
  constructor(
    private readonly db: Db,
    private readonly cashier: string,
    private readonly now: () => Date,
  ) {}

  /** The open shift; opens shift 1 if there is none (the app calls this at start). */
  current(): ShiftRow {
    const open = this.db.prepare<[], ShiftRow>('SELECT * FROM shifts WHERE closed_at IS NULL ORDER BY opened_at DESC LIMIT 1').get();
    return open ?? this.open(0);
  }

  /** Running totals of the open shift (nothing is written). */
  summary(countedCashFen: number | null = null): ShiftSummary {
    const s = this.current();
    const to = this.now().toISOString();
    const legs = this.db
      .prepare<[string, string], { tender: Tender; n: number; fen: number }>(
        `SELECT p.tender, COUNT(*) AS n, SUM(p.amount_fen) AS fen FROM payments p JOIN orders o ON o.id = p.order_id
         WHERE p.state = 'approved' AND o.status = 'completed' AND o.completed_at >= ? AND o.completed_at < ? GROUP BY p.tender ORDER BY p.tender`,
      )
      .all(s.opened_at, to);
    const orders = this.db
      .prepare<[string, string], { n: number; fen: number | null }>(
        `SELECT COUNT(*) AS n, SUM(total_fen) AS fen FROM orders WHERE status = 'completed' AND completed_at >= ? AND completed_at < ?`,
      )
      .get(s.opened_at, to);
    const refunds = this.db
      .prepare<[string, string], { n: number; fen: number | null; cash: number | null }>(
        `SELECT COUNT(*) AS n, SUM(r.amount_fen) AS fen, SUM(CASE WHEN p.tender = 'cash' THEN r.amount_fen ELSE 0 END) AS cash
         FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.state = 'done' AND r.updated_at >= ? AND r.updated_at < ?`,
      )
      .get(s.opened_at, to);
    const cashIn = legs.find((l) => l.tender === 'cash')?.fen ?? 0;
    return {
      shiftNo: s.shift_no,
      cashier: s.cashier,
      from: s.opened_at,
      to,
      orderCount: orders?.n ?? 0,
      salesFen: orders?.fen ?? 0,
      refundCount: refunds?.n ?? 0,
      refundFen: refunds?.fen ?? 0,
      byTender: legs.map((l) => ({ tender: l.tender, count: l.n, amountFen: l.fen })),
      openingCashFen: s.opening_cash_fen,
      expectedCashFen: s.opening_cash_fen + cashIn - (refunds?.cash ?? 0),
      countedCashFen,
    };
  }

  /**
   * Closes the open shift and opens the next one. `record` runs inside the same transaction
   * (the outbox event). Returns the closed shift's summary.
   */
  close(countedCashFen: number | null, nextOpeningCashFen: number, record: (s: ShiftSummary) => void): ShiftSummary {
    return this.db.transaction(() => {
      const s = this.current();
      const summary = this.summary(countedCashFen);
      this.db
        .prepare('UPDATE shifts SET closed_at = ?, counted_cash_fen = ?, summary_json = ? WHERE id = ?')
        .run(summary.to, countedCashFen, JSON.stringify(summary), s.id);
      record(summary);
      this.open(nextOpeningCashFen, summary.to);
      return summary;
    })();
  }

  private open(openingCashFen: number, at = this.now().toISOString()): ShiftRow {
    const n = (this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM shifts').get()?.n ?? 0) + 1;
    const row: ShiftRow = { id: randomUUID(), shift_no: String(n).padStart(4, '0'), cashier: this.cashier, opened_at: at, opening_cash_fen: openingCashFen };
    this.db
      .prepare('INSERT INTO shifts (id, shift_no, cashier, opened_at, opening_cash_fen) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, row.shift_no, row.cashier, row.opened_at, row.opening_cash_fen);
    return row;
  }
}
