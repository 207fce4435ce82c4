/**
 * A small seeded PRNG (mulberry32) so a simulator run with the same seed produces the same
 * card numbers, auth codes and channels: QA can replay a failing bench run byte for byte.
 * Not for anything secret.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Any integer seed works; >>> 0 folds negatives and large values into 32 bits.
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += String(this.int(10));
    return s;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}
