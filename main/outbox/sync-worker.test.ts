/**
 * The sync worker against the real reference HQ on 127.0.0.1 (port 0), with real
 * SQLite files on both sides: faults are injected by HQ on the socket, and every
 * test ends by checking HQ holds each store event exactly once, in per-order order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import type { HqFault } from '../hq/faults';
import { type HqHandle, type HqOptions, startHq } from '../hq/server';
import { appendEvent } from './append-event';
import { SyncWorker, type SyncWorkerOptions } from './sync-worker';
import { appendMany, deliveryProblems, hqRows, makeTempDir, openStoreDb, storeEvents, until } from './outbox-test-kit';
import type { QueueStatus } from './types';

const STORE = 'S001';
const caps = { maxEvents: 10_000, maxAgeMs: 24 * 3_600_000 };
/** Small so retries happen within the test, not after it. */
const fastBackoff = { baseMs: 5, maxMs: 40 };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function storeDb(): Db {
  const dir = makeTempDir();
  const db = openStoreDb(path.join(dir, 'store.db'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => db.close());
  return db;
}

async function hq(opts: Partial<HqOptions> = {}): Promise<HqHandle> {
  const dir = makeTempDir('posdesk-hq-');
  const h = await startHq({ port: 0, dbPath: path.join(dir, 'hq.db'), ...opts });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => h.close());
  return h;
}

function worker(db: Db, h: { url: string }, opts: Partial<SyncWorkerOptions> = {}): SyncWorker {
  const w = new SyncWorker({ db, hqUrl: h.url, storeId: STORE, batchSize: 10, caps, backoff: fastBackoff, ...opts });
  cleanups.push(() => w.stop());
  return w;
}

function expectDelivered(db: Db, h: HqHandle): void {
  const store = storeEvents(db);
  expect(deliveryProblems(store, hqRows(h.db, STORE))).toEqual([]);
  expect(store.filter((e) => e.state !== 'sent')).toEqual([]);
}

