/**
 * Many simulated terminals at once: N `posdesk sim` services (main/sim/sim-service.ts), each
 * listening on its own 127.0.0.1 port with zero simulated delay, each driven by its own full
 * host-side TerminalDriver (the counter's driver, not a lighter client) over its own TCP
 * connection. Profile: 'wangpos' (length-prefixed JSON over TCP; per sale 1 request, 5
 * progress messages and 1 reply). The simulators run in a process of their own (sim-farm.ts),
 * as a rack of simulated terminals runs apart from the counters: the RSS goal is theirs, and
 * this process's RSS (the 500 drivers) is shown beside it.
 *
 * Two phases, because with every terminal selling back to back latency is just N / throughput
 * (Little's law: 500 busy terminals at 2,500 sales/s means 200 ms each, however fast the code):
 *   1. saturation: every terminal sells back to back; gives the ceiling in sales/s;
 *   2. offered load: every terminal starts one sale each 1/RATE s (2,000 sales/s in all, a
 *      random phase each), the way counters really send; gives the latency at that load.
 * Figures only; no assertions.
 */
import { FAST_TIMEOUTS } from '../../drivers/terminal/host/e2e-test-kit';
import { channelFactory } from '../../drivers/terminal/host/connect';
import { type DriverResult, TerminalDriver } from '../../drivers/terminal/host/driver';
import { getProfile } from '../../drivers/terminal/profiles';
import { TcpTransport } from '../../drivers/transport/tcp';
import type { BenchRow } from './bench-row';
import { type SimFarm, startSimFarm } from './sim-farm-client';

const BENCH = 'terminal-load';
const TERMINALS = Number(process.env.TERMINAL_LOAD_N ?? 500);
const SATURATION_MS = 5_000;
const OFFERED_MS = 8_000;
/** The aggregate goal, offered evenly across the terminals in phase 2. */
const OFFERED_SALES_PER_S = 2_000;
/** 10.00 yuan: the amount table approves any .00–.50. */
const SALE_FEN = 1000;
const RSS_SAMPLE_MS = 100;
const MB = 1024 * 1024;
const NS_PER_MS = 1_000_000n;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Tally {
  latenciesMs: number[];
  ok: number;
  other: number;
}

function tally(): Tally {
  return { latenciesMs: [], ok: 0, other: 0 };
}

async function timedSale(d: TerminalDriver, orderNo: string, t: Tally): Promise<void> {
  const start = process.hrtime.bigint();
  const r: DriverResult = await d.sale(SALE_FEN, orderNo);
  t.latenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (r.result.outcome === 'approved' && r.resolvedBy === 'reply') t.ok++;
  else t.other++;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function (): Promise<BenchRow[]> {
  const profile = getProfile('wangpos');
  let farm: SimFarm | undefined;
  let farmRss = { peakMb: Number.NaN, beforeMb: Number.NaN };
  const drivers: TerminalDriver[] = [];
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);
  const saturated = tally();
  const offered = tally();
  let saturatedS = 0;
  let offeredS = 0;
  try {
    farm = await startSimFarm(TERMINALS);
    for (const port of farm.ports) {
      drivers.push(
        new TerminalDriver({
          profile,
          connect: channelFactory({ profile, openTransport: () => new TcpTransport({ port }) }),
          timeouts: FAST_TIMEOUTS,
        }),
      );
    }
    await Promise.all(drivers.map((d) => d.signIn()));

    // Phase 1: saturation.
    const t1 = process.hrtime.bigint();
    const end1 = t1 + BigInt(SATURATION_MS) * NS_PER_MS;
    await Promise.all(
      drivers.map(async (d, i) => {
        for (let n = 0; process.hrtime.bigint() < end1; n++) await timedSale(d, `S${i}-${n}`, saturated);
      }),
    );
    saturatedS = Number(process.hrtime.bigint() - t1) / 1e9;

    // Phase 2: offered load, open loop per terminal (a sale still running delays the next).
    const intervalMs = (drivers.length * 1000) / OFFERED_SALES_PER_S;
    const t2 = process.hrtime.bigint();
    const end2 = t2 + BigInt(OFFERED_MS) * NS_PER_MS;
    await Promise.all(
      drivers.map(async (d, i) => {
        const phaseMs = (i / drivers.length) * intervalMs;
        for (let n = 0; ; n++) {
          const due = t2 + BigInt(Math.round((phaseMs + n * intervalMs) * 1e6));
          if (due >= end2) return;
          const wait = Number(due - process.hrtime.bigint()) / 1e6;
          if (wait > 0) await sleep(wait);
          await timedSale(d, `O${i}-${n}`, offered);
        }
      }),
    );
    offeredS = Number(process.hrtime.bigint() - t2) / 1e9;
  } finally {
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await Promise.all(drivers.map((d) => d.close().catch(() => undefined)));
    if (farm) farmRss = await farm.stop();
  }
  const sat = [...saturated.latenciesMs].sort((a, b) => a - b);
  const off = [...offered.latenciesMs].sort((a, b) => a - b);
  const satTotal = saturated.ok + saturated.other;
  const offTotal = offered.ok + offered.other;
  const setup = `${TERMINALS} terminals, wangpos (length-prefixed JSON) over TCP 127.0.0.1, one full TerminalDriver each, zero stage delay`;
  return [
    { bench: BENCH, metric: 'terminals served concurrently', value: farm?.ports.length ?? 0, unit: 'terminals', goal: '≥ 500', note: setup },
    {
      bench: BENCH,
      metric: 'sales/s, saturated (all selling back to back)',
      value: saturatedS > 0 ? satTotal / saturatedS : 0,
      unit: 'sales/s',
      goal: '≥ 2,000',
      note: `${satTotal} sales in ${saturatedS.toFixed(1)} s; ${saturated.other} not approved by reply; p50 ${percentile(sat, 50).toFixed(0)} ms, p99 ${percentile(sat, 99).toFixed(0)} ms (= N / throughput)`,
    },
    {
      bench: BENCH,
      metric: `sales/s at ${OFFERED_SALES_PER_S} offered`,
      value: offeredS > 0 ? offTotal / offeredS : 0,
      unit: 'sales/s',
      goal: '≥ 2,000',
      note: `${offTotal} sales in ${offeredS.toFixed(1)} s; ${offered.other} not approved by reply`,
    },
    { bench: BENCH, metric: `sale latency p50 at ${OFFERED_SALES_PER_S}/s offered`, value: percentile(off, 50), unit: 'ms' },
    { bench: BENCH, metric: `sale latency p99 at ${OFFERED_SALES_PER_S}/s offered`, value: percentile(off, 99), unit: 'ms', goal: '≤ 50 ms' },
    {
      bench: BENCH,
      metric: `peak RSS, simulator process (${TERMINALS} terminals)`,
      value: farmRss.peakMb,
      unit: 'MB',
      goal: '≤ 300 MB',
      note: `${farmRss.beforeMb.toFixed(0)} MB before the first terminal (node, tsx, modules)`,
    },
    {
      bench: BENCH,
      metric: `peak RSS, host process (${TERMINALS} TerminalDrivers)`,
      value: peakRss / MB,
      unit: 'MB',
      note: `${(rssBefore / MB).toFixed(0)} MB before start`,
    },
  ];
}
