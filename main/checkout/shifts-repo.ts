/** Cashier shifts: the `shifts` table (its migration too) and all the SQL on it. */
import type { Migration } from '../db/migrations';
import type { Db } from '../db/open';
import { StatementCache } from '../db/statement-cache';

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

export interface ShiftRow {
  id: string;
  shift_no: string;
  cashier: string;
  opened_at: string;
  opening_cash_fen: number;
}

export class ShiftsRepo {
  private readonly q: StatementCache;

  constructor(db: Db) {
    this.q = new StatementCache(db);
  }

  /** The shift not yet closed (the newest, should there be more). */
  open(): ShiftRow | undefined {
    return this.q.get<[], ShiftRow>('SELECT * FROM shifts WHERE closed_at IS NULL ORDER BY opened_at DESC LIMIT 1').get();
  }

  /** How many shifts there have been (numbers the next one). */
  count(): number {
    return this.q.get<[], { n: number }>('SELECT COUNT(*) AS n FROM shifts').get()?.n ?? 0;
  }

  insert(row: ShiftRow): void {
    this.q.get('INSERT INTO shifts (id, shift_no, cashier, opened_at, opening_cash_fen) VALUES (?, ?, ?, ?, ?)').run(row.id, row.shift_no, row.cashier, row.opened_at, row.opening_cash_fen);
  }

  close(id: string, closedAt: string, countedCashFen: number | null, summary: unknown): void {
    this.q.get('UPDATE shifts SET closed_at = ?, counted_cash_fen = ?, summary_json = ? WHERE id = ?').run(closedAt, countedCashFen, JSON.stringify(summary), id);
  }
}
