/**
 * The simulated terminal's persistent memory: counters (trace 凭证号, batch 批次号, reference
 * 参考号), sign-in day and the in-terminal journal. Saved as one JSON file, written to a temp
 * file and renamed over the old one so a crash mid-write never leaves half a file: counters
 * must survive restarts or the terminal would reissue trace numbers.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { formatZodIssues, TransactionKindSchema, TransactionResultSchema } from '../model';

export const JournalEntrySchema = z.object({
  kind: TransactionKindSchema,
  /** Full result as the terminal produced it (PAN already masked). */
  result: TransactionResultSchema,
  /** True while the transaction is still running (an app kill leaves it true until queried). */
  inProgress: z.boolean().default(false),
  voided: z.boolean().default(false),
  reversed: z.boolean().default(false),
  /** Fen already refunded against this entry (partial refunds add up). */
  refundedFen: z.number().int().nonnegative().default(0),
  /** MMDD of the transaction in terminal local time, for refunds by reference + date. */
  date: z.string(),
  /** Domestic (内卡) when the BIN is a UnionPay 62 BIN; used for settlement buckets. */
  domestic: z.boolean().default(true),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const TerminalStateSchema = z.object({
  version: z.literal(1),
  /** Last trace issued; the next is last + 1 (wrapping 999999 -> 000001). */
  trace: z.number().int().min(0).max(999_999),
  batch: z.number().int().min(1).max(999_999),
  reference: z.number().int().min(0),
  /** Business day (YYYY-MM-DD) of the last sign-in, or null when a sign-in is required. */
  signedInDay: z.string().nullable(),
  journal: z.array(JournalEntrySchema),
});
export type TerminalState = z.infer<typeof TerminalStateSchema>;

export function initialState(): TerminalState {
  return { version: 1, trace: 0, batch: 1, reference: 0, signedInDay: null, journal: [] };
}

const TRACE_MAX = 999_999;
/** Reference numbers are 12 digits; wrap rather than grow a 13th digit. */
const REFERENCE_MODULO = 1_000_000_000_000;

export function nextTrace(state: TerminalState): string {
  state.trace = state.trace >= TRACE_MAX ? 1 : state.trace + 1;
  return String(state.trace).padStart(6, '0');
}
export function nextBatch(state: TerminalState): void {
  state.batch = state.batch >= TRACE_MAX ? 1 : state.batch + 1;
}
export function batchNo(state: TerminalState): string {
  return String(state.batch).padStart(6, '0');
}
export function nextReference(state: TerminalState): string {
  state.reference = (state.reference + 1) % REFERENCE_MODULO;
  return String(state.reference).padStart(12, '0');
}

/** Loads the state file; a missing file is a fresh terminal, a corrupt one is an error. */
export async function loadState(path: string): Promise<TerminalState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return initialState();
    throw error;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`terminal state ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = TerminalStateSchema.safeParse(doc);
  if (!parsed.success) {
    throw new Error(`terminal state ${path} is invalid: ${formatZodIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** Atomic save: write a sibling temp file, then rename over the target (same filesystem). */
export async function saveState(path: string, state: TerminalState): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2));
  await rename(tmp, path);
}
