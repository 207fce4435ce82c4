/**
 * appendEvent: records a business event in the outbox, inside the caller's own
 * transaction, so the event exists if and only if the change it reports does.
 *
 * It refuses to run outside a transaction rather than open one: an event
 * committed apart from its change is exactly the "order completed at the store,
 * never heard of at HQ" (or the reverse) that the outbox exists to prevent.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { findPan } from './pan-guard';
import { isOutboxEventType, type NewOutboxEvent, type OutboxEvent } from './types';

/** Keeps aggregate ids short enough to index and to show on the Queue page. */
const MAX_AGGREGATE_ID_LENGTH = 128;
/** A payload is a summary for HQ, not a blob store; one this big is a bug upstream. */
const MAX_PAYLOAD_BYTES = 64 * 1024;

export type OutboxAppendErrorKind = 'NOT_IN_TRANSACTION' | 'CARD_DATA' | 'INVALID';

export class OutboxAppendError extends Error {
  constructor(
    readonly kind: OutboxAppendErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'OutboxAppendError';
  }
}

interface Statements {
  nextSeq: (aggregateId: string) => number;
  insert: (row: [string, string, number, string, string, number, string]) => void;
}

const statements = new WeakMap<Db, Statements>();

function prepared(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    // MAX(seq) is one probe of the (aggregate_id, seq) unique index.
    const next = db.prepare<[string], { next: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox WHERE aggregate_id = ?');
    const insert = db.prepare<[string, string, number, string, string, number, string]>(
      'INSERT INTO outbox (id, aggregate_id, seq, type, at, at_ms, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    s = {
      nextSeq: (a) => next.get(a)?.next ?? 1,
      insert: (row) => {
        insert.run(...row);
      },
    };
    statements.set(db, s);
  }
  return s;
}

export function appendEvent(db: Db, e: NewOutboxEvent): OutboxEvent {
  if (!db.inTransaction) {
    throw new OutboxAppendError(
      'NOT_IN_TRANSACTION',
      `appendEvent(${e.type} ${e.aggregateId}) must run inside the transaction that makes the change it reports`,
    );
  }
  if (!isOutboxEventType(e.type)) throw new OutboxAppendError('INVALID', `unknown outbox event type "${String(e.type)}"`);
  if (typeof e.aggregateId !== 'string' || e.aggregateId.length === 0 || e.aggregateId.length > MAX_AGGREGATE_ID_LENGTH) {
    throw new OutboxAppendError('INVALID', `aggregateId must be a non-empty string of at most ${MAX_AGGREGATE_ID_LENGTH} characters`);
  }
  const atMs = Date.parse(e.at);
  if (typeof e.at !== 'string' || Number.isNaN(atMs)) {
    throw new OutboxAppendError('INVALID', `event time "${String(e.at)}" is not an ISO 8601 date-time`);
  }
  const payload = serialise(e.payload);
  const pan = findPan(payload);
  if (pan) {
    throw new OutboxAppendError(
      'CARD_DATA',
      `${e.type} ${e.aggregateId}: payload holds what looks like a full card number (${pan}); mask it (first 6 / last 4) before it is stored`,
    );
  }
  const s = prepared(db);
  const seq = s.nextSeq(e.aggregateId);
  const id = randomUUID();
  s.insert([id, e.aggregateId, seq, e.type, e.at, atMs, payload]);
  return { id, seq, aggregateId: e.aggregateId, type: e.type, at: e.at, payload: e.payload };
}

function serialise(payload: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (err) {
    throw new OutboxAppendError('INVALID', `payload is not JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (text === undefined) throw new OutboxAppendError('INVALID', 'payload is not JSON-serialisable (undefined or a function)');
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw new OutboxAppendError('INVALID', `payload is ${Buffer.byteLength(text)} bytes; the limit is ${MAX_PAYLOAD_BYTES}`);
  }
  return text;
}
