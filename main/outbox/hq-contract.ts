/**
 * The store -> HQ wire contract (documented in README.md next to this file).
 * One definition, used by the sync worker to read answers and by the reference
 * HQ receiver (main/hq) to read requests, so the two cannot drift apart.
 */
import { z } from 'zod';
import { OUTBOX_EVENT_TYPES } from './types';

export const HQ_API_PREFIX = '/v1';
/** Largest batch HQ accepts; bigger requests get 413 and the store halves its batch. */
export const HQ_MAX_BATCH = 1000;

export function eventsPath(storeId: string): string {
  return `${HQ_API_PREFIX}/stores/${encodeURIComponent(storeId)}/events`;
}
export const HEALTH_PATH = `${HQ_API_PREFIX}/health`;

/** Rejection codes. SEQ_GAP is the only one the store retries; every other code quarantines the event. */
export const REJECT_CODES = {
  /** The event does not match the schema (missing field, unknown type, payload not an object…). */
  INVALID: 'INVALID',
  /** An earlier event of the same aggregate has not arrived; `expectedSeq` says which one HQ needs next. */
  SEQ_GAP: 'SEQ_GAP',
  /** HQ already holds a *different* event id at this aggregate + seq: two stores or two databases disagree. */
  SEQ_CONFLICT: 'SEQ_CONFLICT',
} as const;

export const wireEventSchema = z.object({
  id: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  aggregateId: z.string().min(1).max(128),
  type: z.enum(OUTBOX_EVENT_TYPES),
  at: z.string().min(1),
  payload: z.unknown().refine((v) => v !== undefined, 'payload is required'),
});
export type WireEvent = z.infer<typeof wireEventSchema>;

/** The envelope only: each event is validated on its own, so one bad event does not sink a batch. */
export const batchRequestSchema = z.object({
  events: z.array(z.looseObject({ id: z.string().min(1).max(64) })).min(1).max(HQ_MAX_BATCH),
});

export const rejectionSchema = z.object({
  id: z.string(),
  code: z.string(),
  message: z.string(),
  expectedSeq: z.number().int().optional(),
});
export type Rejection = z.infer<typeof rejectionSchema>;

export const batchResponseSchema = z.object({
  accepted: z.array(z.string()),
  duplicates: z.array(z.string()),
  rejected: z.array(rejectionSchema),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** The body of every non-200 answer. */
export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBodySchema>;
