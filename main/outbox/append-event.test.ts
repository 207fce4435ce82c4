import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { appendEvent, OutboxAppendError } from './append-event';
import { makeTempDir, openStoreDb, storeEvents } from './outbox-test-kit';

const dirs: string[] = [];
const dbs: Db[] = [];
function freshDb(): Db {
  const dir = makeTempDir();
  dirs.push(dir);
  const db = openStoreDb(path.join(dir, 'store.db'));
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const at = '2025-11-22T10:00:00.000+08:00';

function thrown(fn: () => unknown): OutboxAppendError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OutboxAppendError);
    return err as OutboxAppendError;
  }
  throw new Error('expected an OutboxAppendError');
}

describe('appendEvent', () => {
  it('assigns a UUID and the next seq per aggregate, in the caller\'s transaction', () => {
    const db = freshDb();
    const events = db.transaction(() => [
      appendEvent(db, { type: 'payment.state', aggregateId: 'A', at, payload: { state: 'sent' } }),
      appendEvent(db, { type: 'payment.state', aggregateId: 'B', at, payload: { state: 'sent' } }),
      appendEvent(db, { type: 'order.completed', aggregateId: 'A', at, payload: { totalFen: 1250 } }),
    ])();
    expect(events.map((e) => `${e.aggregateId}#${e.seq}`)).toEqual(['A#1', 'B#1', 'A#2']);
    for (const e of events) expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    const rows = storeEvents(db);
    expect(rows.map((r) => [r.aggregateId, r.seq, r.state])).toEqual([
      ['A', 1, 'pending'],
      ['B', 1, 'pending'],
      ['A', 2, 'pending'],
    ]);
    const stored = db.prepare<[], { payload: string; at_ms: number }>('SELECT payload, at_ms FROM outbox WHERE seq = 2').get();
    expect(stored).toEqual({ payload: '{"totalFen":1250}', at_ms: Date.parse(at) });
  });

  it('disappears with the change it reports when the transaction rolls back', () => {
    const db = freshDb();
    const tx = db.transaction(() => {
      appendEvent(db, { type: 'refund', aggregateId: 'A', at, payload: { amountFen: 100 } });
      throw new Error('the refund itself failed');
    });
    expect(() => tx()).toThrow('the refund itself failed');
    expect(storeEvents(db)).toEqual([]);
    // The seq is not burnt either: the next event is still #1.
    const e = db.transaction(() => appendEvent(db, { type: 'refund', aggregateId: 'A', at, payload: {} }))();
    expect(e.seq).toBe(1);
  });

  it('refuses to run outside a transaction', () => {
    const db = freshDb();
    const err = thrown(() => appendEvent(db, { type: 'void', aggregateId: 'A', at, payload: {} }));
    expect(err.kind).toBe('NOT_IN_TRANSACTION');
    expect(storeEvents(db)).toEqual([]);
  });

  it('refuses a payload carrying a full card number, naming it masked', () => {
    const db = freshDb();
    const err = thrown(() =>
      db.transaction(() => appendEvent(db, { type: 'payment.state', aggregateId: 'A', at, payload: { result: { pan: '6212345678901265' } } }))(),
    );
    expect(err.kind).toBe('CARD_DATA');
    expect(err.message).toContain('621234******1265');
    expect(err.message).not.toContain('6212345678901265');
    expect(storeEvents(db)).toEqual([]);
  });

  it('refuses bad input with a clear reason: type, aggregate, time, payload', () => {
    const db = freshDb();
    const inTx = (e: Parameters<typeof appendEvent>[1]) => thrown(() => db.transaction(() => appendEvent(db, e))());
    expect(inTx({ type: 'sale' as never, aggregateId: 'A', at, payload: {} }).message).toMatch(/unknown outbox event type "sale"/);
    expect(inTx({ type: 'void', aggregateId: '', at, payload: {} }).message).toMatch(/aggregateId/);
    expect(inTx({ type: 'void', aggregateId: 'A', at: 'yesterday', payload: {} }).message).toMatch(/not an ISO 8601/);
    expect(inTx({ type: 'void', aggregateId: 'A', at, payload: undefined }).message).toMatch(/not JSON-serialisable/);
    expect(inTx({ type: 'void', aggregateId: 'A', at, payload: { n: 1n } }).message).toMatch(/not JSON-serialisable/);
    expect(inTx({ type: 'void', aggregateId: 'A', at, payload: { blob: 'x'.repeat(70_000) } }).message).toMatch(/limit is 65536/);
    expect(storeEvents(db)).toEqual([]);
  });
});
