/**
 * Reconnect delays: exponential, capped. No jitter: each device has one client (this app),
 * so there is no herd to spread, and fixed delays keep the timeline readable and testable.
 */
export interface BackoffPolicy {
  /** First retry delay. */
  baseMs: number;
  /** Ceiling: a printer switched off for lunch is retried this often, not less. */
  maxMs: number;
  factor: number;
}

/** 0.5 s catches a USB re-enumeration or a cable reseat; 30 s caps the log noise of a dead device. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, factor: 2 };

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const raw = policy.baseMs * policy.factor ** Math.max(0, attempt);
  return Math.min(policy.maxMs, Math.round(raw));
}
