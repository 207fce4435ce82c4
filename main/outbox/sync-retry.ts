/**
 * The sync worker's retry delays towards HQ: exponential with "equal jitter" (half the window
 * fixed, half random). Jitter keeps a chain's stores from reconnecting in lock-step when HQ
 * comes back; the fixed half keeps a store from hammering HQ with near-zero waits, which full
 * jitter allows. (A device's reconnects have no herd to spread: devices/manager/reconnect-backoff.ts.)
 */
export interface RetryPolicy {
  /** The window after the first failure. */
  baseMs: number;
  /** The window never grows past this: a store back online is noticed within it. */
  maxMs: number;
}

/** 0.5 s, doubling to a one-minute ceiling: quick after a blip, polite during an outage. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 500, maxMs: 60_000 };

/** Delay before retry number `failures` (1 = after the first failure). */
export function retryDelay(failures: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const window = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(window / 2 + random() * (window / 2));
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
