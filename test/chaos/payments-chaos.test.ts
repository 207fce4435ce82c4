/**
 * Chaos: the headless core (a child process) is killed with SIGKILL at random points
 * during card, QR and split payments, then restarted. After recovery, every charge the
 * simulators still hold is recorded approved in SQLite, every approved leg in SQLite is a
 * charge the simulators hold, nothing is charged twice, and PRAGMA integrity_check is ok.
 *
 * CHAOS_POINTS (default 200) sets the number of kills; CHAOS_SEED replays a run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../drivers/terminal/simulator/prng';
import { magicAmount } from '../../main/channels/gateway-sim/outcomes';
import { refundedFen } from '../../main/channels/gateway-sim/sim-trade';
import type { CallResult, CheckoutState } from '../../preload/contract';
import { newDataDir, ROOT, serveCore, type ServedCore } from '../e2e/support/server';
import { startSimulators, type Simulators } from './simulators';

const POINTS = Number(process.env.CHAOS_POINTS ?? 200);
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const MAX_KILL_DELAY_MS = 150;
/** Share of restarts that are themselves killed during start-up / recovery. */
const RECOVERY_KILL_SHARE = 0.15;

/** Starts the core and SIGKILLs it after `ms`, ready or not (a crash during recovery). */
async function killDuringStart(dataDir: string, flags: string[], ms: number): Promise<void> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'out/main/cli.js'), 'serve', '--port', '0', '--data-dir', dataDir, ...flags], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, ms));
  if (proc.exitCode === null) {
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await gone;
  }
}