describe('SyncWorker', () => {
  it('forwards the outbox in batches, each order in sequence, and reports a clean status', async () => {
    const db = storeDb();
    const h = await hq();
    appendMany(db, 57, { aggregates: 5, perTx: 3 });
    const w = worker(db, h, { batchSize: 10 });
    const s = await w.flushNow();
    expectDelivered(db, h);
    expect(s).toMatchObject({ online: true, pending: 0, oldestAgeMs: 0, sentTotal: 57, throughputPerMin: 57, lastError: null, quarantined: [], capWarning: null });
    expect(h.db.prepare('SELECT COUNT(*) FROM hq_batches').pluck().get()).toBe(6);
    const keys = h.db.prepare('SELECT idempotency_key FROM hq_batches').pluck().all() as string[];
    expect(new Set(keys).size).toBe(6);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends right away when nudged after a commit, without waiting for the idle poll', async () => {
    const db = storeDb();
    const h = await hq();
    const w = worker(db, h, { idlePollMs: 60_000 });
    w.start();
    await new Promise((r) => setTimeout(r, 20)); // let the first (empty) cycle go idle
    appendMany(db, 3, { aggregates: 1 });
    w.nudge();
    await until('nudged events sent', () => w.status().pending === 0);
    expectDelivered(db, h);
  });

  it('survives 500s, 503s, dropped connections and slow answers: every event exactly once, in order', async () => {
    const db = storeDb();
    const faults: HqFault[] = [
      { kind: 'status', status: 500 },
      { kind: 'pass' },
      { kind: 'status', status: 503 },
      { kind: 'drop-before-commit' },
      { kind: 'pass' },
      { kind: 'drop-after-commit' },
      { kind: 'delay-after-commit', ms: 400 }, // answered after the store gave up: a resend finds duplicates
      { kind: 'delay', ms: 400 }, // committed after the store gave up and resent
      { kind: 'status', status: 500 },
      { kind: 'drop-after-commit' },
    ];
    const h = await hq({ faults });
    appendMany(db, 40, { aggregates: 4, perTx: 2 });
    const w = worker(db, h, { batchSize: 8, requestTimeoutMs: 150 });
    const seen: QueueStatus[] = [];
    w.onStatus((s) => seen.push(s));
    w.start();
    // More sales keep coming while the link misbehaves.
    appendMany(db, 20, { aggregates: 6, perTx: 1, prefix: '2025112202' });
    await until('queue drained after all faults', () => h.faults.queued === 0 && w.status().pending === 0);
    // The request delayed before commit may still be sleeping at HQ: let it land, then check.
    await until('late commit landed', () => hqRows(h.db, STORE).length >= 60);
    await new Promise((r) => setTimeout(r, 450));
    expectDelivered(db, h);
    const rows = hqRows(h.db, STORE);
    const batches = h.db.prepare<[], { accepted: number; duplicates: number }>('SELECT SUM(accepted) AS accepted, SUM(duplicates) AS duplicates FROM hq_batches').get();
    console.info(
      `faults: store appended ${storeEvents(db).length}, HQ stored ${rows.length}, HQ acknowledged ${batches?.duplicates} duplicates; faults applied ${JSON.stringify(Object.fromEntries(h.faults.applied))}`,
    );
    expect(rows.length).toBe(60);
    expect(batches?.duplicates).toBeGreaterThan(0); // the resends really happened and were absorbed
    expect(seen.some((s) => s.lastError?.includes('500'))).toBe(true);
    expect(seen.some((s) => s.online === false)).toBe(true);
    expect(w.status()).toMatchObject({ online: true, pending: 0, sentTotal: 60, lastError: null });
  });

  it('detects offline from failed attempts, probes health, and catches up when HQ returns on the same port', async () => {
    const db = storeDb();
    const dir = makeTempDir('posdesk-hq-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const first = await startHq({ port: 0, dbPath: path.join(dir, 'hq.db') });
    const port = first.port;
    await first.close();

    appendMany(db, 12, { aggregates: 3 });
    const w = worker(db, first);
    const emitted: QueueStatus[] = [];
    w.onStatus((s) => emitted.push(s));
    const offline = await w.flushNow();
    expect(offline.online).toBe(false);
    expect(offline.lastError).toMatch(/HQ unreachable: .*ECONNREFUSED/);
    expect(offline.pending).toBe(12);
    await w.flushNow(); // still offline: nothing visible changed, so no new status event
    expect(emitted.length).toBe(1);

    const back = await startHq({ port, dbPath: path.join(dir, 'hq.db') });
    cleanups.push(() => back.close());
    const online = await w.flushNow();
    expect(online).toMatchObject({ online: true, pending: 0, lastError: null });
    expect(emitted.map((s) => s.online)).toEqual([false, true]);
    expectDelivered(db, back);
  });

  it('quarantines a poison event, holds back only its own order, and delivers it on retry once HQ accepts it', async () => {
    const db = storeDb();
    let refuse = true;
    const h = await hq({
      validate: (_s, e) => (refuse && (e.payload as { poison?: boolean }).poison ? { code: 'NEGATIVE_TOTAL', message: 'order total is below zero' } : null),
    });
    const at = '2025-11-22T10:00:00.000+08:00';
    const poisonId = db.transaction(() => {
      appendEvent(db, { type: 'payment.state', aggregateId: 'A', at, payload: { state: 'approved' } });
      const p = appendEvent(db, { type: 'order.completed', aggregateId: 'A', at, payload: { poison: true } });
      appendEvent(db, { type: 'refund', aggregateId: 'A', at, payload: { amountFen: 100 } });
      for (let i = 0; i < 3; i++) appendEvent(db, { type: 'payment.state', aggregateId: 'B', at, payload: { i } });
      return p.id;
    })();
    db.transaction(() => appendEvent(db, { type: 'void', aggregateId: 'A', at, payload: {} }))();

    const w = worker(db, h, { batchSize: 3 });
    const s = await w.flushNow();
    expect(hqRows(h.db, STORE).map((r) => `${r.aggregate_id}#${r.seq}`)).toEqual(['A#1', 'B#1', 'B#2', 'B#3']);
    expect(s.pending).toBe(2); // A#3 and A#4 wait behind the quarantined A#2
    expect(s.quarantined).toMatchObject([{ id: poisonId, aggregateId: 'A', seq: 2, code: 'NEGATIVE_TOTAL', message: 'order total is below zero', attempts: 1 }]);
    // lastError describes the link, which is fine again; the poison is shown in the quarantine list.
    expect(s.lastError).toBe(null);
    const exported = w.exportQuarantined().trim().split('\n').map((l) => JSON.parse(l) as { id: string; payload: unknown; code: string });
    expect(exported).toMatchObject([{ id: poisonId, payload: { poison: true }, code: 'NEGATIVE_TOTAL' }]);

    // New sales of other orders still flow past the poison.
    db.transaction(() => appendEvent(db, { type: 'payment.state', aggregateId: 'C', at, payload: {} }))();
    expect((await w.flushNow()).pending).toBe(2);
    expect(hqRows(h.db, STORE).at(-1)?.aggregate_id).toBe('C');

    expect(w.retryQuarantined('no-such-id')).toBe(false);
    refuse = false; // HQ fixed its rule
    expect(w.retryQuarantined(poisonId)).toBe(true);
    const done = await w.flushNow();
    expect(done).toMatchObject({ pending: 0, quarantined: [], lastError: null });
    expectDelivered(db, h);
  });

  it('resends in order when HQ has lost events the store had sent (SEQ_GAP rewind)', async () => {
    const db = storeDb();
    const h = await hq();
    const w = worker(db, h);
    appendMany(db, 3, { aggregates: 1, prefix: 'A' });
    await w.flushNow();
    // HQ restored from an older backup: it knows only A#1.
    h.db.exec(`DELETE FROM hq_events WHERE seq > 1; UPDATE hq_aggregates SET last_seq = 1;`);
    appendMany(db, 1, { aggregates: 1, prefix: 'A' });
    const s = await w.flushNow();
    expect(s).toMatchObject({ pending: 0, quarantined: [] });
    expect(hqRows(h.db, STORE).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expectDelivered(db, h);
  });

  it('isolates an event HQ refuses as a whole request (400) by halving the batch, then quarantines it alone', async () => {
    const db = storeDb();
    const h = await hq();
    const events = appendMany(db, 20, { aggregates: 20 });
    const choke = events[10].id;
    let requests = 0;
    const choosyFetch: typeof fetch = async (input, init) => {
      requests++;
      if (typeof init?.body === 'string' && init.body.includes(choke)) {
        return new Response(JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'cannot parse event' } }), { status: 400 });
      }
      return fetch(input, init);
    };
    const w = worker(db, h, { batchSize: 8, fetch: choosyFetch });
    const s = await w.flushNow();
    expect(s.quarantined.map((q) => [q.id, q.code])).toEqual([[choke, 'HTTP_400']]);
    expect(s.pending).toBe(0);
    expect(hqRows(h.db, STORE).length).toBe(19);
    expect(requests).toBeLessThan(12);
  });

  it('reports refused credentials and rate limits without quarantining anything', async () => {
    const db = storeDb();
    const h = await hq({ token: 'right', faults: [{ kind: 'status', status: 429, retryAfterS: 1 }] });
    appendMany(db, 5, { aggregates: 1 });
    const wrong = worker(db, h, { token: 'wrong' });
    expect(await wrong.flushNow()).toMatchObject({ online: true, pending: 5, quarantined: [], lastError: expect.stringMatching(/refused the store's credentials \(403/) });
    const right = worker(db, h, { token: 'right' });
    expect((await right.flushNow()).lastError).toMatch(/slow down \(429/);
    expect(await right.flushNow()).toMatchObject({ pending: 0, lastError: null });
    expectDelivered(db, h);
  });

  it('stop() abandons an in-flight request; its events stay queued and go on the next run', async () => {
    const db = storeDb();
    const h = await hq({ faults: [{ kind: 'drop-before-commit' }] });
    appendMany(db, 4, { aggregates: 2 });
    const w = worker(db, h, { backoff: { baseMs: 60_000, maxMs: 60_000 } });
    w.start();
    await until('first request reached HQ', () => h.faults.applied.get('drop-before-commit') === 1);
    await w.stop();
    expect(w.status().pending).toBe(4);
    await w.flushNow();
    expectDelivered(db, h);
  });

  it('warns before a cap is hit, with a countdown', async () => {
    const db = storeDb();
    let now = Date.parse('2025-11-22T02:00:00.000Z');
    appendMany(db, 9, { aggregates: 3, at: new Date(now).toISOString() });
    const w = worker(db, { url: 'http://127.0.0.1:9' }, { now: () => now, caps: { maxEvents: 10, maxAgeMs: 24 * 3_600_000 } });
    expect(w.status().capWarning).toEqual({ kind: 'count', remaining: 1, etaMs: null });
    now += 23.5 * 3_600_000;
    expect(w.status()).toMatchObject({ oldestAgeMs: 23.5 * 3_600_000, capWarning: { kind: 'age', remaining: 1_800_000, etaMs: 1_800_000 } });
  });
});
