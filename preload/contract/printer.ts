/**
 * The contract of the receipt printer and the pole display: receipt previews, the print
 * queue, the virtual printer's state (QA), what the customer display shows.
 */
import { z } from 'zod';
import { BilingualText, type CallSpec, Empty, Id } from './common';

export const ReceiptPreview = z.object({
  jobId: Id,
  orderNo: z.string(),
  /** What the virtual printer made of the ESC/POS bytes, drawn as the paper looks. */
  svg: z.string(),
  byteCount: z.number().int(),
  printedAt: z.string(),
});
export type ReceiptPreview = z.infer<typeof ReceiptPreview>;

export const PrintJobInfo = z.object({
  id: z.string(),
  orderNo: z.string().nullable(),
  kind: z.string(),
  state: z.enum(['pending', 'printing', 'held', 'done', 'failed']),
  copy: z.boolean(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
  /** Why it is held and what the cashier should do (装纸 / 合上纸仓盖 …). */
  hold: z.object({ code: z.string(), message: BilingualText, action: BilingualText }).nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  reprints: z.number().int(),
  byteCount: z.number().int(),
});
export type PrintJobInfo = z.infer<typeof PrintJobInfo>;

export const VirtualPrinterState = z.object({
  paperOut: z.boolean(),
  paperNearEnd: z.boolean(),
  coverOpen: z.boolean(),
  drawerOpen: z.boolean(),
  offline: z.boolean(),
});

export const DisplayView = z.union([
  z.object({ model: z.literal('led8n'), digits: z.string(), lamp: z.string().nullable(), lamps: z.array(z.string()), baudRate: z.number() }),
  z.object({ model: z.literal('dmd'), lines: z.tuple([z.string(), z.string()]), cursor: z.object({ column: z.number(), row: z.number() }) }),
]);
export type DisplayView = z.infer<typeof DisplayView>;

export const printerCalls = {
  'printer.jobs': { input: Empty, output: z.array(PrintJobInfo) },
  /** 继续: send held jobs that never started (after a refill or closing the cover). */
  'printer.resume': { input: z.object({ id: Id.optional() }).strict(), output: z.array(PrintJobInfo) },
  /** The cashier saw an incomplete receipt: print it again, marked 重打印. */
  'printer.confirmReprint': { input: z.object({ id: Id }).strict(), output: z.array(PrintJobInfo) },
  /** The cashier saw it printed in full: close the job without sending anything. */
  'printer.markPrinted': { input: z.object({ id: Id }).strict(), output: z.array(PrintJobInfo) },
  'printer.cancel': { input: z.object({ id: Id }).strict(), output: z.array(PrintJobInfo) },
  /** QA: the virtual printer's paper / cover / drawer state. */
  'printer.simState': { input: VirtualPrinterState.partial().strict(), output: VirtualPrinterState },
  'display.state': { input: Empty, output: DisplayView },
} as const satisfies Record<string, CallSpec>;
