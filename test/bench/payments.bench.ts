/**
 * Checkout figures: payments/s through the whole write-ahead state machine against the
 * embedded simulators (cash, card over loopback TCP, WeChat over HTTP), and the time the
 * next start needs to settle 1,000 in-doubt payments left by a crash (goal < 2 s).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore } from '../../main/app';
import { startSimulators } from '../chaos/simulators';
import { serveCore } from '../e2e/support/server';
import { loadConfig } from '../../main/config';
import { tempDir } from '../helpers/temp-dir';
import type { BenchRow } from './bench-row';

const RUN_MS = 4_000;
const IN_DOUBT = 1_000;

const FAST = ['--qr-time-scale', '0.01', '--sim-stage-delay-ms', '0', '--terminal-txn-ms', '3000', '--qr-timeout-ms', '1000'];

async function throughput(tender: 'cash' | 'card' | 'wechat'): Promise<{ perSec: number; n: number }> {
  const dir = tempDir('posdesk-bench-');
  const core = await createCore(loadConfig(['--data-dir', dir, '--port', '0', ...FAST], {}), { mode: 'headless' });
  core.sims.gateway?.control.setRules({ reverseMinDelayMs: 0 });
  let n = 0;
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < RUN_MS) {
      await core.dispatch('cart.scan', { code: '6901234000016' });
      const input =
        tender === 'cash'
          ? { tender: 'cash', tenderedFen: 200 }
          : tender === 'card'
            ? { tender: 'card' }
            : { tender: 'qrScan', authCode: `13${String(Date.now() % 1e8).padStart(8, '0')}${String(n).padStart(8, '0')}` };
      const r = await core.dispatch('checkout.pay', input);
      if (!r.ok) throw new Error(`${tender}: ${r.error.message}`);
      n++;
    }
    return { perSec: (n * 1000) / (performance.now() - t0), n };
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Leaves IN_DOUBT legs as a crash would (state 'sent': the action may or may not have
 * happened), then times the next start of the core, a child process, until it is ready —
 * which is after recovery. The simulators run in this process, as remote systems would.
 */
async function recovery(): Promise<{ ms: number; baselineMs: number; settled: Record<string, number> }> {
  const dir = tempDir('posdesk-bench-');
  // The terminal simulator keeps no state file here: its own disk writes are not the counter's cost.
  const sims = await startSimulators(dir, { stageDelayMs: 0, persistTerminal: false });
  const dataDir = path.join(dir, 'core');
  try {
    const first = await serveCore(dataDir, sims.coreFlags);
    await first.stop();
    const dbFile = path.join(dataDir, 'posdesk.db');
    const db = new Database(dbFile);
    const at = new Date(Date.now() - 120_000).toISOString(); // the channels' waiting windows have passed
    const tenders = (process.env.BENCH_TENDERS?.split(',') ?? ['card', 'wechat', 'alipay', 'storedValue']) as Array<'card' | 'wechat' | 'alipay' | 'storedValue'>;
    db.transaction(() => {
      for (let i = 0; i < IN_DOUBT; i++) {
        const orderId = randomUUID();
        const orderNo = `20990101${String(i).padStart(6, '0')}`;
        db.prepare(`INSERT INTO orders (id, order_no, status, cashier, total_fen, created_at) VALUES (?, ?, 'open', '001', 100, ?)`).run(orderId, orderNo, at);
        db.prepare(`INSERT INTO payments (id, order_id, leg_no, leg_ref, tender, amount_fen, state, created_at, updated_at) VALUES (?, ?, 1, ?, ?, 100, 'sent', ?, ?)`).run(
          randomUUID(),
          orderId,
          `${orderNo}01`,
          tenders[i % tenders.length],
          at,
          at,
        );
      }
    })();
    db.close();
    let t = performance.now();
    const again = await serveCore(dataDir, sims.coreFlags);
    const ms = performance.now() - t;
    await again.stop();
    t = performance.now();
    const clean = await serveCore(dataDir, sims.coreFlags);
    const baselineMs = performance.now() - t;
    await clean.stop();
    const check = new Database(dbFile, { readonly: true });
    const settled: Record<string, number> = {};
    for (const r of check.prepare(`SELECT state, COUNT(*) AS n FROM payments GROUP BY state`).all() as Array<{ state: string; n: number }>) settled[r.state] = r.n;
    check.close();
    return { ms, baselineMs, settled };
  } finally {
    await sims.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const tender of ['cash', 'card', 'wechat'] as const) {
    const r = await throughput(tender);
    rows.push({ bench: 'payments', metric: `${tender} payments/s (scan + pay + receipt, one counter)`, value: r.perSec, unit: '/s', note: `${r.n} in ${RUN_MS / 1000} s` });
  }
  const rec = await recovery();
  rows.push({
    bench: 'payments',
    metric: `recovery of ${IN_DOUBT} in-doubt payments at start`,
    value: rec.ms - rec.baselineMs,
    unit: 'ms',
    goal: '< 2000 ms',
    note: `start with them ${Math.round(rec.ms)} ms, clean start ${Math.round(rec.baselineMs)} ms; 1/4 each card, WeChat, Alipay, member card; settled ${JSON.stringify(rec.settled)}`,
  });
  return rows;
}
