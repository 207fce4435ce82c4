/**
 * The outbox's vocabulary: what a business event is, what the queue looks like
 * from the status bar and the Queue page. Shared by the store and the HQ contract.
 */

/** Every business change a head office is told about. */
export const OUTBOX_EVENT_TYPES = [
  'order.completed',
  'payment.state',
  'refund',
  'void',
  'reversal',
  'shift.closed',
  'day.closed',
] as const;

export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

export function isOutboxEventType(v: unknown): v is OutboxEventType {
  return typeof v === 'string' && (OUTBOX_EVENT_TYPES as readonly string[]).includes(v);
}

/** What a caller hands to appendEvent. */
export interface NewOutboxEvent {
  type: OutboxEventType;
  /** The order no., or 'shift:…' / 'day:…' for closes: the unit whose events keep their order. */
  aggregateId: string;
  /** JSON-serialisable; never a full PAN or a secret (appendEvent refuses one). */
  payload: unknown;
  /** When it happened, ISO 8601 with offset (the business time, not the sync time). */
  at: string;
}

/** An event as stored and as sent to HQ. */
export interface OutboxEvent {
  /** Stable UUID: the dedupe key at HQ, the same on every resend. */
  id: string;
  /** 1, 2, 3… per aggregateId, without gaps. */
  seq: number;
  aggregateId: string;
  type: OutboxEventType;
  at: string;
  payload: unknown;
}


export interface QuarantinedEvent extends OutboxEvent {
  /** HQ's rejection code ('INVALID', 'SEQ_CONFLICT', a business code…) or 'REJECTED_REQUEST'. */
  code: string;
  message: string;
  attempts: number;
  quarantinedAt: string;
}

export interface CapWarning {
  /** Which cap is nearer: the number of unforwarded events, or the age of the oldest one. */
  kind: 'count' | 'age';
  /** Events still allowed (count) or milliseconds left (age); 0 means the cap is reached. */
  remaining: number;
  /** Estimated milliseconds until the cap is reached at the current rate; null when not estimable. */
  etaMs: number | null;
}

export interface QueueStatus {
  /** Whether HQ answered the last attempt; null before the first attempt. */
  online: boolean | null;
  /** Events waiting to be forwarded (not counting quarantined ones). */
  pending: number;
  /** Age of the oldest unforwarded event (pending or quarantined), 0 when none. */
  oldestAgeMs: number;
  /** Events acknowledged by HQ since this worker started. */
  sentTotal: number;
  /** Events acknowledged by HQ in the last minute. */
  throughputPerMin: number;
  /** The last failure, in words; null after a clean exchange. */
  lastError: string | null;
  /** ISO time of the last exchange HQ acknowledged. */
  lastSyncAt: string | null;
  quarantined: QuarantinedEvent[];
  capWarning: CapWarning | null;
}
