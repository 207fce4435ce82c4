/**
 * Shared by the outbox and HQ tests and the bench: a store database in a temp dir
 * with the outbox table, events appended the way checkout appends them (appendEvent), and
 * HQ's view read back for "exactly once, in order" checks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { HqDb } from '../hq/hq-db';
import { type Db, openDatabase } from '../db/open';
import { appendEvent } from './append-event';
import type { OutboxEvent, OutboxEventType } from './types';

export function makeTempDir(prefix = 'posdesk-outbox-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openStoreDb(file: string): Db {
  const db = openDatabase(file);
  // openDatabase applies every migration, the outbox's included.
  return db;
}

const TYPES: OutboxEventType[] = ['order.completed', 'payment.state', 'refund', 'void'];

/**
 * Appends `count` events spread round-robin over `aggregates` orders, `perTx` events
 * per transaction. Payloads are small and realistic (an amount in fen, a masked PAN).
 */
export function appendMany(db: Db, count: number, opts: { aggregates?: number; perTx?: number; prefix?: string; at?: string; start?: number } = {}): OutboxEvent[] {
  const aggregates = opts.aggregates ?? 10;
  const perTx = opts.perTx ?? 1;
  const prefix = opts.prefix ?? '2025112201';
  const at = opts.at ?? new Date().toISOString();
  const out: OutboxEvent[] = [];
  const tx = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const agg = `${prefix}${String(i % aggregates).padStart(4, '0')}`;
      out.push(appendEvent(db, { type: TYPES[i % TYPES.length], aggregateId: agg, at, payload: { n: i, amountFen: 1000 + i, maskedPan: '622202******1234' } }));
    }
  });
  const start = opts.start ?? 0;
  for (let i = start; i < start + count; i += perTx) tx(i, Math.min(start + count, i + perTx));
  return out;
}

export interface HqEventRow {
  arrival: number;
  id: string;
  aggregate_id: string;
  seq: number;
}

/** HQ's rows for a store, in arrival order. */
export function hqRows(hq: HqDb, storeId: string): HqEventRow[] {
  return hq.prepare<[string], HqEventRow>('SELECT arrival, id, aggregate_id, seq FROM hq_events WHERE store_id = ? ORDER BY arrival').all(storeId);
}

/**
 * What "exactly once, in per-order order" means, checked: every store event is at
 * HQ once, nothing else is, and each aggregate's seqs arrived as 1, 2, 3… Returns
 * a list of problems (empty when all is well), so a failing test says what broke.
 */
export function deliveryProblems(storeEvents: ReadonlyArray<{ id: string; aggregateId: string; seq: number }>, rows: readonly HqEventRow[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) problems.push(`${id} stored ${n} times`);
  const want = new Set(storeEvents.map((e) => e.id));
  const missing = storeEvents.filter((e) => !seen.has(e.id));
  if (missing.length > 0) problems.push(`${missing.length} events missing at HQ, e.g. ${missing[0].aggregateId}#${missing[0].seq}`);
  for (const id of seen.keys()) if (!want.has(id)) problems.push(`HQ holds ${id}, which the store never appended`);
  const lastSeq = new Map<string, number>();
  for (const r of rows) {
    const prev = lastSeq.get(r.aggregate_id) ?? 0;
    if (r.seq !== prev + 1) problems.push(`${r.aggregate_id}: seq ${r.seq} arrived after ${prev}`);
    lastSeq.set(r.aggregate_id, r.seq);
  }
  return problems;
}

/** All outbox rows of a store database, as sent to HQ (for comparing after a crash). */
export function storeEvents(db: Db): Array<{ id: string; aggregateId: string; seq: number; state: string }> {
  return db
    .prepare<[], { id: string; aggregateId: string; seq: number; state: string }>('SELECT id, aggregate_id AS aggregateId, seq, state FROM outbox ORDER BY pos')
    .all();
}

import { until } from '../../test/helpers/until';

export { until };

/** The repository root: children run there so `--import tsx` resolves. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface TsxChild {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first line, after the previous match, that matches `re`. */
  waitFor(re: RegExp, what: string, limitMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Runs a TypeScript file in a child Node process (as `node --import tsx file args…`), collecting its stdout lines. */
export function spawnTsx(file: string, args: string[], env: NodeJS.ProcessEnv = {}): TsxChild {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let cursor = 0;
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    async waitFor(re, what, limitMs = 20_000) {
      let found: RegExpMatchArray | null = null;
      await until(
        `${what} (stderr: ${err.slice(-500)})`,
        () => {
          for (; cursor < lines.length && !found; cursor++) found = lines[cursor].match(re);
          if (!found && child.exitCode !== null) throw new Error(`child exited (${child.exitCode}) before: ${what}\n${err}`);
          return found !== null;
        },
        limitMs,
      );
      if (!found) throw new Error(`no line for ${what}`);
      return found;
    },
  };
}

/** HQ's view over its own API (usable while HQ runs in another process). */
export async function hqRowsOverHttp(url: string, storeId: string): Promise<HqEventRow[]> {
  const res = await fetch(`${url}/v1/stores/${storeId}/events?limit=10000`);
  const body = (await res.json()) as { events: Array<{ arrival: number; id: string; aggregateId: string; seq: number }> };
  return body.events.map((e) => ({ arrival: e.arrival, id: e.id, aggregate_id: e.aggregateId, seq: e.seq }));
}
