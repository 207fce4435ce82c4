/**
 * The reference HQ receiver's own schema (its own SQLite file, not the store's).
 * Versioned by PRAGMA user_version like the store database; append, never edit.
 *
 * - hq_events: one row per event ever accepted; (store_id, id) is the dedupe key,
 *   (store_id, aggregate_id, seq) proves per-order order; `arrival` is the order HQ
 *   committed them in.
 * - hq_aggregates: the last accepted seq of each order/shift, the gap check's O(1) lookup.
 * - hq_batches: one row per request answered, with its Idempotency-Key: the audit
 *   trail that shows a resend was a resend.
 */
export interface HqMigration {
  name: string;
  sql: string;
}

export const HQ_MIGRATIONS: HqMigration[] = [
  {
    name: '001 events, aggregates, batches',
    sql: `
      CREATE TABLE hq_events (
        arrival INTEGER PRIMARY KEY,
        store_id TEXT NOT NULL,
        id TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL,
        batch_key TEXT,
        UNIQUE (store_id, id),
        UNIQUE (store_id, aggregate_id, seq)
      );
      CREATE TABLE hq_aggregates (
        store_id TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (store_id, aggregate_id)
      ) WITHOUT ROWID;
      CREATE TABLE hq_batches (
        n INTEGER PRIMARY KEY,
        store_id TEXT NOT NULL,
        idempotency_key TEXT,
        received_at TEXT NOT NULL,
        accepted INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        rejected INTEGER NOT NULL
      );
      CREATE INDEX hq_batches_key ON hq_batches(store_id, idempotency_key);
    `,
  },
];
