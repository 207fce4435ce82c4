/**
 * Every benchmark file in test/bench/*.bench.ts default-exports a function that
 * returns rows of this shape; scripts/bench.ts runs them all and prints one table.
 * Benchmarks report figures; they never assert on time.
 */
export interface BenchRow {
  /** Which benchmark, e.g. "escpos-encode". */
  bench: string;
  /** What was measured, e.g. "receipts/s (40 lines + QR)". */
  metric: string;
  value: number;
  unit: string;
  /** The target from the issue, as text ("≥ 10x", "< 2 s"), when there is one. */
  goal?: string;
  note?: string;
}

export type Bench = () => Promise<BenchRow[]>;
