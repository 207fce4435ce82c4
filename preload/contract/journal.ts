/**
 * The contract of what was sold: the journal of completed orders (refund, void), their
 * receipts, and the cashier's shift (交班).
 */
import { z } from 'zod';
import { Order, Tender } from './checkout';
import { type CallSpec, Empty, Fen, Id, OrderNo } from './common';
import { ReceiptPreview } from './printer';

export const ShiftSummary = z.object({
  shiftNo: z.string(),
  cashier: z.string(),
  from: z.string(),
  to: z.string(),
  orderCount: z.number().int(),
  salesFen: Fen,
  refundCount: z.number().int(),
  refundFen: Fen,
  byTender: z.array(z.object({ tender: Tender, count: z.number().int(), amountFen: Fen })),
  openingCashFen: Fen,
  /** What the drawer should hold: opening float + cash taken − cash refunded. */
  expectedCashFen: Fen,
  countedCashFen: Fen.nullable(),
});
export type ShiftSummary = z.infer<typeof ShiftSummary>;

export const journalCalls = {
  /** Refund part or all of an approved leg of a completed order (journal). */
  'journal.refund': {
    input: z.object({ orderNo: OrderNo, paymentId: Id, amountFen: Fen.positive() }).strict(),
    output: Order,
  },
  /** Void a completed order: every approved leg is reversed (card void in the same batch). */
  'journal.void': { input: z.object({ orderNo: OrderNo }).strict(), output: Order },
  'journal.list': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(Order),
  },
  'journal.get': { input: z.object({ orderNo: OrderNo }).strict(), output: Order },
  'receipt.reprint': { input: z.object({ orderNo: OrderNo }).strict(), output: ReceiptPreview },
  /** The last receipt printed for an order, re-rendered from its stored bytes (nothing is printed). */
  'receipt.get': { input: z.object({ orderNo: OrderNo }).strict(), output: ReceiptPreview.nullable() },
  /** Print again (marked 重打印) the slips of one refund or void of an order: its newest, or `refundNo`'s. */
  'receipt.reprintRefund': {
    input: z.object({ orderNo: OrderNo, refundNo: z.string().min(1).max(64).optional() }).strict(),
    output: z.array(ReceiptPreview),
  },
  /** The open shift's running totals. */
  'shift.current': { input: Empty, output: ShiftSummary },
  /** 交班: close the shift (with the cash counted in the drawer), print the report, open the next. */
  'shift.close': {
    input: z.object({ countedCashFen: Fen.min(0).optional(), nextOpeningCashFen: Fen.min(0).default(0) }).strict(),
    output: z.object({ summary: ShiftSummary, receipt: ReceiptPreview.nullable(), printError: z.string().nullable() }),
  },
} as const satisfies Record<string, CallSpec>;
