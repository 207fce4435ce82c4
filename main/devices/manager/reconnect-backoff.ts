/**
 * Reconnect delays: exponential, capped. No jitter: each device has one client (this app),
 * so there is no herd to spread, and fixed delays keep the timeline readable and testable.
 * (The outbox's retries towards HQ do have a herd, and jitter: outbox/sync-retry.ts.)
 */
export interface ReconnectPolicy {
  /** First retry delay. */
  baseMs: number;
  /** Ceiling: a printer switched off for lunch is retried this often, not less. */
  maxMs: number;
  factor: number;
}

/** 0.5 s catches a USB re-enumeration or a cable reseat; 30 s caps the log noise of a dead device. */
export const DEFAULT_RECONNECT: ReconnectPolicy = { baseMs: 500, maxMs: 30_000, factor: 2 };

/** Delay before retry number `attempt` (0-based). */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy = DEFAULT_RECONNECT): number {
  const raw = policy.baseMs * policy.factor ** Math.max(0, attempt);
  return Math.min(policy.maxMs, Math.round(raw));
}
