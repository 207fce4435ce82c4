/**
 * The contract of paying at the counter: orders, tender legs and their states, crash
 * recovery, the pay call's tenders, stored-value (member) cards.
 */
import { z } from 'zod';
import { CartLine } from './cart';
import { BilingualText, type CallSpec, Empty, Fen, Id, MemberCardNo, MemberPin, OrderNo } from './common';
import { ReceiptPreview } from './printer';

export const Tender = z.enum(['cash', 'card', 'wechat', 'alipay', 'unionpay', 'storedValue']);
export type Tender = z.infer<typeof Tender>;

export const PaymentState = z.enum([
  'created',
  'sent',
  'awaitingCard',
  'userPaying',
  'approved',
  'declined',
  'cancelled',
  'unknown',
  'reversed',
  'closed',
]);
export type PaymentState = z.infer<typeof PaymentState>;

export const PaymentEvent = z.object({
  fromState: PaymentState.nullable(),
  toState: PaymentState,
  at: z.string(),
  detail: BilingualText.nullable(),
});
export type PaymentEvent = z.infer<typeof PaymentEvent>;

/** Channel-side facts of a leg: card slip fields or QR trade ids (never a full PAN). */
export const LegData = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const Payment = z.object({
  id: Id,
  legNo: z.number().int(),
  /** The number the terminal / QR channel knows this leg by (idempotency key). */
  legRef: z.string().nullable(),
  tender: Tender,
  amountFen: Fen,
  tenderedFen: Fen.nullable(),
  changeFen: Fen,
  refundedFen: Fen,
  state: PaymentState,
  /** 'undo' while a void/refund of this leg is under way. */
  pendingAction: z.string().nullable(),
  data: LegData,
  createdAt: z.string(),
  events: z.array(PaymentEvent),
});
export type Payment = z.infer<typeof Payment>;

export const OrderStatus = z.enum(['open', 'completed', 'cancelled', 'voided']);

export const Order = z.object({
  id: Id,
  orderNo: OrderNo,
  status: OrderStatus,
  cashier: z.string(),
  lines: z.array(CartLine),
  totalFen: Fen,
  paidFen: Fen,
  changeFen: Fen,
  payments: z.array(Payment),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Order = z.infer<typeof Order>;

/** The order being paid at the counter (the cart frozen into an order), if any. */
export const OpenOrder = z.object({
  orderNo: OrderNo,
  totalFen: Fen,
  paidFen: Fen,
  dueFen: Fen,
  payments: z.array(Payment),
  /** A leg is in flight: no other tender may start until it ends. */
  busy: z.boolean(),
});
export type OpenOrder = z.infer<typeof OpenOrder>;

export const InDoubt = z.object({
  paymentId: Id,
  orderNo: z.string(),
  tender: Tender,
  amountFen: Fen,
  state: PaymentState,
});

export const CheckoutState = z.object({
  openOrder: OpenOrder.nullable(),
  /** True until crash recovery has settled every unfinished payment. */
  recovering: z.boolean(),
  /** What recovery found and did at this start, for the cashier to see. */
  recovered: z.array(
    z.object({ paymentId: Id, orderNo: z.string(), tender: Tender, amountFen: Fen, from: PaymentState, to: PaymentState, detail: BilingualText }),
  ),
  inDoubt: z.array(InDoubt),
});
export type CheckoutState = z.infer<typeof CheckoutState>;

export const QrChannel = z.enum(['wechat', 'alipay', 'unionpay']);
export type QrChannel = z.infer<typeof QrChannel>;

/** One tender leg. The amount defaults to what is still due. */
export const PayInput = z.discriminatedUnion('tender', [
  z.object({ tender: z.literal('cash'), tenderedFen: Fen.refine((v) => v > 0, 'tenderedFen must be positive') }).strict(),
  z.object({ tender: z.literal('card'), amountFen: Fen.positive().optional() }).strict(),
  /** B扫C: the customer's payment code, scanned by the gun; the wallet is told by its prefix. */
  z.object({ tender: z.literal('qrScan'), authCode: z.string().max(24).regex(/^\d{16,24}$/, 'a payment code is 16 to 24 digits'), amountFen: Fen.positive().optional() }).strict(),
  /** C扫B: a dynamic code shown to the customer. */
  z.object({ tender: z.literal('qrShow'), channel: QrChannel, amountFen: Fen.positive().optional() }).strict(),
  z.object({
    tender: z.literal('storedValue'),
    cardNo: MemberCardNo,
    pin: MemberPin.optional(),
    amountFen: Fen.positive().optional(),
  }).strict(),
]);
export type PayInput = z.infer<typeof PayInput>;

export const PayResult = z.object({
  payment: Payment,
  /** Set when this leg completed the order. */
  order: Order.nullable(),
  openOrder: OpenOrder.nullable(),
  changeFen: Fen,
  receipt: ReceiptPreview.nullable(),
  printError: z.string().nullable(),
});

export const StoredValueCard = z.object({
  cardNo: MemberCardNo,
  holder: z.string(),
  balanceFen: Fen,
  hasPin: z.boolean(),
  status: z.enum(['active', 'frozen']),
});
export type StoredValueCard = z.infer<typeof StoredValueCard>;

export const checkoutCalls = {
  'checkout.state': { input: Empty, output: CheckoutState },
  /**
   * Pay one tender leg of the cart (the first leg freezes the cart into an open order).
   * When approved legs cover the total the order completes, prints and announces.
   * Only one leg runs per order at a time: a second call meanwhile gets CONFLICT.
   */
  'checkout.pay': { input: PayInput, output: PayResult },
  /** Cancel the open order: every approved leg is voided / reversed / refunded (compensation). */
  'checkout.cancel': { input: Empty, output: CheckoutState },
  /** The cashier's query of an in-doubt payment (guided resolution): confirm or reverse. */
  'payment.query': { input: z.object({ paymentId: Id }).strict(), output: Payment },
  'storedValue.get': { input: z.object({ cardNo: MemberCardNo }).strict(), output: StoredValueCard },
  'storedValue.issue': {
    input: z.object({ cardNo: MemberCardNo, holder: z.string().min(1).max(40), pin: MemberPin.optional() }).strict(),
    output: StoredValueCard,
  },
  'storedValue.topUp': {
    input: z.object({ cardNo: MemberCardNo, amountFen: Fen.positive().max(10_000_00, 'a top-up is at most ¥10,000') }).strict(),
    output: StoredValueCard,
  },
} as const satisfies Record<string, CallSpec>;
