/**
 * Random and mutated input for the decoders' fuzz test (codecs/fuzz.test.ts) and the fuzz
 * bench (test/bench/terminal-fuzz.bench.ts): one seeded source, so a failure reproduces
 * from its seed, and the four mutations a noisy serial line produces.
 */
import { Prng } from '../simulator/prng';
import { concatBytes } from './codec';

export type Rand = () => number;

/** A reproducible uniform [0, 1) source. */
export function seeded(seed: number): Rand {
  const p = new Prng(seed);
  return () => p.next();
}

export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

export function bytes(r: Rand, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(r, 0, 255);
  return out;
}

export const ascii = (r: Rand, n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-'): string =>
  Array.from({ length: n }, () => alphabet[int(r, 0, alphabet.length - 1)]).join('');

/** Bit flips, truncation, a duplicated run, or inserted noise — one of them, at random. */
export function mutate(r: Rand, frame: Uint8Array): Uint8Array {
  if (frame.length === 0) return bytes(r, 4);
  const out = Uint8Array.from(frame);
  switch (int(r, 0, 3)) {
    case 0:
      for (let k = int(r, 1, 3); k > 0; k--) {
        const i = int(r, 0, out.length - 1);
        out[i] = (out[i] ?? 0) ^ (1 << int(r, 0, 7));
      }
      return out;
    case 1:
      return out.subarray(0, int(r, 1, Math.max(1, out.length - 1)));
    case 2: {
      const i = int(r, 0, out.length - 1);
      const j = int(r, i, Math.min(out.length, i + 8));
      return concatBytes(out.subarray(0, j), out.subarray(i, j), out.subarray(j));
    }
    default: {
      const i = int(r, 0, out.length);
      return concatBytes(out.subarray(0, i), bytes(r, int(r, 1, 8)), out.subarray(i));
    }
  }
}
