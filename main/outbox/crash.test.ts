/**
 * Processes dying mid-sync, for real (SIGKILL, no clean-up code runs):
 * - the HQ receiver killed after committing a batch but before answering, and
 *   killed while a batch is in flight; restarted on the same port and database;
 * - the store killed while it appends sales and syncs; restarted on its database.
 * Afterwards HQ holds every event the store committed, exactly once, in per-order order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HqFault } from '../hq/faults';
import { startHq } from '../hq/server';
import { SyncWorker } from './sync-worker';
import { appendMany, deliveryProblems, hqRows, hqRowsOverHttp, makeTempDir, openStoreDb, storeEvents, type TsxChild, spawnTsx, until } from './outbox-test-kit';

const HQ_FIXTURE = path.join(__dirname, '../hq/hq-process.fixture.ts');
const STORE_FIXTURE = path.join(__dirname, 'store-process.fixture.ts');
const STORE = 'S001';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const d = makeTempDir('posdesk-crash-');
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Starts `posdesk hq` in its own process; resolves once it prints its URL. */
async function hqProcess(dbPath: string, port: number, faults: HqFault[] = []): Promise<{ proc: TsxChild; url: string; port: number }> {
  const proc = spawnTsx(HQ_FIXTURE, ['--port', String(port), '--db', dbPath], { POSDESK_HQ_FAULTS: JSON.stringify(faults) });
  cleanups.push(async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
  });
  const m = await proc.waitFor(/receiving at (http:\/\/127\.0\.0\.1:(\d+))/, 'HQ listening');
  return { proc, url: m[1], port: Number(m[2]) };
}

async function killed(proc: TsxChild): Promise<void> {
  proc.child.kill('SIGKILL');
  await proc.exited;
}

describe('crashes mid-sync', () => {
  it('HQ dies after committing a batch, before answering; restarted, it ends with every event once', async () => {
    const dir = tempDir();
    const hqDb = path.join(dir, 'hq.db');
    const first = await hqProcess(hqDb, 0, [{ kind: 'pass' }, { kind: 'pass' }, { kind: 'die-after-commit' }]);
    const db = openStoreDb(path.join(dir, 'store.db'));
    cleanups.push(() => db.close());
    appendMany(db, 60, { aggregates: 6, perTx: 4 });
    const w = new SyncWorker({ db, hqUrl: first.url, storeId: STORE, batchSize: 10, caps: { maxEvents: 1000, maxAgeMs: 3_600_000 }, backoff: { baseMs: 10, maxMs: 50 } });
    cleanups.push(() => w.stop());
    w.start();

    await first.proc.exited;
    expect(first.proc.child.signalCode).toBe('SIGKILL');
    await until('store notices HQ is gone', () => w.status().online === false);
    const beforeRestart = w.status();
    expect(beforeRestart.pending).toBe(40); // batch 3 was committed at HQ but never acknowledged

    const second = await hqProcess(hqDb, first.port);
    await until('store drains to the restarted HQ', () => w.status().pending === 0);
    const rows = await hqRowsOverHttp(second.url, STORE);
    console.info(`HQ died mid-batch: store 60 events, pending before restart ${beforeRestart.pending}, HQ stored ${rows.length}`);
    expect(deliveryProblems(storeEvents(db), rows)).toEqual([]);
    expect(w.status()).toMatchObject({ online: true, sentTotal: 60 });
  });

  it('HQ is SIGKILLed while a batch is in flight; restarted, it ends with every event once', async () => {
    const dir = tempDir();
    const hqDb = path.join(dir, 'hq.db');
    const slow: HqFault[] = Array.from({ length: 10 }, () => ({ kind: 'delay', ms: 150 }));
    const first = await hqProcess(hqDb, 0, slow);
    const db = openStoreDb(path.join(dir, 'store.db'));
    cleanups.push(() => db.close());
    appendMany(db, 50, { aggregates: 5, perTx: 5 });
    const w = new SyncWorker({ db, hqUrl: first.url, storeId: STORE, batchSize: 10, caps: { maxEvents: 1000, maxAgeMs: 3_600_000 }, backoff: { baseMs: 10, maxMs: 50 } });
    cleanups.push(() => w.stop());
    w.start();
    // Once the first batch is acknowledged the next one is inside HQ's delay: kill it there.
    await until('first batch acknowledged', () => w.status().sentTotal >= 10);
    await killed(first.proc);
    const atKill = w.status();

    const second = await hqProcess(hqDb, first.port);
    await until('store drains to the restarted HQ', () => w.status().pending === 0);
    const rows = await hqRowsOverHttp(second.url, STORE);
    console.info(`HQ killed in flight: acknowledged before kill ${atKill.sentTotal}, HQ stored ${rows.length} of 50`);
    expect(deliveryProblems(storeEvents(db), rows)).toEqual([]);
  });

  it('the store is SIGKILLed while appending and syncing; restarted, it lost nothing and HQ has everything once', async () => {
    const dir = tempDir();
    const hq = await startHq({ port: 0, dbPath: path.join(dir, 'hq.db') });
    cleanups.push(() => hq.close());
    // Every answer comes late, so the kill lands with a batch committed at HQ but unacknowledged.
    hq.faults.always({ kind: 'delay-after-commit', ms: 15 });
    const storeDb = path.join(dir, 'store.db');
    const TOTAL = 300;

    const run1 = spawnTsx(STORE_FIXTURE, [storeDb, hq.url, String(TOTAL)]);
    cleanups.push(() => (run1.child.exitCode === null ? killed(run1) : undefined));
    await run1.waitFor(/status sent=([3-9]\d|\d{3,})/, 'store has synced some events');
    await killed(run1);
    expect(run1.child.signalCode).toBe('SIGKILL');
    const appendedBeforeKill = Math.max(0, ...run1.lines.map((l) => Number(/^appended (\d+)/.exec(l)?.[1] ?? 0)));
    const atHqAfterKill = hqRows(hq.db, STORE).length;

    hq.faults.always(null);
    const run2 = spawnTsx(STORE_FIXTURE, [storeDb, hq.url, '0']);
    cleanups.push(() => (run2.child.exitCode === null ? killed(run2) : undefined));
    await run2.waitFor(/^drained$/, 'restarted store drained its queue');
    expect(await run2.exited).toBe(0);

    const db = openStoreDb(storeDb);
    cleanups.push(() => db.close());
    const store = storeEvents(db);
    const rows = hqRows(hq.db, STORE);
    const dupes = hq.db.prepare('SELECT SUM(duplicates) FROM hq_batches').pluck().get();
    console.info(
      `store killed mid-sync: ${appendedBeforeKill} appended (reported) before the kill, ${store.length} in the store db, HQ had ${atHqAfterKill} at the kill, ${rows.length} after the restart, ${String(dupes)} resends deduplicated`,
    );
    expect(store.length).toBeGreaterThanOrEqual(appendedBeforeKill); // every reported commit survived the kill
    expect(store.length).toBeGreaterThan(0);
    expect(store.every((e) => e.state === 'sent')).toBe(true);
    expect(deliveryProblems(store, rows)).toEqual([]);
  });
});
