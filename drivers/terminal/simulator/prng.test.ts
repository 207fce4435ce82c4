import { describe, expect, it } from 'vitest';
import { Prng } from './prng';

describe('Prng', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = [a.digits(6), a.digits(6), a.int(1000)];
    expect([b.digits(6), b.digits(6), b.int(1000)]).toEqual(seqA);
    expect([c.digits(6), c.digits(6), c.int(1000)]).not.toEqual(seqA);
  });

  it('stays in range', () => {
    const p = new Prng(1);
    for (let i = 0; i < 1000; i++) {
      const v = p.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
    expect(() => p.pick([])).toThrow(/empty/);
  });
});
