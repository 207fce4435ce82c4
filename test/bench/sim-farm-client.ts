/**
 * Starts test/bench/sim-farm.ts in a child process (same node and loader flags as this one)
 * and talks to it over stdio: the ports it serves, then its RSS when stopped.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface SimFarm {
  ports: number[];
  /** Closes every simulator and returns the farm's peak RSS. */
  stop(): Promise<{ peakMb: number; beforeMb: number }>;
}

const START_TIMEOUT_MS = 60_000;

export async function startSimFarm(terminals: number): Promise<SimFarm> {
  const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'sim-farm.ts'), String(terminals)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) =>
    child.once('close', (code, signal) => reject(new Error(`sim-farm exited (${code ?? signal})`))),
  );
  exited.catch(() => undefined);
  const next = async (prefix: string, timeoutMs: number): Promise<string> => {
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`sim-farm: no ${prefix.trim()} line`)), timeoutMs).unref());
    for (;;) {
      const r = await Promise.race([lines.next(), exited, timer]);
      if (r.done) throw new Error(`sim-farm closed its output before ${prefix.trim()}`);
      if (r.value.startsWith(prefix)) return r.value.slice(prefix.length);
    }
  };
  try {
    const ports = JSON.parse(await next('PORTS ', START_TIMEOUT_MS)) as number[];
    return {
      ports,
      async stop() {
        child.stdin.end('stop\n');
        return JSON.parse(await next('RSS ', START_TIMEOUT_MS)) as { peakMb: number; beforeMb: number };
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
