/**
 * A print job as the queue and the UI see it, and its database row.
 */
import { z } from 'zod';
import { type HoldCode, type HoldReason, holdReason } from './hold-reasons';

export type JobState = 'pending' | 'printing' | 'held' | 'done' | 'failed';

export interface PrintJob {
  id: string;
  orderNo: string | null;
  /** 'sale', 'refund', 'cardSlip', 'settlement', 'shift', 'test'... */
  kind: string;
  state: JobState;
  /** True when what was (or will be) printed carries the 重打印 COPY mark. */
  copy: boolean;
  createdAt: string;
  printedAt: string | null;
  /** Set while held: what happened and what the cashier should do. */
  hold: HoldReason | null;
  /** The last error or note (also set when failed or cancelled). */
  error: string | null;
  /** Times the bytes were sent to the printer. */
  attempts: number;
  /** Times the cashier confirmed a reprint. */
  reprints: number;
  byteCount: number;
}

export interface JobRow {
  id: string;
  order_no: string | null;
  kind: string;
  state: JobState;
  copy: number;
  bytes: Buffer;
  copy_bytes: Buffer | null;
  created_at: string;
  printed_at: string | null;
  error: string | null;
  hold_code: string | null;
  attempts: number;
  reprints: number;
}

export const HOLD_CODES = z.enum([
  'paperOut',
  'coverOpen',
  'offline',
  'printerError',
  'noStatus',
  'disconnected',
  'maybeIncomplete',
  'interrupted',
]);

export function parseHoldCode(value: string | null): HoldCode | null {
  const parsed = HOLD_CODES.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function rowToJob(r: JobRow): PrintJob {
  const code = r.state === 'held' ? parseHoldCode(r.hold_code) : null;
  const hold = code ? { ...holdReason(code), message: r.error ?? holdReason(code).message } : null;
  return {
    id: r.id,
    orderNo: r.order_no,
    kind: r.kind,
    state: r.state,
    copy: r.copy === 1 || r.reprints > 0,
    createdAt: r.created_at,
    printedAt: r.printed_at,
    hold,
    error: r.error,
    attempts: r.attempts,
    reprints: r.reprints,
    byteCount: r.bytes.length,
  };
}

export type PrintQueueErrorCode = 'NOT_FOUND' | 'WRONG_STATE' | 'INVALID' | 'CLOSED';

export class PrintQueueError extends Error {
  constructor(
    readonly code: PrintQueueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrintQueueError';
  }
}
