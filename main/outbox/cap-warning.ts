/**
 * Store-and-forward caps and their countdown. Every peer caps an offline queue
 * (Square: 24 h, then payments expire; Moneris: 500 records; Stripe and Adyen:
 * counts and totals), and the cashier should see the end coming, not hit it.
 * This only computes the warning; what the counter refuses at the cap is the
 * checkout's offline policy (offline-policy.ts).
 */
import type { CapWarning } from './types';

export interface OutboxCaps {
  /** Most unforwarded events (pending + quarantined) the store accepts to hold. */
  maxEvents: number;
  /** Oldest an unforwarded event may get. */
  maxAgeMs: number;
}

export interface CapWarningInput {
  /** Pending + quarantined: everything HQ has not got. */
  unforwarded: number;
  oldestAgeMs: number;
  caps: OutboxCaps;
  /** Recent arrival rate of new events, per ms; null when not yet measured. */
  arrivalPerMs: number | null;
}

/** Warn once this share of a cap is used: leaves a fifth of the budget to reconnect or call support. */
export const WARN_AT_FRACTION = 0.8;
/** …or once the cap is this close in time at the current rate, whatever the share. */
export const COUNTDOWN_LEAD_MS = 60 * 60 * 1000;

export function capWarning(input: CapWarningInput): CapWarning | null {
  const { unforwarded, oldestAgeMs, caps, arrivalPerMs } = input;
  const candidates: CapWarning[] = [];

  const countRemaining = Math.max(0, caps.maxEvents - unforwarded);
  const countEta = countRemaining === 0 ? 0 : arrivalPerMs && arrivalPerMs > 0 ? Math.round(countRemaining / arrivalPerMs) : null;
  if (unforwarded > 0 && (unforwarded >= WARN_AT_FRACTION * caps.maxEvents || (countEta !== null && countEta <= COUNTDOWN_LEAD_MS))) {
    candidates.push({ kind: 'count', remaining: countRemaining, etaMs: countEta });
  }

  if (unforwarded > 0) {
    const ageRemaining = Math.max(0, caps.maxAgeMs - oldestAgeMs);
    if (oldestAgeMs >= WARN_AT_FRACTION * caps.maxAgeMs || ageRemaining <= COUNTDOWN_LEAD_MS) {
      candidates.push({ kind: 'age', remaining: ageRemaining, etaMs: ageRemaining });
    }
  }

  if (candidates.length === 0) return null;
  // The nearer deadline wins; an unknown ETA counts as far away.
  candidates.sort((a, b) => (a.etaMs ?? Number.POSITIVE_INFINITY) - (b.etaMs ?? Number.POSITIVE_INFINITY));
  return candidates[0];
}
