/**
 * Alipay T+1 trade bill (bills-displays.md §1.2): a zip of two GBK CSV files,
 * `{PID}0156_{yyyyMMdd}_业务明细.csv` and `{PID}0156_{yyyyMMdd}_业务明细(汇总).csv`, with
 * `#` comment lines around the table, identifier fields padded with a trailing TAB (so
 * Excel keeps them as text) and CRLF line ends. Entry names are GBK without the UTF-8 flag.
 *
 * Modelled (the public sources stop short): refund rows show the order amount in 订单金额
 * and the negative refund in 商家实收; a cancel that refunded a paid trade is a 退款 row
 * with 备注 撤销; 服务费 is 0.00 unless a rate is given; the summary has one row per store.
 */
import iconv from 'iconv-lite';
import { storeClock, storeDateTime, storeDateTimeZh, storeDayCompact, storeDayEnd, storeDayStart } from '../../../../drivers/shared/store-time';
import { fenToYuan } from '../../../../drivers/shared/money';
import type { SimTrade } from '../sim-trade';
import { writeZip } from './zip-writer';

export const ALIPAY_DETAIL_COLUMNS = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
] as const;

export const ALIPAY_SUMMARY_COLUMNS = [
  '门店编号',
  '门店名称',
  '交易订单总笔数',
  '退款订单总笔数',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '卡消费金额（元）',
  '服务费（元）',
  '分润（元）',
  '实收净额（元）',
] as const;

const DETAIL_OPEN = '#-----------------------------------------业务明细列表----------------------------------------';
const DETAIL_CLOSE = '#-----------------------------------------业务明细列表结束------------------------------------';
const SUMMARY_OPEN = '#-----------------------------------------业务汇总列表----------------------------------------';
const SUMMARY_CLOSE = '#-----------------------------------------业务汇总列表结束------------------------------------';
const CRLF = '\r\n';
/** Alipay appends this to the PID in bill account ids and file names. */
const ACCOUNT_SUFFIX = '0156';

export interface AlipayBillOptions {
  /** yyyy-MM-dd or yyyyMMdd, Beijing time. */
  billDate: string;
  /** The merchant's partner id, 2088 + 12 digits. */
  pid: string;
  /** When the bill is "exported" (the #导出时间 line and the zip entry times). */
  exportedAt: number;
  /** Service fee rate in parts per million (default 0). */
  feePpm?: number;
}

export interface AlipayBill {
  detailName: string;
  summaryName: string;
  zipName: string;
  detailCsv: string;
  summaryCsv: string;
  zip: Buffer;
}

interface DetailRow {
  at: number;
  trade: SimTrade;
  refund: boolean;
  refundFen: number;
  requestNo: string;
  memo: string;
}

/** Identifier fields end in a TAB; a comma or newline in free text would break the table. */
const tab = (s: string): string => `${s}\t`;
const clean = (s: string): string => s.replace(/[\r\n]+/g, ' ').replaceAll(',', '，');

function detailRows(trades: readonly SimTrade[], from: number, to: number): DetailRow[] {
  const rows: DetailRow[] = [];
  for (const t of trades) {
    if (t.channel !== 'alipay' || t.paidAt === undefined) continue;
    if (t.paidAt >= from && t.paidAt < to) rows.push({ at: t.paidAt, trade: t, refund: false, refundFen: 0, requestNo: '', memo: '' });
    for (const r of t.refunds) {
      if (r.at >= from && r.at < to) {
        rows.push({ at: r.at, trade: t, refund: true, refundFen: r.refundFen, requestNo: r.outRefundNo, memo: '' });
      }
    }
    if (t.state === 'REVOKED' && t.reverseAction === 'refund' && t.reversedAt !== undefined && t.reversedAt >= from && t.reversedAt < to) {
      rows.push({ at: t.reversedAt, trade: t, refund: true, refundFen: t.amountFen, requestNo: '', memo: '撤销' });
    }
  }
  return rows.sort((a, b) => a.at - b.at || a.trade.outTradeNo.localeCompare(b.trade.outTradeNo));
}

