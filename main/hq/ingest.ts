/**
 * Applies one batch from a store to the HQ database, in one transaction:
 * dedupe by event id (a resend is a duplicate, not a second sale) and the
 * per-aggregate sequence check (HQ never holds seq n+1 without n).
 * Pure of HTTP: server.ts calls it, tests can too.
 */
import { type BatchResponse, REJECT_CODES, type Rejection, type WireEvent, wireEventSchema } from '../outbox/hq-contract';
import type { HqDb } from './hq-db';

/** A business-rule check HQ applies after the schema: return a rejection to refuse the event. */
export type EventValidator = (storeId: string, e: WireEvent) => { code: string; message: string } | null;

export interface StoredEvent extends Omit<WireEvent, 'payload'> {
  payload: unknown;
  arrival: number;
  storeId: string;
  receivedAt: string;
}

interface Statements {
  byId: (storeId: string, id: string) => boolean;
  lastSeq: (storeId: string, aggregateId: string) => number;
  insert: (row: [string, string, string, number, string, string, string, string, string | null]) => void;
  setSeq: (storeId: string, aggregateId: string, seq: number) => void;
  logBatch: (row: [string, string | null, string, number, number, number]) => void;
}

const cache = new WeakMap<HqDb, Statements>();

function statements(db: HqDb): Statements {
  const hit = cache.get(db);
  if (hit) return hit;
  const byId = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM hq_events WHERE store_id = ? AND id = ?');
  const lastSeq = db.prepare<[string, string], { last_seq: number }>('SELECT last_seq FROM hq_aggregates WHERE store_id = ? AND aggregate_id = ?');
  const insert = db.prepare<[string, string, string, number, string, string, string, string, string | null]>(
    'INSERT OR IGNORE INTO hq_events (store_id, id, aggregate_id, seq, type, at, payload, received_at, batch_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const setSeq = db.prepare<[string, string, number]>(
    `INSERT INTO hq_aggregates (store_id, aggregate_id, last_seq) VALUES (?, ?, ?)
     ON CONFLICT (store_id, aggregate_id) DO UPDATE SET last_seq = excluded.last_seq`,
  );
  const logBatch = db.prepare<[string, string | null, string, number, number, number]>(
    'INSERT INTO hq_batches (store_id, idempotency_key, received_at, accepted, duplicates, rejected) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const s: Statements = {
    byId: (st, id) => byId.get(st, id) !== undefined,
    lastSeq: (st, a) => lastSeq.get(st, a)?.last_seq ?? 0,
    insert: (row) => {
      insert.run(...row);
    },
    setSeq: (st, a, seq) => {
      setSeq.run(st, a, seq);
    },
    logBatch: (row) => {
      logBatch.run(...row);
    },
  };
  cache.set(db, s);
  return s;
}

export interface IngestInput {
  storeId: string;
  /** Envelope-checked events: each has a string id; the rest is checked here, one by one. */
  events: ReadonlyArray<{ id: string } & Record<string, unknown>>;
  idempotencyKey: string | null;
  receivedAt: string;
  validate?: EventValidator;
}

export function ingestBatch(db: HqDb, input: IngestInput): BatchResponse {
  const s = statements(db);
  const accepted: string[] = [];
  const duplicates: string[] = [];
  const rejected: Rejection[] = [];
  const { storeId } = input;
  db.transaction(() => {
    for (const raw of input.events) {
      const parsed = wireEventSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        rejected.push({ id: raw.id, code: REJECT_CODES.INVALID, message: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      const e = parsed.data;
      // A stored id is a resend: acknowledge it whatever the rules say today.
      if (s.byId(storeId, e.id)) {
        duplicates.push(e.id);
        continue;
      }
      const last = s.lastSeq(storeId, e.aggregateId);
      if (e.seq <= last) {
        rejected.push({
          id: e.id,
          code: REJECT_CODES.SEQ_CONFLICT,
          message: `HQ already holds another event as ${e.aggregateId}#${e.seq} (last seq ${last}); this store's database and HQ disagree`,
        });
        continue;
      }
      if (e.seq > last + 1) {
        rejected.push({ id: e.id, code: REJECT_CODES.SEQ_GAP, message: `${e.aggregateId}: expected seq ${last + 1}, got ${e.seq}`, expectedSeq: last + 1 });
        continue;
      }
      const refusal = input.validate?.(storeId, e) ?? null;
      if (refusal) {
        rejected.push({ id: e.id, code: refusal.code, message: refusal.message });
        continue;
      }
      s.insert([storeId, e.id, e.aggregateId, e.seq, e.type, e.at, JSON.stringify(e.payload), input.receivedAt, input.idempotencyKey]);
      s.setSeq(storeId, e.aggregateId, e.seq);
      accepted.push(e.id);
    }
    s.logBatch([storeId, input.idempotencyKey, input.receivedAt, accepted.length, duplicates.length, rejected.length]);
  })();
  return { accepted, duplicates, rejected };
}

interface EventRow {
  arrival: number;
  store_id: string;
  id: string;
  aggregate_id: string;
  seq: number;
  type: WireEvent['type'];
  at: string;
  payload: string;
  received_at: string;
}

/** Events of one store in arrival order, after `afterArrival`: HQ's view for tests, QA and downstream jobs. */
export function listEvents(db: HqDb, storeId: string, afterArrival = 0, limit = 1000): StoredEvent[] {
  const rows = db
    .prepare<[string, number, number], EventRow>(
      'SELECT arrival, store_id, id, aggregate_id, seq, type, at, payload, received_at FROM hq_events WHERE store_id = ? AND arrival > ? ORDER BY arrival LIMIT ?',
    )
    .all(storeId, afterArrival, limit);
  return rows.map((r) => ({
    arrival: r.arrival,
    storeId: r.store_id,
    id: r.id,
    aggregateId: r.aggregate_id,
    seq: r.seq,
    type: r.type,
    at: r.at,
    payload: JSON.parse(r.payload) as unknown,
    receivedAt: r.received_at,
  }));
}
