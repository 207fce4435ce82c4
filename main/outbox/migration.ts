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

/**
 * The event id loses its UNIQUE index. Ids are random UUIDs made here (a collision is
 * 2^-61 likely after a billion events), and nothing looks an event up by id on the hot
 * path: the worker settles HQ's answers by `pos`, which it holds for every event it sent.
 * The index cost a randomly placed B-tree page in the WAL on every sale's commit — about
 * a tenth of a durable enqueue. Quarantined events, which the Queue page releases by id,
 * keep a partial index of their own that pending events never touch.
 */
export const OUTBOX_ID_UNINDEXED_MIGRATION: Migration = {
  name: '011 outbox: event ids without a unique index; quarantined ids indexed',
  sql: `
    CREATE TABLE outbox_v2 (
      pos INTEGER PRIMARY KEY,
      id TEXT NOT NULL,
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
    INSERT INTO outbox_v2 (pos, id, aggregate_id, seq, type, at, at_ms, payload, state, attempts, error_code, error_message, state_at)
      SELECT pos, id, aggregate_id, seq, type, at, at_ms, payload, state, attempts, error_code, error_message, state_at FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_v2 RENAME TO outbox;
    CREATE INDEX outbox_pending ON outbox(pos) WHERE state = 'pending';
    CREATE INDEX outbox_quarantined ON outbox(aggregate_id, seq) WHERE state = 'quarantined';
    CREATE INDEX outbox_quarantined_id ON outbox(id) WHERE state = 'quarantined';
  `,
};

/**
 * 012: the pending events are found from a low-water mark instead of a partial index.
 *
 * Why: every append wrote a page of `outbox_pending` as well as the row and the
 * (aggregate_id, seq) index: a third B-tree page in each fsync'd commit, on the path every sale
 * takes. Pending events are almost always the newest rows, so the table's own rowid order finds
 * them from a mark below which nothing is pending.
 *
 * The invariant, kept by OutboxRepo: no pending row has `pos < outbox_cursor.low`.
 * - an append gets pos = MAX(pos) + 1, never below the mark (rows are never deleted: the
 *   trigger below refuses it, because a deleted tail would let a new row reuse a lower pos);
 * - rewind and release lower the mark to the rows they make pending, in the same transaction;
 * - settle raises it to the first still-pending row (or past the end), in the same transaction.
 * A row held behind a quarantined event stays pending, so it pins the mark until released.
 */
export const OUTBOX_PENDING_CURSOR_MIGRATION: Migration = {
  name: '012 outbox: pending events found from a low-water mark, not a partial index',
  sql: `
    CREATE TABLE outbox_cursor (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      low INTEGER NOT NULL
    );
    INSERT INTO outbox_cursor (id, low) VALUES (1, COALESCE(
      (SELECT MIN(pos) FROM outbox WHERE state = 'pending'),
      (SELECT COALESCE(MAX(pos), 0) + 1 FROM outbox)));
    DROP INDEX outbox_pending;
    CREATE TRIGGER outbox_rows_are_history BEFORE DELETE ON outbox
    BEGIN
      SELECT RAISE(ABORT, 'outbox rows are never deleted: they are the store''s record of what HQ has');
    END;
  `,
};