export function buildAlipayBill(trades: readonly SimTrade[], opts: AlipayBillOptions): AlipayBill {
  const from = storeDayStart(opts.billDate);
  const to = storeDayEnd(opts.billDate);
  const ppm = opts.feePpm ?? 0;
  const account = `${opts.pid}${ACCOUNT_SUFFIX}`;
  const day = storeDayCompact(from);
  const rows = detailRows(trades, from, to);
  const fee = (fen: number): number => Math.round((fen * ppm) / 1_000_000);

  const head = [
    `#账号：[${account}]`,
    `#起始日期：[${storeDateTimeZh(from)}]   终止日期：[${storeDateTimeZh(to)}]`,
  ];
  const exported = `#导出时间：[${storeDateTimeZh(opts.exportedAt)}]`;

  let payCount = 0;
  let payFen = 0;
  let refundCount = 0;
  let refundFen = 0;
  const stores = new Map<string, { pays: number; refunds: number; ordered: number; received: number; fee: number }>();
  const lines = rows.map((r) => {
    const t = r.trade;
    const received = r.refund ? -r.refundFen : t.amountFen;
    const rowFee = r.refund ? -fee(r.refundFen) : fee(t.amountFen);
    if (r.refund) {
      refundCount += 1;
      refundFen += r.refundFen;
    } else {
      payCount += 1;
      payFen += t.amountFen;
    }
    const storeKey = t.storeId ?? '';
    const s = stores.get(storeKey) ?? { pays: 0, refunds: 0, ordered: 0, received: 0, fee: 0 };
    if (r.refund) s.refunds += 1;
    else {
      s.pays += 1;
      s.ordered += t.amountFen;
    }
    s.received += received;
    s.fee += rowFee;
    stores.set(storeKey, s);
    return [
      tab(t.transactionId),
      tab(t.outTradeNo),
      tab(r.refund ? '退款' : '交易'),
      clean(t.subject),
      storeDateTime(t.createdAt),
      storeDateTime(r.at),
      tab(t.storeId ?? ''),
      tab(t.storeId ?? ''),
      tab(''),
      tab(t.terminalId ?? ''),
      tab(`*顾客(${t.payerLogon ?? ''})`),
      fenToYuan(t.amountFen),
      fenToYuan(received),
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '',
      tab('0.00'),
      '0.00',
      tab(r.requestNo),
      fenToYuan(rowFee),
      '0.00',
      r.memo,
    ].join(',');
  });

  const detailCsv = [
    '#支付宝业务明细查询',
    ...head,
    DETAIL_OPEN,
    ALIPAY_DETAIL_COLUMNS.join(','),
    ...lines,
    DETAIL_CLOSE,
    `#交易合计：${payCount}笔，商家实收共${fenToYuan(payFen)}元，商家优惠共0.00元`,
    `#退款合计：${refundCount}笔，商家实收退款共${fenToYuan(-refundFen)}元，商家优惠退款共0.00元`,
    exported,
  ].join(CRLF);

  const total = { pays: 0, refunds: 0, ordered: 0, received: 0, fee: 0 };
  const storeLines = [...stores.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, s]) => {
      total.pays += s.pays;
      total.refunds += s.refunds;
      total.ordered += s.ordered;
      total.received += s.received;
      total.fee += s.fee;
      return summaryLine(tab(id), tab(id), s);
    });
  const summaryCsv = [
    '#支付宝业务汇总查询',
    ...head,
    SUMMARY_OPEN,
    ALIPAY_SUMMARY_COLUMNS.join(','),
    ...storeLines,
    summaryLine('合计', '', total),
    SUMMARY_CLOSE,
    exported,
  ].join(CRLF);

  const detailName = `${account}_${day}_业务明细.csv`;
  const summaryName = `${account}_${day}_业务明细(汇总).csv`;
  const wall = storeClock(opts.exportedAt);
  const modified = {
    year: Number(wall.y),
    month: Number(wall.mo),
    day: Number(wall.d),
    hour: Number(wall.h),
    minute: Number(wall.mi),
    second: Number(wall.s),
  };
  const zip = writeZip([
    { name: iconv.encode(detailName, 'gbk'), data: iconv.encode(`${detailCsv}${CRLF}`, 'gbk'), modified },
    { name: iconv.encode(summaryName, 'gbk'), data: iconv.encode(`${summaryCsv}${CRLF}`, 'gbk'), modified },
  ]);
  return {
    detailName,
    summaryName,
    zipName: `${account}_${day}.csv.zip`,
    detailCsv: `${detailCsv}${CRLF}`,
    summaryCsv: `${summaryCsv}${CRLF}`,
    zip,
  };
}

function summaryLine(
  id: string,
  name: string,
  s: { pays: number; refunds: number; ordered: number; received: number; fee: number },
): string {
  return [
    id,
    name,
    String(s.pays),
    String(s.refunds),
    fenToYuan(s.ordered),
    fenToYuan(s.received),
    '0.00',
    '0.00',
    '0.00',
    fenToYuan(s.fee),
    '0.00',
    fenToYuan(s.received - s.fee),
  ].join(',');
}
