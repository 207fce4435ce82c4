/**
 * WeChat Pay v2 downloadbill trade bill (bills-displays.md §1.1), built from simulator
 * trades. Layout: detail header, detail rows, summary header, summary row; fields split
 * by ASCII commas; every detail and summary field starts with a backtick; header lines
 * have none; UTF-8 with a BOM and CRLF line ends, as real bills fetched by the API show.
 *
 * Modelled (not confirmed by WeChat's text): refund rows carry 0.00 in 应结订单金额 and
 * 订单金额; a paid order later reversed is one row with 交易状态 REVOKED; the fee is
 * rounded to the fen and printed with 5 decimals; counts are printed as integers.
 */
import { storeDateTime, storeDayEnd, storeDayStart } from '../../../../drivers/shared/store-time';
import { fenToYuan } from '../../../../drivers/shared/money';
import type { SimTrade } from '../sim-trade';

export type WechatBillType = 'ALL' | 'SUCCESS' | 'REFUND';

const ALL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUCCESS_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注';
const REFUND_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const ALL_SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const SUCCESS_SUMMARY_HEADER = '总交易单数,应结订单总金额,手续费总金额,订单总金额';

export const WECHAT_BILL_HEADERS: Record<WechatBillType, { detail: string; summary: string }> = {
  ALL: { detail: ALL_HEADER, summary: ALL_SUMMARY_HEADER },
  SUCCESS: { detail: SUCCESS_HEADER, summary: SUCCESS_SUMMARY_HEADER },
  REFUND: { detail: REFUND_HEADER, summary: ALL_SUMMARY_HEADER },
};

/** WeChat's standard rate for most categories: 0.60%, in parts per million. */
export const DEFAULT_WECHAT_FEE_PPM = 6_000;

export interface WechatBillOptions {
  /** yyyyMMdd, Beijing time. */
  billDate: string;
  billType: WechatBillType;
  appId: string;
  mchId: string;
  feePpm?: number;
}

interface BillRow {
  at: number;
  trade: SimTrade;
  kind: 'pay' | 'refund';
  refundId?: string;
  outRefundNo?: string;
  refundFen?: number;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';

function feeFen(amountFen: number, ppm: number): number {
  return Math.round((amountFen * ppm) / 1_000_000);
}

/** 5-decimal yuan from fen, as the bill prints fees ("0.06000"). */
function fee5(fen: number): string {
  return `${fenToYuan(fen)}000`;
}

/** Field text without the separators the format cannot escape. */
function clean(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replaceAll(',', '，').replaceAll('`', "'");
}

function rate(ppm: number): string {
  return `${(ppm / 10_000).toFixed(2)}%`;
}

export function wechatBillRows(trades: readonly SimTrade[], billDate: string): BillRow[] {
  const from = storeDayStart(billDate);
  const to = storeDayEnd(billDate);
  const rows: BillRow[] = [];
  for (const t of trades) {
    if (t.channel !== 'wechat' || t.paidAt === undefined) continue;
    if (t.paidAt >= from && t.paidAt < to) rows.push({ at: t.paidAt, trade: t, kind: 'pay' });
    for (const r of t.refunds) {
      if (r.at >= from && r.at < to) {
        rows.push({ at: r.at, trade: t, kind: 'refund', refundId: r.refundId, outRefundNo: r.outRefundNo, refundFen: r.refundFen });
      }
    }
  }
  return rows.sort((a, b) => a.at - b.at || a.trade.outTradeNo.localeCompare(b.trade.outTradeNo));
}

/** The bill text, or undefined when the day has no rows (WeChat answers "No Bill Exist"). */
export function buildWechatBill(trades: readonly SimTrade[], opts: WechatBillOptions): string | undefined {
  const ppm = opts.feePpm ?? DEFAULT_WECHAT_FEE_PPM;
  const rows = wechatBillRows(trades, opts.billDate).filter((r) =>
    opts.billType === 'ALL' ? true : opts.billType === 'SUCCESS' ? r.kind === 'pay' : r.kind === 'refund',
  );
  if (rows.length === 0) return undefined;

  let settled = 0;
  let refunded = 0;
  let fees = 0;
  let ordered = 0;
  const lines: string[] = [];
  for (const r of rows) {
    const t = r.trade;
    const isPay = r.kind === 'pay';
    const payFen = isPay ? t.amountFen : 0;
    const refundFen = r.refundFen ?? 0;
    const fee = isPay ? feeFen(t.amountFen, ppm) : -feeFen(refundFen, ppm);
    settled += payFen;
    refunded += refundFen;
    fees += fee;
    ordered += payFen;
    const status = isPay ? (t.state === 'REVOKED' ? 'REVOKED' : 'SUCCESS') : 'REFUND';
    const head = [
      storeDateTime(opts.billType === 'REFUND' ? (t.paidAt ?? r.at) : r.at),
      opts.appId,
      opts.mchId,
      '0',
      t.terminalId ?? '',
      t.transactionId,
      t.outTradeNo,
      t.payerId ?? '',
      t.kind === 'precreate' ? 'NATIVE' : 'MICROPAY',
      status,
      'OTHERS',
      'CNY',
      fenToYuan(payFen),
      '0.00',
    ];
    const refundCols = [
      isPay ? '0' : (r.refundId ?? ''),
      isPay ? '0' : (r.outRefundNo ?? ''),
      fenToYuan(refundFen),
      '0.00',
      isPay ? '' : 'ORIGINAL',
      isPay ? '' : 'SUCCESS',
    ];
    const tail = [clean(t.subject), '', fee5(fee), rate(ppm), fenToYuan(payFen)];
    let fields: string[];
    if (opts.billType === 'SUCCESS') fields = [...head, ...tail, ''];
    else if (opts.billType === 'REFUND') {
      fields = [...head, storeDateTime(r.at), storeDateTime(r.at), ...refundCols, ...tail, fenToYuan(refundFen), ''];
    } else fields = [...head, ...refundCols, ...tail, fenToYuan(refundFen), ''];
    lines.push(fields.map((f) => `\`${f}`).join(','));
  }
  const summary =
    opts.billType === 'SUCCESS'
      ? [String(rows.length), fenToYuan(settled), fee5(fees), fenToYuan(ordered)]
      : [String(rows.length), fenToYuan(settled), fenToYuan(refunded), '0.00', fee5(fees), fenToYuan(ordered), fenToYuan(refunded)];
  const h = WECHAT_BILL_HEADERS[opts.billType];
  return `${BOM}${h.detail}${CRLF}${lines.join(CRLF)}${CRLF}${h.summary}${CRLF}${summary.map((f) => `\`${f}`).join(',')}${CRLF}`;
}
