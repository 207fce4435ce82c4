/**
 * Many simulated terminals at once: N `posdesk sim` services (main/sim/sim-service.ts), each
 * listening on its own 127.0.0.1 port with zero simulated delay, each driven by its own full
 * host-side TerminalDriver (the counter's driver, not a lighter client) over its own TCP
 * connection, all selling concurrently for a fixed time. Profile: 'wangpos' (length-prefixed
 * JSON over TCP; 1 request + 5 progress messages + 1 reply per sale).
 * Both sides run in this one process, so the figures include the host drivers' work too.
 * Figures only; no assertions.
 */
import { FAST_TIMEOUTS } from '../../drivers/terminal/host/e2e-harness';
import { channelFactory } from '../../drivers/terminal/host/connect';
import { TerminalDriver } from '../../drivers/terminal/host/driver';
import { getProfile } from '../../drivers/terminal/profiles';
import { TcpTransport } from '../../drivers/transport/tcp';
import { type SimService, startSimService } from '../../main/sim/sim-service';
import type { BenchRow } from './bench-row';

const BENCH = 'terminal-load';
const TERMINALS = Number(process.env.TERMINAL_LOAD_N ?? 500);
/** Selling time after every terminal has signed in. */
const RUN_MS = 10_000;
/** Transcript entries each simulator keeps: enough for a UI, bounded so 500 of them stay small. */
const TRANSCRIPT_LIMIT = 64;
/** 10.00 yuan: the amount table approves any .00–.50. */
const SALE_FEN = 1000;
const RSS_SAMPLE_MS = 250;
const MB = 1024 * 1024;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export default async function (): Promise<BenchRow[]> {
  const profile = getProfile('wangpos');
  const sims: SimService[] = [];
  const drivers: TerminalDriver[] = [];
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);
  const latenciesMs: number[] = [];
  let approved = 0;
  let other = 0;
  let elapsedS = 0;
  try {
    for (let i = 0; i < TERMINALS; i++) {
      const sim = await startSimService({
        vendor: 'wangpos',
        link: { kind: 'tcp', host: '127.0.0.1', port: 0 },
        seed: i + 1,
        stageDelayMs: 0,
        transcriptLimit: TRANSCRIPT_LIMIT,
        terminalId: String(10_000_000 + i),
      });
      sims.push(sim);
      const port = sim.port ?? -1;
      drivers.push(
        new TerminalDriver({
          profile,
          connect: channelFactory({ profile, openTransport: () => new TcpTransport({ port }) }),
          timeouts: FAST_TIMEOUTS,
        }),
      );
    }
    await Promise.all(drivers.map((d) => d.signIn()));
    const t0 = process.hrtime.bigint();
    const deadline = t0 + BigInt(RUN_MS) * 1_000_000n;
    await Promise.all(
      drivers.map(async (d, i) => {
        for (let n = 0; process.hrtime.bigint() < deadline; n++) {
          const start = process.hrtime.bigint();
          const r = await d.sale(SALE_FEN, `L${i}-${n}`);
          latenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
          if (r.result.outcome === 'approved' && r.resolvedBy === 'reply') approved++;
          else other++;
        }
      }),
    );
    elapsedS = Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await Promise.all(drivers.map((d) => d.close().catch(() => undefined)));
    await Promise.all(sims.map((s) => s.close().catch(() => undefined)));
  }
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const total = approved + other;
  const setup = `${TERMINALS} terminals, wangpos over TCP 127.0.0.1, full TerminalDriver each, zero stage delay`;
  return [
    { bench: BENCH, metric: 'terminals served concurrently', value: sims.length, unit: 'terminals', goal: '≥ 500', note: setup },
    { bench: BENCH, metric: 'aggregate sales/s', value: elapsedS > 0 ? total / elapsedS : 0, unit: 'sales/s', goal: '≥ 2,000', note: `${total} sales in ${elapsedS.toFixed(1)} s; ${other} not approved by reply` },
    { bench: BENCH, metric: 'sale latency p50', value: percentile(sorted, 50), unit: 'ms' },
    { bench: BENCH, metric: 'sale latency p99', value: percentile(sorted, 99), unit: 'ms', goal: '≤ 50 ms' },
    { bench: BENCH, metric: 'peak RSS (whole process, both sides)', value: peakRss / MB, unit: 'MB', goal: '≤ 300 MB', note: `${(rssBefore / MB).toFixed(0)} MB before start` },
  ];
}
