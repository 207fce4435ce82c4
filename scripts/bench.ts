/**
 * `npm run bench [-- name…]`: runs every test/bench/*.bench.ts (or those whose file
 * name contains one of the given words) and prints one table. Figures, not
 * assertions: a benchmark never fails the build for being slow.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Bench, BenchRow } from '../test/bench/bench-row';

const dir = path.resolve(__dirname, '../test/bench');
const filters = process.argv.slice(2);
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

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  for (const f of files) {
    process.stderr.write(`bench: ${f} …\n`);
    // A CommonJS project's dynamic import may wrap the module once more: unwrap either shape.
    const mod = (await import(path.join(dir, f))) as { default: Bench | { default: Bench } };
    const run = typeof mod.default === 'function' ? mod.default : mod.default.default;
    try {
      rows.push(...(await run()));
    } catch (err) {
      rows.push({ bench: f, metric: 'ERROR', value: Number.NaN, unit: '', note: err instanceof Error ? err.message : String(err) });
    }
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