async function api<T>(core: ServedCore, call: string, input: unknown): Promise<CallResult<T>> {
  const res = await fetch(`${core.url}api/call/${call}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return (await res.json()) as CallResult<T>;
}

let seq = 0;
const wechatCode = () => `13${String(SEED).padStart(6, '0')}${String(++seq).padStart(10, '0')}`;
const alipayCode = () => `28${String(SEED).padStart(6, '0')}${String(++seq).padStart(10, '0')}`;

type Scenario = 'card' | 'wechat' | 'wechat-userpaying' | 'alipay-systemerror' | 'split-card-cash' | 'split-qr-card';
const SCENARIOS: Scenario[] = ['card', 'wechat', 'wechat-userpaying', 'alipay-systemerror', 'split-card-cash', 'split-qr-card'];

/** The payment calls of one scenario, run in order; the kill lands somewhere among them. */
function steps(s: Scenario): Array<[string, unknown]> {
  switch (s) {
    case 'card':
      return [['checkout.pay', { tender: 'card' }]];
    case 'wechat':
      return [['checkout.pay', { tender: 'qrScan', authCode: wechatCode() }]];
    case 'wechat-userpaying':
      return [['checkout.pay', { tender: 'qrScan', authCode: wechatCode(), amountFen: magicAmount('USERPAYING') }]];
    case 'alipay-systemerror':
      return [['checkout.pay', { tender: 'qrScan', authCode: alipayCode(), amountFen: magicAmount('SYSTEMERROR_PAID') }]];
    case 'split-card-cash':
      return [
        ['checkout.pay', { tender: 'card', amountFen: 3000 }],
        ['checkout.pay', { tender: 'cash', tenderedFen: 5000 }],
      ];
    case 'split-qr-card':
      return [
        ['checkout.pay', { tender: 'qrScan', authCode: alipayCode(), amountFen: 2000 }],
        ['checkout.pay', { tender: 'card' }],
      ];
  }
}

let sims: Simulators;
let dir: string;

beforeAll(async () => {
  dir = newDataDir();
  sims = await startSimulators(dir);
});
afterAll(async () => {
  await sims?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** After a restart: the counter must have settled everything, then the open order is cancelled. */
async function settle(core: ServedCore, counts: Record<string, number>): Promise<void> {
  const st = await api<CheckoutState>(core, 'checkout.state', {});
  if (!st.ok) throw new Error(st.error.message);
  expect(st.result.recovering).toBe(false);
  counts.recoveredLegs += st.result.recovered.length;
  for (const r of st.result.recovered) counts[`recovered→${r.to}`] = (counts[`recovered→${r.to}`] ?? 0) + 1;
  // Nothing may stay in doubt when both simulators are reachable.
  expect(st.result.inDoubt).toEqual([]);
  if (st.result.openOrder) {
    const c = await api<CheckoutState>(core, 'checkout.cancel', {});
    if (!c.ok) throw new Error(`cancel failed: ${c.error.message}`);
    counts.cancelledOpenOrders++;
  }
}

describe(`payments chaos (${POINTS} SIGKILLs, seed ${SEED})`, () => {
  it('never loses an approved payment and never charges twice', async () => {
    const prng = new Prng(SEED);
    const rnd = () => prng.next();
    const dataDir = path.join(dir, 'core');
    const counts: Record<string, number> = { kills: 0, killsDuringRecovery: 0, recoveredLegs: 0, cancelledOpenOrders: 0, completedBeforeKill: 0 };
    let core = await serveCore(dataDir, sims.coreFlags);
    try {
      for (let i = 0; i < POINTS; i++) {
        await settle(core, counts);
        const scenario = SCENARIOS[Math.floor(rnd() * SCENARIOS.length)];
        counts[scenario] = (counts[scenario] ?? 0) + 1;
        const scanned = await api(core, 'cart.scan', { code: '6901234000122' }); // ¥70.00
        expect(scanned.ok).toBe(true);
        const killAt = Math.floor(rnd() * MAX_KILL_DELAY_MS);
        const run = (async () => {
          for (const [call, input] of steps(scenario)) await api(core, call, input);
          counts.completedBeforeKill++;
        })().catch(() => undefined);
        await Promise.race([new Promise((r) => setTimeout(r, killAt)), run]);
        await core.stop('SIGKILL');
        counts.kills++;
        await run;
        // Now and then the restart itself dies too, somewhere in start-up or recovery.
        if (rnd() < RECOVERY_KILL_SHARE) {
          await killDuringStart(dataDir, sims.coreFlags, Math.floor(rnd() * 600));
          counts.killsDuringRecovery++;
        }
        core = await serveCore(dataDir, sims.coreFlags);
      }
      await settle(core, counts);
    } finally {
      await core.stop('SIGTERM');
    }

    // ---- reconcile the simulators against the store's database
    const db = new Database(path.join(dataDir, 'posdesk.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const legs = db.prepare('SELECT leg_ref, tender, state, pending_action FROM payments WHERE leg_ref IS NOT NULL').all() as Array<{
        leg_ref: string;
        tender: string;
        state: string;
        pending_action: string | null;
      }>;
      const byRef = new Map(legs.map((l) => [l.leg_ref, l]));

      // What the simulators hold as money taken (net of voids, reversals, refunds).
      const held = new Set<string>();
      const saleCount = new Map<string, number>();
      for (const e of sims.terminal.journal()) {
        if (e.kind !== 'sale' || e.result.outcome !== 'approved') continue;
        saleCount.set(e.result.orderNo, (saleCount.get(e.result.orderNo) ?? 0) + 1);
        if (!e.voided && !e.reversed && e.refundedFen < e.result.amountFen) held.add(e.result.orderNo);
      }
      for (const t of sims.gateway.control.trades()) {
        if (t.state === 'SUCCESS' && refundedFen(t) < t.amountFen) held.add(t.outTradeNo);
      }
      // Never charged twice: one approved sale per reference at the terminal.
      expect([...saleCount.values()].filter((n) => n > 1)).toEqual([]);
      // Every charge the simulators hold is an approved leg in SQLite...
      const lost = [...held].filter((ref) => byRef.get(ref)?.state !== 'approved');
      expect(lost).toEqual([]);
      // ...and every approved card/QR leg in SQLite is money the simulators hold.
      const phantom = legs.filter((l) => l.state === 'approved' && l.tender !== 'cash' && l.tender !== 'storedValue' && !held.has(l.leg_ref));
      expect(phantom).toEqual([]);
      // Nothing left half-done.
      expect(legs.filter((l) => l.pending_action !== null || ['created', 'sent', 'awaitingCard', 'userPaying', 'unknown'].includes(l.state))).toEqual([]);
      const byState: Record<string, number> = {};
      for (const l of legs) byState[l.state] = (byState[l.state] ?? 0) + 1;
      console.log(
        `chaos: seed ${SEED}, ${counts.kills} SIGKILLs, ${legs.length} legs ${JSON.stringify(byState)}, simulators hold ${held.size} charges, ` +
          `${counts.recoveredLegs} legs settled by recovery, counts ${JSON.stringify(counts)}`,
      );
    } finally {
      db.close();
    }
  }, 900_000);
});
