/**
 * The contract of the embedded terminal simulator: its screen and counters, held
 * transactions, scripted outcomes and faults, the byte transcript.
 */
import { z } from 'zod';
import { type CallSpec, Empty, Id, ResponseCode } from './common';

/** The simulated acquiring app, as QA watches and steers it (Simulator page). */
export const SimState = z.object({
  vendor: z.string(),
  displayName: z.string(),
  address: z.string(),
  link: z.string(),
  connections: z.number().int(),
  manual: z.boolean(),
  screen: z.object({
    state: z.string(),
    message: z.string(),
    amountFen: z.number().optional(),
    kind: z.string().optional(),
    orderNo: z.string().optional(),
    lastResponseCode: z.string().optional(),
    at: z.string(),
  }),
  counters: z.object({ trace: z.number(), batch: z.number(), reference: z.number(), signedInDay: z.string().nullable() }),
  pending: z.array(z.object({ id: z.string(), kind: z.string(), amountFen: z.number(), orderNo: z.string() })),
  queued: z.object({ outcomes: z.array(z.string()), faults: z.array(z.string()) }),
  journal: z.array(
    z.object({ kind: z.string(), orderNo: z.string(), amountFen: z.number(), responseCode: z.string(), traceNo: z.string(), maskedPan: z.string(), voided: z.boolean(), reversed: z.boolean() }),
  ),
  faultKinds: z.array(z.string()),
});
export type SimState = z.infer<typeof SimState>;

export const TranscriptLine = z.object({ at: z.string(), dir: z.enum(['tx', 'rx']), bytes: z.string(), decoded: z.string().nullable(), note: z.string().nullable() });

export const simCalls = {
  'sim.state': { input: Empty, output: SimState },
  /** Answer a transaction held for a manual decision ('00' approve, '51', '55', … decline). */
  'sim.decide': { input: z.object({ id: Id, responseCode: ResponseCode }).strict(), output: SimState },
  'sim.nextOutcome': {
    input: z.object({ responseCode: ResponseCode, times: z.number().int().min(1).max(100).default(1) }).strict(),
    output: SimState,
  },
  'sim.fault': { input: z.object({ fault: z.string().min(1).max(40), times: z.number().int().min(1).max(100).default(1) }).strict(), output: SimState },
  'sim.transcript': {
    input: z.object({ since: z.number().int().min(0).default(0) }).strict(),
    output: z.object({ from: z.number().int(), next: z.number().int(), dropped: z.number().int(), entries: z.array(TranscriptLine) }),
  },
  'sim.exportTranscript': { input: Empty, output: z.object({ jsonl: z.string() }) },
  'sim.reset': { input: z.object({ wipeState: z.boolean().default(false) }).strict(), output: SimState },
} as const satisfies Record<string, CallSpec>;
