/**
 * The simulator side of terminal-load.bench.ts, in a process of its own: N `posdesk sim`
 * services (main/sim/sim-service.ts) on 127.0.0.1, each on a free port, as a test bench runs a
 * rack of simulated terminals apart from the counters that drive them. Its own process so the
 * bench's RSS goal is measured on the simulators alone, not on the 500 host drivers too.
 *
 * Run: node --import tsx test/bench/sim-farm.ts <N>
 * Prints `PORTS [p1,…]` once every terminal listens. A line `stop` on stdin closes them all and
 * prints `RSS {"peakMb":…,"beforeMb":…}` (peak sampled every 100 ms; before = modules loaded, no
 * terminal yet), then exits.
 */
import { createInterface } from 'node:readline';
import { type SimService, startSimService } from '../../main/sim/sim-service';

/**
 * Transcript entries each simulator keeps: the last two sales (7 entries each). A QA session
 * runs one simulator with the default 5,000; 500 full transcripts would measure the transcript.
 */
const TRANSCRIPT_LIMIT = 14;
const RSS_SAMPLE_MS = 100;
const MB = 1024 * 1024;

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 1) throw new Error(`usage: sim-farm.ts <terminals>, got ${process.argv[2]}`);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);
  const sims: SimService[] = [];
  for (let i = 0; i < count; i++) {
    sims.push(
      await startSimService({
        vendor: 'wangpos',
        link: { kind: 'tcp', host: '127.0.0.1', port: 0 },
        seed: i + 1,
        stageDelayMs: 0,
        transcriptLimit: TRANSCRIPT_LIMIT,
        terminalId: String(10_000_000 + i),
      }),
    );
  }
  process.stdout.write(`PORTS ${JSON.stringify(sims.map((s) => s.port ?? -1))}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'stop') break;
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await Promise.all(sims.map((s) => s.close().catch(() => undefined)));
  process.stdout.write(`RSS ${JSON.stringify({ peakMb: peak / MB, beforeMb: before / MB })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`sim-farm: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
