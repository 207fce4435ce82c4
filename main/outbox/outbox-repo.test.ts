import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { OutboxRepo } from './outbox-repo';
import { appendMany, makeTempDir, openStoreDb } from './outbox-test-kit';

const AT = '2025-11-22T10:05:00.000+08:00';
const opened: Array<{ db: Db; dir: string }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) {
    o.db.close();
    fs.rmSync(o.dir, { recursive: true, force: true });
  }
});

function store(): { db: Db; repo: OutboxRepo } {
  const dir = makeTempDir();
  const db = openStoreDb(path.join(dir, 'store.db'));
  opened.push({ db, dir });
  return { db, repo: new OutboxRepo(db) };
}

const mark = (db: Db) => db.prepare<[], { low: number }>('SELECT low FROM outbox_cursor').get()?.low;
const ids = (events: ReadonlyArray<{ id: string }>) => events.map((e) => e.id);

/** Sends every batch as acknowledged until nothing is left; returns the ids in send order. */
function drain(repo: OutboxRepo, batchSize = 3): string[] {
  const sent: string[] = [];
  for (;;) {
    const batch = repo.nextBatch(batchSize);
    if (batch.length === 0) return sent;
    repo.settle(AT, batch, [], []);
    sent.push(...ids(batch));
  }
}

describe('OutboxRepo: pending events found from the low-water mark (migration 012), a real SQLite file', () => {
  it('the mark rises past what was sent, and events appended after it are still found', () => {
    const { db, repo } = store();
    const first = appendMany(db, 7, { aggregates: 3 });
    expect(drain(repo)).toEqual(ids(first));
    expect(mark(db)).toBe(8); // nothing pending: past the last row
    expect(repo.hasPending()).toBe(false);
    expect(repo.counts()).toMatchObject({ pending: 0 });

    const more = appendMany(db, 4, { aggregates: 3, start: 7 });
    expect(repo.counts()).toMatchObject({ pending: 4 });
    expect(drain(repo)).toEqual(ids(more));
  });

  it('the batch reads the table from the mark by rowid, not the whole history', () => {
    const { db } = store();
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT pos FROM outbox o WHERE o.pos >= (SELECT low FROM outbox_cursor) AND state = 'pending' ORDER BY pos LIMIT 10`,
      )
      .all();
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/SEARCH o USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });

  it('an event held behind a quarantined one pins the mark; released, both go in order', () => {
    const { db, repo } = store();
    // Order A: seq 1 will be poison, seq 2 is held behind it; order B flows on.
    const events = appendMany(db, 4, { aggregates: 2 }); // A1, B1, A2, B2
    const [a1, b1, a2, b2] = events;
    const batch = repo.nextBatch(1);
    expect(ids(batch)).toEqual([a1?.id]);
    const poison = batch[0];
    if (!poison) throw new Error('no first event');
    repo.settle(AT, [], [{ event: poison, code: 'BAD_PAYLOAD', message: 'refused' }], []);
    expect(drain(repo)).toEqual([b1?.id, b2?.id]); // A2 waits behind A1
    expect(repo.counts()).toMatchObject({ pending: 1, quarantined: 1 });
    const a2Pos = db.prepare<[string], { pos: number }>('SELECT pos FROM outbox WHERE id = ?').get(a2?.id ?? '')?.pos;
    expect(mark(db)).toBe(a2Pos); // the held A2 is pending: the mark may not pass it

    expect(repo.release(a1?.id ?? '')).toBe(true);
    expect(mark(db)).toBe(1); // lowered to the released event
    expect(drain(repo)).toEqual([a1?.id, a2?.id]);
    expect(repo.counts()).toMatchObject({ pending: 0, quarantined: 0 });
  });

  it('a rewind lowers the mark to the events it sends again', () => {
    const { db, repo } = store();
    const events = appendMany(db, 6, { aggregates: 2 });
    drain(repo);
    expect(mark(db)).toBe(7);
    const agg = events[0]?.aggregateId ?? '';
    expect(repo.rewind(agg, 2, 4)).toBe(2); // seq 2 and 3 of the first order
    expect(repo.counts()).toMatchObject({ pending: 2 });
    const again = drain(repo);
    expect(again).toEqual(events.filter((e) => e.aggregateId === agg && e.seq >= 2 && e.seq < 4).map((e) => e.id));
  });

  it('outbox rows cannot be deleted (a deleted tail would let a new row slip under the mark)', () => {
    const { db } = store();
    appendMany(db, 2);
    expect(() => db.prepare('DELETE FROM outbox WHERE pos = 2').run()).toThrow(/never deleted/);
    expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox').get()?.n).toBe(2);
  });
});
