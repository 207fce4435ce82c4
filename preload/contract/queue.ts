/**
 * The contract of the offline queue (store-and-forward to HQ): its health, quarantined
 * events, and which tenders can be taken while it is offline.
 */
import { z } from 'zod';
import { BilingualText, type CallSpec, Empty, Id } from './common';

const TenderAvailability = z.object({ available: z.boolean(), reason: BilingualText });

export const QueueStatus = z.object({
  /** HQ upload configured at all (posdesk serve --hq URL). */
  configured: z.boolean(),
  hqUrl: z.string().nullable(),
  online: z.boolean().nullable(),
  pending: z.number().int(),
  oldestAgeMs: z.number(),
  sentTotal: z.number().int(),
  throughputPerMin: z.number(),
  lastError: BilingualText.nullable(),
  lastSyncAt: z.string().nullable(),
  quarantined: z.array(
    z.object({ id: z.string(), seq: z.number().int(), aggregateId: z.string(), type: z.string(), at: z.string(), code: z.string(), message: BilingualText, attempts: z.number().int(), quarantinedAt: z.string() }),
  ),
  capWarning: z.object({ kind: z.enum(['count', 'age']), remaining: z.number(), etaMs: z.number().nullable() }).nullable(),
  tenders: z.object({ cash: TenderAvailability, card: TenderAvailability, qr: TenderAvailability }),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

export const queueCalls = {
  'queue.status': { input: Empty, output: QueueStatus },
  /** Send a quarantined event again (after HQ was fixed). */
  'queue.retry': { input: z.object({ id: Id }).strict(), output: QueueStatus },
  /** Quarantined events as JSON lines, for support. */
  'queue.export': { input: Empty, output: z.object({ jsonl: z.string() }) },
} as const satisfies Record<string, CallSpec>;
