/**
 * The simulator's trade record, channel-neutral. Vendor routes translate its state to
 * WeChat trade_state / Alipay trade_status. Amounts are fen.
 */
import { z } from 'zod';

export type SimChannel = 'wechat' | 'alipay';

/**
 * USERPAYING  waiting for the customer's password (micropay) / WAIT_BUYER_PAY
 * NOTPAY      a C扫B code issued and not scanned yet
 * SUCCESS     paid (refunds, if any, are in `refunds`)
 * PAYERROR    the customer's payment failed after USERPAYING
 * CLOSED      closed unpaid (auto-close)
 * REVOKED     reversed/cancelled (reverseAction says whether money went back)
 */

export const simRefundSchema = z.object({
  outRefundNo: z.string(),
  refundId: z.string(),
  refundFen: z.number().int(),
  at: z.number(),
});
export type SimRefund = z.infer<typeof simRefundSchema>;

export const simTradeSchema = z.object({
  channel: z.enum(['wechat', 'alipay']),
  kind: z.enum(['micropay', 'precreate']),
  outTradeNo: z.string(),
  transactionId: z.string(),
  amountFen: z.number().int(),
  subject: z.string(),
  authCode: z.string().optional(),
  payerKey: z.string().optional(),
  payerId: z.string().optional(),
  payerLogon: z.string().optional(),
  storeId: z.string().optional(),
  terminalId: z.string().optional(),
  qrCode: z.string().optional(),
  state: z.enum(['USERPAYING', 'NOTPAY', 'SUCCESS', 'PAYERROR', 'CLOSED', 'REVOKED']),
  createdAt: z.number(),
  paidAt: z.number().optional(),
  closedAt: z.number().optional(),
  reversedAt: z.number().optional(),
  reverseAction: z.enum(['close', 'refund']).optional(),
  /** USERPAYING ends at this instant (absent: never by itself). */
  pendingUntil: z.number().optional(),
  pendingThen: z.enum(['SUCCESS', 'PAYERROR']).optional(),
  /** The customer confirms just as a reverse/cancel arrives. */
  payAtCancel: z.boolean().optional(),
  /** Unpaid trades close at this instant. */
  closeAt: z.number(),
  refunds: z.array(simRefundSchema),
  /** What identifies "the same request" for idempotent repeats. */
  fingerprint: z.string(),
});
export type SimTrade = z.infer<typeof simTradeSchema>;

export function tradeKey(channel: SimChannel, outTradeNo: string): string {
  return `${channel}:${outTradeNo}`;
}

export function refundedFen(t: SimTrade): number {
  return t.refunds.reduce((sum, r) => sum + r.refundFen, 0);
}
