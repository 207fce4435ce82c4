/**
 * Seeded randomness for the simulator: the same seed and the same requests give the
 * same ids, nonces and codes, so a failing bench run can be replayed exactly.
 * mulberry32: tiny, fast, good enough for ids (not for cryptography).
 */
export interface SimRandom {
  /** Uniform in [0, 1). */
  next(): number;
  digits(n: number): string;
  chars(n: number, alphabet: string): string;
}

export function seededRandom(seed: number): SimRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chars = (n: number, alphabet: string): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  return { next, chars, digits: (n) => chars(n, '0123456789') };
}

/** The simulator's notion of now, in epoch ms; tests inject a manual clock. */
export type SimClock = () => number;
export const systemClock: SimClock = () => Date.now();

/** A clock tests move by hand. */
export function manualClock(startMs: number): SimClock & { advance(ms: number): void; set(ms: number): void } {
  let now = startMs;
  const clock = (() => now) as SimClock & { advance(ms: number): void; set(ms: number): void };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}
