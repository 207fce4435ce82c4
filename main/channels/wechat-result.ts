/**
 * WeChat Pay v2 answers -> QrResult. Pure: takes the parsed response fields, gives the
 * channel-neutral result. The rule that matters: anything that does not prove "not paid"
 * is UNKNOWN, because money may have moved.
 */
import { fenDigitsToFen } from '../../drivers/shared/money';
import { parseStoreTime } from '../../drivers/shared/store-time';
import type { QrResult } from './types';
import type { WechatParams } from './wechat-codec';

/** Micropay err_codes that leave the outcome open (WeChat: "go to query"). */
const MICROPAY_UNKNOWN = new Set(['SYSTEMERROR', 'BANKERROR']);
/** Errors WeChat documents as "retry the same request" for reverse and refund. */
const RETRYABLE = new Set(['SYSTEMERROR', 'BIZERR_NEED_RETRY', 'FREQUENCY_LIMITED', 'USERPAYING']);

function optFen(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return fenDigitsToFen(text);
  } catch {
    return undefined;
  }
}

function paidAtIso(p: WechatParams): string | undefined {
  const ms = parseStoreTime(p.time_end);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function common(p: WechatParams, amountFen: number): Omit<QrResult, 'status'> {
  const r: Omit<QrResult, 'status'> = { amountFen: optFen(p.total_fee) ?? amountFen };
  if (p.transaction_id) r.transactionId = p.transaction_id;
  if (p.openid) r.payerId = p.openid;
  const paidAt = paidAtIso(p);
  if (paidAt) r.paidAt = paidAt;
  if (p.err_code) r.errCode = p.err_code;
  if (p.err_code_des) r.errMessage = p.err_code_des;
  return r;
}

/** return_code=FAIL: the gateway refused the request itself (signature, format). */
function returnFail(p: WechatParams): { errCode: string; errMessage: string } {
  const msg = p.return_msg ?? 'return_code=FAIL';
  return { errCode: /签名/.test(msg) ? 'SIGNERROR' : 'RETURN_FAIL', errMessage: msg };
}

export function wechatMicropayResult(p: WechatParams, amountFen: number): QrResult {
  if (p.return_code !== 'SUCCESS') return { status: 'FAIL', amountFen, ...returnFail(p) };
  if (p.result_code === 'SUCCESS') return { status: 'SUCCESS', ...common(p, amountFen) };
  const code = p.err_code ?? '';
  if (code === 'USERPAYING') return { status: 'USERPAYING', ...common(p, amountFen) };
  if (MICROPAY_UNKNOWN.has(code) || code === '') return { status: 'UNKNOWN', ...common(p, amountFen) };
  return { status: 'FAIL', ...common(p, amountFen) };
}

const TRADE_STATE: Record<string, QrResult['status']> = {
  SUCCESS: 'SUCCESS',
  REFUND: 'REFUND',
  NOTPAY: 'NOTPAY',
  CLOSED: 'CLOSED',
  REVOKED: 'REVOKED',
  USERPAYING: 'USERPAYING',
  // PAYERROR: the payment failed at the bank; the trade is not paid.
  PAYERROR: 'FAIL',
};

export function wechatQueryResult(p: WechatParams): QrResult {
  if (p.return_code !== 'SUCCESS') return { status: 'UNKNOWN', amountFen: 0, ...returnFail(p) };
  if (p.result_code !== 'SUCCESS') {
    // The pay request never reached WeChat: nothing was charged.
    if (p.err_code === 'ORDERNOTEXIST') return { status: 'NOTPAY', ...common(p, 0) };
    return { status: 'UNKNOWN', ...common(p, 0) };
  }
  const state = p.trade_state ?? '';
  const status = TRADE_STATE[state] ?? 'UNKNOWN';
  const r: QrResult = { status, rawStatus: state, ...common(p, 0) };
  // The state's description is only worth keeping when it explains a non-paid state.
  if (p.trade_state_desc && !r.errMessage && status !== 'SUCCESS' && status !== 'REFUND') r.errMessage = p.trade_state_desc;
  return r;
}

export function wechatReverseResult(p: WechatParams): QrResult {
  const recall = p.recall === 'Y';
  if (p.return_code !== 'SUCCESS') return { status: 'UNKNOWN', amountFen: 0, recall: true, ...returnFail(p) };
  if (p.result_code === 'SUCCESS') return { status: 'REVOKED', recall, ...common(p, 0) };
  const code = p.err_code ?? '';
  // An order that never reached WeChat has nothing to undo.
  if (code === 'ORDERNOTEXIST') return { status: 'CLOSED', recall: false, ...common(p, 0) };
  if (recall || RETRYABLE.has(code)) return { status: 'UNKNOWN', recall: true, ...common(p, 0) };
  return { status: 'FAIL', recall, ...common(p, 0) };
}

export function wechatRefundResult(p: WechatParams, refundFen: number): QrResult {
  if (p.return_code !== 'SUCCESS') return { status: 'FAIL', amountFen: refundFen, ...returnFail(p) };
  const base = common(p, refundFen);
  base.amountFen = optFen(p.refund_fee) ?? refundFen;
  if (p.result_code === 'SUCCESS') {
    const r: QrResult = { status: 'REFUND', ...base };
    if (p.refund_id) r.refundId = p.refund_id;
    return r;
  }
  if (RETRYABLE.has(p.err_code ?? '')) return { status: 'UNKNOWN', ...base };
  return { status: 'FAIL', ...base };
}
