/**
 * Where the simulator keeps trades: in memory, and optionally in a SQLite file
 * (better-sqlite3) so a restarted simulator still answers queries, reverses and refunds
 * for yesterday's trades, and still produces their statements.
 */
import Database from 'better-sqlite3';
import { type SimChannel, type SimTrade, simTradeSchema, tradeKey } from './sim-trade';

export interface TradeStore {
  all(): SimTrade[];
  get(key: string): SimTrade | undefined;
  /** The trade the vendor numbered `transactionId` (WeChat transaction_id, Alipay trade_no). */
  byTransactionId(channel: SimChannel, transactionId: string): SimTrade | undefined;
  put(trade: SimTrade): void;
  /** A persisted counter (transaction sequence) so ids stay unique across restarts. */
  nextSeq(): number;
  clear(): void;
  close(): void;
}

export class MemoryTradeStore implements TradeStore {
  protected readonly trades = new Map<string, SimTrade>();
  /** channel:transactionId -> trade key; merchants' apps look trades up by the vendor's id alone. */
  private readonly vendorIds = new Map<string, string>();
  protected seq = 0;

  all(): SimTrade[] {
    return [...this.trades.values()];
  }

  get(key: string): SimTrade | undefined {
    return this.trades.get(key);
  }

  byTransactionId(channel: SimChannel, transactionId: string): SimTrade | undefined {
    const key = this.vendorIds.get(`${channel}:${transactionId}`);
    return key === undefined ? undefined : this.trades.get(key);
  }

  put(trade: SimTrade): void {
    const key = tradeKey(trade.channel, trade.outTradeNo);
    this.trades.set(key, trade);
    this.vendorIds.set(`${trade.channel}:${trade.transactionId}`, key);
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  clear(): void {
    this.trades.clear();
    this.vendorIds.clear();
  }

  close(): void {}
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_trades (key TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sim_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
`;

/** Memory as the working set, every change written through to SQLite. */
export class SqliteTradeStore extends MemoryTradeStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement<[string, string]>;
  private readonly saveSeq: Database.Statement<[number]>;

  constructor(path: string) {
    super();
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    this.upsert = this.db.prepare(
      'INSERT INTO sim_trades (key, json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json',
    );
    this.saveSeq = this.db.prepare(
      "INSERT INTO sim_meta (k, v) VALUES ('seq', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
    );
    const rows = this.db.prepare('SELECT key, json FROM sim_trades').all() as { key: string; json: string }[];
    for (const row of rows) {
      const parsed = simTradeSchema.safeParse(JSON.parse(row.json));
      // A row this version cannot read is left in the file, not dropped.
      if (parsed.success) super.put(parsed.data);
    }
    const seqRow = this.db.prepare("SELECT v FROM sim_meta WHERE k = 'seq'").get() as { v: number } | undefined;
    this.seq = seqRow?.v ?? 0;
  }

  override put(trade: SimTrade): void {
    super.put(trade);
    this.upsert.run(tradeKey(trade.channel, trade.outTradeNo), JSON.stringify(trade));
  }

  override nextSeq(): number {
    const n = super.nextSeq();
    this.saveSeq.run(n);
    return n;
  }

  override clear(): void {
    super.clear();
    this.db.exec('DELETE FROM sim_trades');
  }

  override close(): void {
    this.db.close();
  }
}
