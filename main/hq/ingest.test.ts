import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../outbox/outbox-test-kit';
import { type HqDb, openHqDatabase } from './hq-db';
import { ingestBatch, listEvents } from './ingest';

const dirs: string[] = [];
const dbs: HqDb[] = [];
function freshHq(): HqDb {
  const dir = makeTempDir('posdesk-hq-');
  dirs.push(dir);
  const db = openHqDatabase(path.join(dir, 'hq.db'));
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const at = '2025-11-22T10:00:00.000+08:00';
const ev = (id: string, aggregateId: string, seq: number, payload: unknown = { n: seq }) => ({ id, aggregateId, seq, type: 'payment.state', at, payload });
const ingest = (db: HqDb, events: Array<{ id: string } & Record<string, unknown>>, storeId = 'S1') =>
  ingestBatch(db, { storeId, events, idempotencyKey: 'k', receivedAt: '2025-11-22T02:00:00.000Z' });

describe('ingestBatch', () => {
  it('accepts in-sequence events and acknowledges a resend as duplicates, storing each once', () => {
    const db = freshHq();
    expect(ingest(db, [ev('a1', 'A', 1), ev('a2', 'A', 2), ev('b1', 'B', 1)])).toEqual({ accepted: ['a1', 'a2', 'b1'], duplicates: [], rejected: [] });
    expect(ingest(db, [ev('a2', 'A', 2), ev('a3', 'A', 3)])).toEqual({ accepted: ['a3'], duplicates: ['a2'], rejected: [] });
    expect(listEvents(db, 'S1').map((e) => `${e.aggregateId}#${e.seq}`)).toEqual(['A#1', 'A#2', 'B#1', 'A#3']);
    // Another store's events are its own: same ids do not collide across stores.
    expect(ingest(db, [ev('a1', 'A', 1)], 'S2').accepted).toEqual(['a1']);
    const batches = db.prepare('SELECT store_id, accepted, duplicates, rejected FROM hq_batches ORDER BY n').all();
    expect(batches).toEqual([
      { store_id: 'S1', accepted: 3, duplicates: 0, rejected: 0 },
      { store_id: 'S1', accepted: 1, duplicates: 1, rejected: 0 },
      { store_id: 'S2', accepted: 1, duplicates: 0, rejected: 0 },
    ]);
  });

  it('refuses a gap with SEQ_GAP and the seq it needs, and a different event at a taken seq with SEQ_CONFLICT', () => {
    const db = freshHq();
    const r = ingest(db, [ev('a1', 'A', 1), ev('a3', 'A', 3), ev('x1', 'A', 1)]);
    expect(r.accepted).toEqual(['a1']);
    expect(r.rejected).toEqual([
      { id: 'a3', code: 'SEQ_GAP', message: 'A: expected seq 2, got 3', expectedSeq: 2 },
      { id: 'x1', code: 'SEQ_CONFLICT', message: expect.stringContaining('another event as A#1') },
    ]);
    expect(listEvents(db, 'S1').map((e) => e.id)).toEqual(['a1']);
  });

  it('rejects a malformed event on its own with INVALID, keeping the rest of the batch', () => {
    const db = freshHq();
    const r = ingest(db, [
      ev('a1', 'A', 1),
      { id: 'bad1', aggregateId: 'B', seq: 1, type: 'sale', at, payload: {} },
      { id: 'bad2', aggregateId: 'C', seq: 0, type: 'void', at, payload: {} },
      { id: 'bad3', aggregateId: 'D', seq: 1, type: 'void', at },
      ev('e1', 'E', 1),
    ]);
    expect(r.accepted).toEqual(['a1', 'e1']);
    expect(r.rejected.map((x) => [x.id, x.code])).toEqual([
      ['bad1', 'INVALID'],
      ['bad2', 'INVALID'],
      ['bad3', 'INVALID'],
    ]);
    expect(r.rejected[0].message).toMatch(/^type:/);
    expect(r.rejected[1].message).toMatch(/^seq:/);
    expect(r.rejected[2].message).toMatch(/payload is required/);
  });

  it('applies a business validator after dedupe and the sequence check', () => {
    const db = freshHq();
    const validate = (_s: string, e: { id: string }) => (e.id === 'p2' ? { code: 'NEGATIVE_TOTAL', message: 'total below zero' } : null);
    const r = ingestBatch(db, { storeId: 'S1', events: [ev('p1', 'P', 1), ev('p2', 'P', 2), ev('p3', 'P', 3)], idempotencyKey: null, receivedAt: at, validate });
    expect(r).toEqual({
      accepted: ['p1'],
      duplicates: [],
      rejected: [
        { id: 'p2', code: 'NEGATIVE_TOTAL', message: 'total below zero' },
        { id: 'p3', code: 'SEQ_GAP', message: 'P: expected seq 2, got 3', expectedSeq: 2 },
      ],
    });
  });
});
