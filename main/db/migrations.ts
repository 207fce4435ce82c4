/**
 * The schema, one entry per version. Never edit a shipped entry: append a new one.
 * Money columns are INTEGER fen; quantities INTEGER thousandths.
 */
import { DEVICES_MIGRATION } from '../devices/manager/migration';
import { PRINT_JOB_KEYS_MIGRATION } from '../devices/print-queue/migration';
import { SHIFTS_MIGRATION } from '../checkout/shifts-repo';
import { OUTBOX_ID_UNINDEXED_MIGRATION, OUTBOX_MIGRATION, OUTBOX_PENDING_CURSOR_MIGRATION } from '../outbox/migration';

export interface Migration {
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    name: '001 catalog, orders, payments, print jobs',
    sql: `
      CREATE TABLE products (
        id TEXT PRIMARY KEY,
        barcode TEXT NOT NULL UNIQUE,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        unit TEXT NOT NULL,
        price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
        sold_by TEXT NOT NULL CHECK (sold_by IN ('each','litre','kg')),
        store TEXT NOT NULL CHECK (store IN ('mart','fuel')),
        category TEXT NOT NULL
      );
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        order_no TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('open','completed','cancelled','voided')),
        cashier TEXT NOT NULL,
        total_fen INTEGER NOT NULL,
        paid_fen INTEGER NOT NULL DEFAULT 0,
        change_fen INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        completed_at TEXT
      );
      CREATE INDEX orders_created ON orders(created_at);
      CREATE TABLE order_lines (
        order_id TEXT NOT NULL REFERENCES orders(id),
        line_no INTEGER NOT NULL,
        product_id TEXT NOT NULL,
        barcode TEXT NOT NULL,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        unit TEXT NOT NULL,
        sold_by TEXT NOT NULL,
        qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),
        unit_price_fen INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL,
        PRIMARY KEY (order_id, line_no)
      );
      CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES orders(id),
        leg_no INTEGER NOT NULL,
        tender TEXT NOT NULL,
        amount_fen INTEGER NOT NULL,
        tendered_fen INTEGER,
        change_fen INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (order_id, leg_no)
      );
      CREATE TABLE payment_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        payment_id TEXT NOT NULL REFERENCES payments(id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        at TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX payment_events_payment ON payment_events(payment_id);
      CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        order_no TEXT,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','printing','held','done','failed')),
        copy INTEGER NOT NULL DEFAULT 0,
        bytes BLOB NOT NULL,
        created_at TEXT NOT NULL,
        printed_at TEXT,
        error TEXT
      );
    `,
  },
  {
    name: '002 payment legs: idempotent reference, channel data, compensation',
    sql: `
      -- leg_ref: the number the terminal / QR channel knows this leg by (order no. + leg no.);
      -- reused on every retry and query so a leg can never be charged twice.
      ALTER TABLE payments ADD COLUMN leg_ref TEXT;
      CREATE UNIQUE INDEX payments_leg_ref ON payments(leg_ref) WHERE leg_ref IS NOT NULL;
      -- Channel-side facts once known: card (trace, batch, ref, auth, masked PAN, type,
      -- terminal/merchant ids) or QR (channel, transaction id, payer). JSON, never a full PAN.
      ALTER TABLE payments ADD COLUMN channel TEXT;
      ALTER TABLE payments ADD COLUMN result_json TEXT;
      -- 'undo' while a compensation (void/reverse/refund of an approved leg) is under way:
      -- written before the action, cleared when it is acknowledged; recovery finishes it.
      ALTER TABLE payments ADD COLUMN pending_action TEXT;
      -- Refunded so far (partial refunds from the journal).
      ALTER TABLE payments ADD COLUMN refunded_fen INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX payments_state ON payments(state);
      -- Order-level notes the cashier must see (recovered after a crash, compensation steps).
      ALTER TABLE orders ADD COLUMN note TEXT;
      CREATE TABLE refunds (
        id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments(id),
        refund_ref TEXT NOT NULL UNIQUE,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        state TEXT NOT NULL CHECK (state IN ('pending','done','failed','unknown')),
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        result_json TEXT
      );
      -- Stored-value (预付卡) member cards kept by the store itself.
      CREATE TABLE stored_value_cards (
        card_no TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0),
        pin_hash TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','frozen')),
        created_at TEXT NOT NULL
      );
      CREATE TABLE stored_value_moves (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card_no TEXT NOT NULL REFERENCES stored_value_cards(card_no),
        kind TEXT NOT NULL CHECK (kind IN ('topUp','charge','refund')),
        amount_fen INTEGER NOT NULL,
        balance_after_fen INTEGER NOT NULL,
        ref TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL
      );
    `,
  },
  // 003, 004 and 005 live beside the code that owns their tables.
  DEVICES_MIGRATION,
  OUTBOX_MIGRATION,
  SHIFTS_MIGRATION,
  OUTBOX_ID_UNINDEXED_MIGRATION,
  OUTBOX_PENDING_CURSOR_MIGRATION,
  PRINT_JOB_KEYS_MIGRATION,
];
