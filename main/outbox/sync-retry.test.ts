import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './sync-retry';

describe('retryDelay', () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  it('doubles the window per failure up to the ceiling, half fixed and half jittered', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(retryDelay(3, policy, () => 0.5)).toBe(300);
  });
  it('survives absurd failure counts', () => {
    expect(retryDelay(10_000, policy, () => 1)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null, 0)).toBe(null);
    expect(parseRetryAfter('soon', 0)).toBe(null);
  });
});
