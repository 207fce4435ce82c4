import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { migrations } from '../db/migrations';
import { OUTBOX_ID_UNINDEXED_MIGRATION } from './migration';
import { OutboxRepo } from './outbox-repo';
import { makeTempDir } from './outbox-test-kit';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A store database as the release before migration 011 left it, with events in every state. */
function databaseBefore011(file: string): void {
  const before = migrations.indexOf(OUTBOX_ID_UNINDEXED_MIGRATION);
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  for (const m of migrations.slice(0, before)) raw.exec(m.sql);
  raw.pragma(`user_version = ${before}`);
  const insert = raw.prepare(
    `INSERT INTO outbox (id, aggregate_id, seq, type, at, at_ms, payload, state, attempts, error_code, error_message, state_at)
     VALUES (?, ?, ?, 'payment.state', '2025-11-22T10:00:00.000+08:00', 1763776800000, '{"amountFen":100}', ?, ?, ?, ?, ?)`,
  );
  insert.run('e-sent', 'A', 1, 'sent', 1, null, null, '2025-11-22T10:00:01.000+08:00');
  insert.run('e-poison', 'A', 2, 'quarantined', 3, 'BAD_PAYLOAD', 'HQ refused it', '2025-11-22T10:00:02.000+08:00');
  insert.run('e-pending', 'B', 1, 'pending', 0, null, null, null);
  raw.close();
}

describe('migration 011: outbox event ids without a unique index', () => {
  it('keeps every event with its state, order and errors; pending events still drain, a quarantined one is released by id', () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = path.join(dir, 'store.db');
    databaseBefore011(file);

    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      const rows = db.prepare('SELECT pos, id, aggregate_id, seq, state, attempts, error_code FROM outbox ORDER BY pos').all();
      expect(rows).toEqual([
        { pos: 1, id: 'e-sent', aggregate_id: 'A', seq: 1, state: 'sent', attempts: 1, error_code: null },
        { pos: 2, id: 'e-poison', aggregate_id: 'A', seq: 2, state: 'quarantined', attempts: 3, error_code: 'BAD_PAYLOAD' },
        { pos: 3, id: 'e-pending', aggregate_id: 'B', seq: 1, state: 'pending', attempts: 0, error_code: null },
      ]);
      const indexes = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name`).all();
      // The UNIQUE (aggregate_id, seq) constraint's own index stays; the one on id is gone.
      // outbox_pending went in 012: pending rows are found from the low-water mark.
      expect(indexes.map((i) => i.name)).toEqual(['outbox_quarantined', 'outbox_quarantined_id', 'sqlite_autoindex_outbox_1']);
      const unique = db.prepare<[], { name: string }>(`SELECT name FROM pragma_index_info('sqlite_autoindex_outbox_1')`).all();
      expect(unique.map((c) => c.name)).toEqual(['aggregate_id', 'seq']);
      expect(() => db.prepare(`INSERT INTO outbox (id, aggregate_id, seq, type, at, at_ms, payload) VALUES ('x', 'A', 2, 'refund', 'now', 0, '{}')`).run()).toThrow(
        /UNIQUE constraint failed: outbox.aggregate_id, outbox.seq/,
      );

      const repo = new OutboxRepo(db);
      const batch = repo.nextBatch(10);
      expect(batch.map((e) => e.id)).toEqual(['e-pending']);
      repo.settle('2025-11-22T10:05:00.000+08:00', batch, [], []);
      expect(repo.counts()).toMatchObject({ pending: 0, quarantined: 1 });

      // The Queue page releases by id: it goes through the quarantined events' own index.
      const plan = db.prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN UPDATE outbox SET state = 'pending' WHERE id = ? AND state = 'quarantined'`).all('e-poison');
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/outbox_quarantined_id/);
      expect(repo.release('e-poison')).toBe(true);
      expect(repo.release('e-poison')).toBe(false);
      expect(repo.nextBatch(10).map((e) => e.id)).toEqual(['e-poison']);
    } finally {
      db.close();
    }
  });
});
