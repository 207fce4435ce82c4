import { z } from 'zod';
import type { ReceiptWriter } from '../escpos/writer';
import { displayWidth } from '../text-width';

/** Shared pieces of every template: header, copy mark, validation (amounts are drivers/shared/money.ts SignedFen). */

export const printerProfileSchema = z.object({
  widthMm: z.union([z.literal(58), z.literal(80)]),
  encoding: z.enum(['GB18030', 'GBK', 'Big5', 'ascii']),
  cjkMode: z.enum(['native', 'raster']),
  cut: z.boolean(),
  /** 203 dpi gives 384 / 576; a 180-dpi 80 mm head 512. Below 192 dots not even a 16-column slip fits. */
  widthDots: z.number().int().min(192).max(832).optional(),
  codePage: z.number().int().min(0).max(255).optional(),
  drawer: z
    .object({ pin: z.union([z.literal(2), z.literal(5)]), onMs: z.number().int().min(2).max(510), offMs: z.number().int().min(2).max(510) })
    .nullable()
    .optional(),
  cutFeedLines: z.number().int().min(0).max(10).optional(),
  model: z.string().min(1).max(64).optional(),
});

/** Parse with a message naming the template and every bad field, for the cashier's log. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new TypeError(`${what}: invalid data – ${issues}`);
}

/**
 * Store name large and centred, then its address, then the reprint mark if any. A name too long
 * for double width (more than 8 Chinese characters on 58 mm) is printed at single width, still
 * double height, rather than cut off.
 */
export function storeHeader(w: ReceiptWriter, storeName: string, storeAddress: string | undefined, copy: boolean | undefined): void {
  const width = displayWidth(w.prepare(storeName)) <= w.columnsAt(2) ? 2 : 1;
  w.line(storeName, { align: 'center', bold: true, width, height: 2 });
  if (storeAddress) w.wrap(storeAddress, { align: 'center' });
  if (copy) w.line(' 重打印 COPY ', { align: 'center', bold: true, invert: true });
}

/** "label: value" lines, the usual receipt key/value block. */
export function field(w: ReceiptWriter, label: string, value: string): void {
  w.pair(`${label}:`, value);
}
