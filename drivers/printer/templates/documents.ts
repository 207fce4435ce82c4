/**
 * A printed document as data: which template and its fields. Stored with the print job, so
 * a reprint months later is encoded for the printer of today (its paper, its encoding) rather
 * than replaying bytes laid out for another one, and marked as the copy it is.
 */
import { z } from 'zod';
import type { PrinterProfile } from '../profile';
import { type CardSlipData, cardSlipSchema, encodeCardSlip } from './card-slip';
import { encodeRefundReceipt, type RefundReceiptData, refundReceiptSchema } from './refund';

export type PrintDocument = { template: 'refund'; data: RefundReceiptData } | { template: 'cardSlip'; data: CardSlipData };

export const printDocumentSchema = z.discriminatedUnion('template', [
  z.object({ template: z.literal('refund'), data: refundReceiptSchema }),
  z.object({ template: z.literal('cardSlip'), data: cardSlipSchema }),
]);

export function encodeDocument(doc: PrintDocument, profile: PrinterProfile): Uint8Array {
  return doc.template === 'refund' ? encodeRefundReceipt(doc.data, profile) : encodeCardSlip(doc.data, profile);
}

/** The same document marked as a reprint (重打印 COPY / 重打印 DUPLICATED). */
export function asReprint(doc: PrintDocument): PrintDocument {
  return doc.template === 'refund' ? { template: 'refund', data: { ...doc.data, copy: true } } : { template: 'cardSlip', data: { ...doc.data, reprint: true } };
}
