/**
 * Outbox figures (issue "Done when"):
 * - durable enqueue: one event per transaction with synchronous=FULL, as a ratio to a
 *   raw better-sqlite3 fsync'd single-row insert on the same disk in the same run
 *   (both are bound by the commit's fsync; the ratio shows what the outbox adds);
 * - batched enqueue: 100 events per transaction;
 * - drain: a 100,000-event backlog forwarded to the reference HQ on 127.0.0.1
 *   (in this process, so HQ and store share one event loop: a conservative figure).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHq } from '../../main/hq/server';
import { appendEvent } from '../../main/outbox/append-event';
import { HQ_MAX_BATCH } from '../../main/outbox/hq-contract';
import { SyncWorker } from '../../main/outbox/sync-worker';
import { appendMany, makeTempDir, openStoreDb } from '../../main/outbox/outbox-test-kit';
import type { BenchRow } from './bench-row';

const BENCH = 'outbox';
/** Each single-row phase runs this long; eight rounds each, alternated, so slow drift in the disk (writeback left by an earlier bench) falls on both sides alike. */
const PHASE_MS = 500;
const ROUNDS = 8;
const BACKLOG = 100_000;
const BATCHED_EVENTS = 20_000;
const PER_TX = 100;

const payload = { orderNo: '20251122010001', state: 'approved', amountFen: 12_345, tender: 'card', maskedPan: '622202******1234', traceNo: '000123' };
const at = '2025-11-22T10:00:00.000+08:00';

function ms(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e6;
}

/** Runs `op` repeatedly for about PHASE_MS; returns [count, elapsed ms]. */
function timed(op: (i: number) => void): [number, number] {
  const t0 = process.hrtime.bigint();
  let n = 0;
  while (ms(t0) < PHASE_MS) {
    op(n);
    n++;
  }
  return [n, ms(t0)];
}

export default async function (): Promise<BenchRow[]> {
  const dir = makeTempDir('posdesk-bench-outbox-');
  try {
    // Raw baseline: the cheapest durable write better-sqlite3 can do, same pragmas as the store.
    const raw = new Database(path.join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const rawInsert = raw.prepare('INSERT INTO t (v) VALUES (?)');
    const rawText = JSON.stringify(payload);

    const db = openStoreDb(path.join(dir, 'store.db'));
    const enqueueOne = db.transaction((i: number) => appendEvent(db, { type: 'payment.state', aggregateId: `2025112201${String(i % 500).padStart(4, '0')}`, at, payload }));

    let rawN = 0;
    let rawMs = 0;
    let outN = 0;
    let outMs = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const [n1, t1] = timed(() => rawInsert.run(rawText));
      rawN += n1;
      rawMs += t1;
      const [n2, t2] = timed((i) => enqueueOne(outN + i));
      outN += n2;
      outMs += t2;
    }
    raw.close();
    const rawRate = (rawN / rawMs) * 1000;
    const durableRate = (outN / outMs) * 1000;

    const t0 = process.hrtime.bigint();
    appendMany(db, BATCHED_EVENTS, { aggregates: 1000, perTx: PER_TX, prefix: 'B' });
    const batchedRate = (BATCHED_EVENTS / ms(t0)) * 1000;
    // Leave only the backlog pending: what came before is not part of the drain.
    db.exec(`UPDATE outbox SET state = 'sent' WHERE state = 'pending'`);

    appendMany(db, BACKLOG, { aggregates: 5000, perTx: 1000, prefix: 'D' });
    const hq = await startHq({ port: 0, dbPath: path.join(dir, 'hq.db') });
    const worker = new SyncWorker({ db, hqUrl: hq.url, storeId: 'BENCH', batchSize: HQ_MAX_BATCH, caps: { maxEvents: 1_000_000, maxAgeMs: 86_400_000 } });
    const t1 = process.hrtime.bigint();
    const s = await worker.flushNow();
    const drainMs = ms(t1);
    await worker.stop();
    await hq.close();
    db.close();
    const drained = s.sentTotal;

    return [
      { bench: BENCH, metric: 'raw fsync\'d insert (1 row/tx, WAL, FULL)', value: rawRate, unit: 'tx/s' },
      { bench: BENCH, metric: 'durable enqueue (1 event/tx, FULL)', value: durableRate, unit: 'events/s' },
      { bench: BENCH, metric: 'durable enqueue / raw insert', value: durableRate / rawRate, unit: 'ratio', goal: '≥ 0.7' },
      { bench: BENCH, metric: `batched enqueue (${PER_TX} events/tx)`, value: batchedRate, unit: 'events/s' },
      {
        bench: BENCH,
        metric: `drain to loopback HQ (batches of ${HQ_MAX_BATCH})`,
        value: (drained / drainMs) * 1000,
        unit: 'events/s',
        goal: '≥ 5,000',
        note: s.pending === 0 ? `${drained} events` : `${s.pending} left: ${s.lastError ?? ''}`,
      },
      { bench: BENCH, metric: `${BACKLOG.toLocaleString('en-US')}-event backlog drain time`, value: drainMs / 1000, unit: 's', goal: '< 30 s' },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
