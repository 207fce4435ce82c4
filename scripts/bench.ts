/**
 * `npm run bench [-- name…]`: runs every test/bench/*.bench.ts (or those whose file
 * name contains one of the given words) and prints one table. Figures, not
 * assertions: a benchmark never fails the build for being slow.
 *
 * Each bench file runs in a process of its own, so one bench's heap and warm caches do
 * not show up in the next one's memory and latency figures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Bench, BenchRow } from '../test/bench/bench-row';

const dir = path.resolve(__dirname, '../test/bench');
const ONE = '--one';
const child = process.argv[2] === ONE;
const filters = child ? [] : process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toPrecision(3);
}

/** Child mode: run one bench file and print its rows as one JSON line on stdout. */
async function runOne(file: string): Promise<void> {
  // A CommonJS project's dynamic import may wrap the module once more: unwrap either shape.
  const mod = (await import(path.join(dir, file))) as { default: Bench | { default: Bench } };
  const run = typeof mod.default === 'function' ? mod.default : mod.default.default;
  let rows: BenchRow[];
  try {
    rows = await run();
  } catch (err) {
    rows = [{ bench: file, metric: 'ERROR', value: Number.NaN, unit: '', note: err instanceof Error ? err.message : String(err) }];
  }
  process.stdout.write(`\nBENCH-ROWS ${JSON.stringify(rows)}\n`);
}

async function main(): Promise<void> {
  if (child) return runOne(process.argv[3]);
  const rows: BenchRow[] = [];
  for (const f of files) {
    process.stderr.write(`bench: ${f} …\n`);
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, ONE, f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH-ROWS '));
    if (line) rows.push(...(JSON.parse(line.slice('BENCH-ROWS '.length)) as BenchRow[]));
    else rows.push({ bench: f, metric: 'ERROR', value: Number.NaN, unit: '', note: `exited ${r.status ?? r.signal}` });
  }
  const table = [['bench', 'metric', 'value', 'unit', 'goal', 'note'], ...rows.map((r) => [r.bench, r.metric, fmt(r.value), r.unit, r.goal ?? '', r.note ?? ''])];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => [...r[c]].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  console.log(line(table[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of table.slice(1)) console.log(line(r));
  const out = path.resolve(__dirname, '../test-results/bench.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
