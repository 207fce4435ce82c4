/**
 * Alipay OpenAPI answers -> QrResult. Pure. Gateway codes (mikuhuyo/flash-pay
 * AliCodeConstants): 10000 success, 10003 user paying, 20000 system error (unknown),
 * 40004 business failure with an ACQ.* sub_code. Amounts come as yuan strings.
 */
import { z } from 'zod';
import { parseStoreTime } from '../../drivers/shared/store-time';
import { yuanToFen } from '../../drivers/shared/money';
import type { QrResult } from './types';

export const alipayAnswerSchema = z.looseObject({
  code: z.string(),
  msg: z.string().optional(),
  sub_code: z.string().optional(),
  sub_msg: z.string().optional(),
  trade_no: z.string().optional(),
  out_trade_no: z.string().optional(),
  buyer_user_id: z.string().optional(),
  total_amount: z.string().optional(),
  refund_fee: z.string().optional(),
  gmt_payment: z.string().optional(),
  send_pay_date: z.string().optional(),
  trade_status: z.string().optional(),
  retry_flag: z.string().optional(),
  action: z.string().optional(),
  qr_code: z.string().optional(),
  fund_change: z.string().optional(),
  bill_download_url: z.string().optional(),
});
export type AlipayAnswer = z.infer<typeof alipayAnswerSchema>;

export const ALIPAY_CODE = {
  SUCCESS: '10000',
  USER_PAYING: '10003',
  UNKNOWN: '20000',
  BUSINESS_FAILED: '40004',
} as const;

/** sub_codes under 40004 that still leave the outcome open. */
const UNKNOWN_SUB_CODES = new Set(['ACQ.SYSTEM_ERROR', 'aop.ACQ.SYSTEM_ERROR']);

function optFen(yuan: string | undefined): number | undefined {
  if (yuan === undefined) return undefined;
  try {
    return yuanToFen(yuan);
  } catch {
    return undefined;
  }
}

function common(a: AlipayAnswer, amountFen: number): Omit<QrResult, 'status'> {
  const r: Omit<QrResult, 'status'> = { amountFen: optFen(a.total_amount) ?? amountFen };
  if (a.trade_no) r.transactionId = a.trade_no;
  if (a.buyer_user_id) r.payerId = a.buyer_user_id;
  const paid = parseStoreTime(a.gmt_payment ?? a.send_pay_date);
  if (paid !== undefined) r.paidAt = new Date(paid).toISOString();
  if (a.code !== ALIPAY_CODE.SUCCESS) {
    r.errCode = a.sub_code ?? a.code;
    const msg = a.sub_msg ?? a.msg;
    if (msg) r.errMessage = msg;
  }
  return r;
}

function isUnknown(a: AlipayAnswer): boolean {
  return a.code === ALIPAY_CODE.UNKNOWN || UNKNOWN_SUB_CODES.has(a.sub_code ?? '');
}

export function alipayPayResult(a: AlipayAnswer, amountFen: number): QrResult {
  if (a.code === ALIPAY_CODE.SUCCESS) return { status: 'SUCCESS', ...common(a, amountFen) };
  if (a.code === ALIPAY_CODE.USER_PAYING) return { status: 'USERPAYING', ...common(a, amountFen), errCode: a.code };
  if (isUnknown(a)) return { status: 'UNKNOWN', ...common(a, amountFen) };
  return { status: 'FAIL', ...common(a, amountFen) };
}

const TRADE_STATUS: Record<string, QrResult['status']> = {
  WAIT_BUYER_PAY: 'USERPAYING',
  TRADE_SUCCESS: 'SUCCESS',
  // Finished = paid and no longer refundable; still paid for the checkout.
  TRADE_FINISHED: 'SUCCESS',
  TRADE_CLOSED: 'CLOSED',
};

export function alipayQueryResult(a: AlipayAnswer): QrResult {
  if (a.code === ALIPAY_CODE.SUCCESS) {
    const state = a.trade_status ?? '';
    const r: QrResult = { status: TRADE_STATUS[state] ?? 'UNKNOWN', rawStatus: state, ...common(a, 0) };
    const refunded = optFen(a.refund_fee);
    if (refunded !== undefined && refunded > 0) r.refundedFen = refunded;
    return r;
  }
  // The pay request never reached Alipay: nothing was charged.
  if (a.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'NOTPAY', ...common(a, 0) };
  return { status: 'UNKNOWN', ...common(a, 0) };
}

export function alipayCancelResult(a: AlipayAnswer): QrResult {
  const retryFlag = a.retry_flag === 'Y';
  if (a.code === ALIPAY_CODE.SUCCESS) {
    const action = a.action === 'refund' ? 'refund' : a.action === 'close' ? 'close' : undefined;
    const r: QrResult = { status: action === 'close' ? 'CLOSED' : 'REVOKED', retryFlag, ...common(a, 0) };
    if (action) r.action = action;
    return r;
  }
  if (retryFlag || isUnknown(a)) return { status: 'UNKNOWN', retryFlag: true, ...common(a, 0) };
  return { status: 'FAIL', retryFlag, ...common(a, 0) };
}

export function alipayRefundResult(a: AlipayAnswer, refundFen: number): QrResult {
  const base = common(a, refundFen);
  base.amountFen = refundFen;
  if (a.code === ALIPAY_CODE.SUCCESS) {
    const r: QrResult = { status: 'REFUND', ...base };
    const refunded = optFen(a.refund_fee);
    if (refunded !== undefined) r.refundedFen = refunded;
    return r;
  }
  if (isUnknown(a)) return { status: 'UNKNOWN', ...base };
  return { status: 'FAIL', ...base };
}
