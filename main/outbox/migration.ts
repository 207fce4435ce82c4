/**
 * The outbox table. Appended to main/db/migrations.ts by the lead; tests apply
 * nothing: openDatabase applies it with the others.
 *
 * - `pos` (the rowid) is the global append order; within one aggregate it rises
 *   with `seq`, because both are assigned in the same transaction.
 * - Sent rows are kept (they are the store's record of what HQ has); the partial
 *   indexes keep the worker's queries proportional to the backlog, not the history.
 * - `at_ms` is the business time in epoch ms: the basis of "oldest age" and its cap.
 */
import type { Migration } from '../db/migrations';

export const OUTBOX_MIGRATION: Migration = {
  name: '010 outbox (store-and-forward to HQ)',
  sql: `
    CREATE TABLE IF NOT EXISTS outbox (
      pos INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      aggregate_id TEXT NOT NULL,
      seq INTEGER NOT NULL CHECK (seq >= 1),
      type TEXT NOT NULL CHECK (type IN ('order.completed','payment.state','refund','void','reversal','shift.closed','day.closed')),
      at TEXT NOT NULL,
      at_ms INTEGER NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','quarantined')),
      attempts INTEGER NOT NULL DEFAULT 0,
      error_code TEXT,
      error_message TEXT,
      state_at TEXT,
      UNIQUE (aggregate_id, seq)
    );
    CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(pos) WHERE state = 'pending';
    CREATE INDEX IF NOT EXISTS outbox_quarantined ON outbox(aggregate_id, seq) WHERE state = 'quarantined';
  `,
};
