/**
 * The schema, one entry per version. Never edit a shipped entry: append a new one.
 * Money columns are INTEGER fen; quantities INTEGER thousandths.
 */
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
];
