/**
 * Alipay T+1 trade bill (bills-displays.md §1.2) -> ChannelRows.
 *
 * The download is a zip of two GBK CSVs: `…_业务明细.csv` (one row per trade or refund,
 * framed by `#` comment lines, footer totals `#交易合计：…` / `#退款合计：…`) and
 * `…_业务明细(汇总).csv` (one row per store and a `合计` row). Identifier fields carry a
 * trailing TAB so Excel keeps them as text; it is stripped. Columns are read by name.
 *
 * 业务类型 交易 -> a payment; 退款 -> a refund (商家实收 is negative; the amount is its
 * absolute value, 退款批次号/请求号 is the merchant refund number). A 退款 row with no
 * request number (备注 撤销) is the refund a cancel (alipay.trade.cancel) made: a `void`.
 * Both the detail footer and the 汇总 合计 row are checked against the detail rows.
 */
import { AmountError, parseCount, statementYuanToFen } from './amounts';
import { both, enOf, yuan, zhOf } from './bilingual';
import { fieldCountMessage, splitCsvLine } from './csv-fields';
import { decodeGbk, EncodingError, emptyFile, numberedLines } from './text-decode';
import type { ChannelRow, ParseError, ParseResult } from './types';
import { isZip, readZip, ZipError } from './zip-reader';

export interface AlipaySummary {
  /** From the detail footer `#交易合计：N笔，商家实收共X元`. */
  payCount?: number;
  payFen?: number;
  /** From `#退款合计：N笔，商家实收退款共-X元` (refundFen positive). */
  refundCount?: number;
  refundFen?: number;
  /** From the 汇总 file's 合计 row. */
  total?: { payCount: number; refundCount: number; orderFen: number; receivedFen: number; feeFen: number; netFen: number; line: number };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DETAIL_REQUIRED = ['支付宝交易号', '商户订单号', '业务类型', '完成时间', '订单金额（元）', '商家实收（元）'] as const;
const SUMMARY_REQUIRED = ['门店编号', '交易订单总笔数', '退款订单总笔数', '订单金额（元）', '商家实收（元）', '服务费（元）', '实收净额（元）'] as const;
const PAY_FOOTER = /^#交易合计：(\d+)笔，商家实收共(-?[\d.]+)元/;
const REFUND_FOOTER = /^#退款合计：(\d+)笔，商家实收退款共(-?[\d.]+)元/;
const DETAIL_ENTRY = /_业务明细\.csv$/;
const SUMMARY_ENTRY = /_业务明细\(汇总\)\.csv$/;

class RowError extends Error {}

/** Cells with the Excel-guard TAB (and stray spaces) removed. */
const clean = (cell: string): string => cell.replace(/\t/g, '').trim();

function result(rows: ChannelRow[], errors: ParseError[], summary?: AlipaySummary): ParseResult<AlipaySummary> {
  return { kind: 'alipay', rows, summary, errors };
}

/** The zip as downloaded, or a bare `_业务明细.csv` already taken out of it. */
export function parseAlipayBill(bytes: Uint8Array, source = 'alipay bill'): ParseResult<AlipaySummary> {
  if (bytes.length === 0) return result([], [{ line: 0, message: emptyFile(source), raw: '', source }]);
  if (!isZip(bytes)) return parseAlipayDetailCsv(bytes, source);
  let entries: ReturnType<typeof readZip>;
  try {
    entries = readZip(bytes, source);
  } catch (e) {
    if (e instanceof ZipError) return result([], [{ line: 0, message: e.message, raw: '', source }]);
    throw e;
  }
  const detail = entries.find((e) => DETAIL_ENTRY.test(e.name));
  if (!detail) {
    const names = entries.map((e) => e.name);
    const message = both(
      `${source} 中没有 …_业务明细.csv（包内文件：${names.join('、') || '无'}）`,
      `${source} holds no …_业务明细.csv (entries: ${names.join(', ') || 'none'})`,
    );
    return result([], [{ line: 0, message, raw: '', source }]);
  }
  const parsed = parseAlipayDetailCsv(detail.data, detail.name);
  const summaryEntry = entries.find((e) => SUMMARY_ENTRY.test(e.name));
  if (summaryEntry) {
    const s = parseAlipaySummaryCsv(summaryEntry.data, summaryEntry.name);
    parsed.errors.push(...s.errors);
    if (s.total) {
      const summary = { ...parsed.summary, total: s.total };
      parsed.summary = summary;
      if (parsed.errors.length === 0) {
        // The detail footer (already checked against the rows) gives 商家实收 net of refunds.
        const received = (parsed.summary?.payFen ?? 0) - (parsed.summary?.refundFen ?? 0);
        const diffs = compareTotal(parsed.rows, received, s.total);
        if (diffs.length > 0) {
          parsed.errors.push({
            line: s.total.line,
            message: both(`汇总文件的合计与明细不符：${diffs.map(zhOf).join('；')}`, `汇总 合计 does not match the detail: ${diffs.map(enOf).join('; ')}`),
            raw: '',
            source: summaryEntry.name,
          });
        }
      }
    }
  }
  return parsed;
}

function compareTotal(rows: ChannelRow[], received: number, t: NonNullable<AlipaySummary['total']>): string[] {
  const pays = rows.filter((r) => r.kind === 'payment');
  const refunds = rows.filter((r) => r.kind !== 'payment');
  const fee = rows.reduce((s, r) => s + (r.feeFen ?? 0), 0);
  const diffs: string[] = [];
  if (t.payCount !== pays.length) diffs.push(both(`交易订单总笔数 ${t.payCount}，明细交易 ${pays.length} 行`, `交易订单总笔数 ${t.payCount} but ${pays.length} trade rows`));
  if (t.refundCount !== refunds.length) {
    diffs.push(both(`退款订单总笔数 ${t.refundCount}，明细退款 ${refunds.length} 行`, `退款订单总笔数 ${t.refundCount} but ${refunds.length} refund rows`));
  }
  if (t.receivedFen !== received) diffs.push(both(`商家实收 ${yuan(t.receivedFen)}，明细合计 ${yuan(received)}`, `商家实收 ${t.receivedFen} fen but rows sum to ${received}`));
  if (t.feeFen !== fee) diffs.push(both(`服务费 ${yuan(t.feeFen)}，明细合计 ${yuan(fee)}`, `服务费 ${t.feeFen} fen but rows sum to ${fee}`));
  return diffs;
}

function decodeAlipay(bytes: Uint8Array, source: string): string | ParseError {
  try {
    return decodeGbk(bytes, source);
  } catch (e) {
    if (e instanceof EncodingError) return { line: 0, message: e.message, raw: '', source };
    throw e;
  }
}

export function parseAlipayDetailCsv(bytes: Uint8Array, source = '业务明细.csv'): ParseResult<AlipaySummary> {
  if (bytes.length === 0) return result([], [{ line: 0, message: emptyFile(source), raw: '', source }]);
  const text = decodeAlipay(bytes, source);
  if (typeof text !== 'string') return result([], [text]);
  const lines = numberedLines(text);
  const head = lines.find((l) => !l.text.startsWith('#') && l.text.trim() !== '');
  const header = head ? (splitCsvLine(head.text) ?? []).map(clean) : [];
  const missing = DETAIL_REQUIRED.filter((c) => !header.includes(c));
  if (!head || missing.length > 0) {
    const mojibake = /[\u00c0-\u00ff]/.test(text);
    const message = both(
      `不是支付宝业务明细：表头缺少 ${missing.join('、')}${mojibake ? '（文字像是把 UTF-8 当成 GBK 读出来的：支付宝账单为 GBK）' : ''}`,
      `not an Alipay 业务明细: header lacks ${missing.join(', ')}${mojibake ? ' (the text looks like UTF-8 read as GBK: Alipay bills are GBK)' : ''}`,
    );
    return result([], [{ line: head?.line ?? 0, message, raw: head?.text ?? '', source }]);
  }
  const errors: ParseError[] = [];
  const rows: ChannelRow[] = [];
  const summary: AlipaySummary = {};
  // 商家实收 per row: the footer totals are in 商家实收, which differs from 订单金额 by discounts.
  let receivedPay = 0;
  let receivedRefund = 0;
  for (const l of lines) {
    if (l.line <= head.line || l.text.trim() === '') continue;
    if (l.text.startsWith('#')) {
      const pay = PAY_FOOTER.exec(l.text);
      const refund = REFUND_FOOTER.exec(l.text);
      try {
        if (pay) {
          summary.payCount = parseCount(pay[1] ?? '');
          summary.payFen = statementYuanToFen(pay[2] ?? '');
        } else if (refund) {
          summary.refundCount = parseCount(refund[1] ?? '');
          summary.refundFen = Math.abs(statementYuanToFen(refund[2] ?? ''));
        }
      } catch (e) {
        if (!(e instanceof AmountError)) throw e;
        errors.push({ line: l.line, message: both(`合计行：${zhOf(e.message)}`, `footer: ${enOf(e.message)}`), raw: l.text, source });
      }
      continue;
    }
    const cells = splitCsvLine(l.text);
    if (!cells || cells.length !== header.length) {
      errors.push({ line: l.line, message: fieldCountMessage(cells, header.length), raw: l.text, source });
      continue;
    }
    const row = new Map(header.map((h, i) => [h, clean(cells[i] ?? '')]));
    try {
      const parsed = alipayRow(row, l.line, source);
      rows.push(parsed.row);
      if (parsed.row.kind === 'payment') receivedPay += parsed.receivedFen;
      else receivedRefund -= parsed.receivedFen;
    } catch (e) {
      if (e instanceof AmountError || e instanceof RowError) errors.push({ line: l.line, message: e.message, raw: l.text, source });
      else throw e;
    }
  }
  if (summary.payCount === undefined) {
    const last = lines.at(-1);
    errors.push({
      line: last?.line ?? 0,
      message: both('缺少 #交易合计 行，文件可能不完整', 'footer #交易合计 missing: the file may be truncated'),
      raw: last?.text ?? '',
      source,
    });
  } else if (errors.length === 0) {
    const pays = rows.filter((r) => r.kind === 'payment');
    const refunds = rows.filter((r) => r.kind !== 'payment');
    const payFen = receivedPay;
    const refundFen = receivedRefund;
    const diffs: string[] = [];
    if (summary.payCount !== pays.length) diffs.push(both(`交易合计 ${summary.payCount} 笔，明细交易 ${pays.length} 行`, `交易合计 ${summary.payCount}笔 but ${pays.length} trade rows`));
    if (summary.payFen !== payFen) {
      diffs.push(both(`商家实收共 ${yuan(summary.payFen ?? 0)}，明细交易合计 ${yuan(payFen)}`, `商家实收共 ${summary.payFen} fen but trade rows sum to ${payFen}`));
    }
    if (summary.refundCount !== undefined && summary.refundCount !== refunds.length) {
      diffs.push(both(`退款合计 ${summary.refundCount} 笔，明细退款 ${refunds.length} 行`, `退款合计 ${summary.refundCount}笔 but ${refunds.length} refund rows`));
    }
    if (summary.refundFen !== undefined && summary.refundFen !== refundFen) {
      diffs.push(
        both(
          `商家实收退款共 ${yuan(summary.refundFen)}，明细退款合计 ${yuan(refundFen)}`,
          `商家实收退款共 ${summary.refundFen} fen but refund rows sum to ${refundFen}`,
        ),
      );
    }
    if (diffs.length > 0) {
      const footer = lines.find((l) => PAY_FOOTER.test(l.text));
      const message = both(`合计行与明细不符：${diffs.map(zhOf).join('；')}`, `footer does not match the detail: ${diffs.map(enOf).join('; ')}`);
      errors.push({ line: footer?.line ?? 0, message, raw: footer?.text ?? '', source });
    }
  }
  return result(rows, errors, summary);
}

function alipayRow(row: Map<string, string>, line: number, source: string): { row: ChannelRow; receivedFen: number } {
  const at = row.get('完成时间') ?? '';
  if (!DATE_TIME.test(at)) {
    throw new RowError(both(`完成时间格式不对（应为 yyyy-MM-dd HH:mm:ss）：${JSON.stringify(at)}`, `完成时间 is not "yyyy-MM-dd HH:mm:ss": ${JSON.stringify(at)}`));
  }
  const channelTradeNo = row.get('支付宝交易号') ?? '';
  const outTradeNo = row.get('商户订单号') ?? '';
  if (channelTradeNo === '' && outTradeNo === '') throw new RowError(both('支付宝交易号和商户订单号都为空', 'both 支付宝交易号 and 商户订单号 are empty'));
  const type = row.get('业务类型') ?? '';
  const orderFen = statementYuanToFen(row.get('订单金额（元）') ?? '');
  const receivedFen = statementYuanToFen(row.get('商家实收（元）') ?? '');
  const feeText = row.get('服务费（元）');
  const feeFen = feeText === undefined || feeText === '' ? undefined : statementYuanToFen(feeText);
  const memo = row.get('备注') || undefined;
  const base = {
    channel: 'alipay' as const,
    line,
    source,
    status: 'success' as const,
    at,
    outTradeNo,
    channelTradeNo,
    feeFen,
    memo,
    terminalId: row.get('终端号') || undefined,
  };
  if (type === '交易') {
    if (orderFen <= 0) throw new RowError(both(`交易行的订单金额不大于零：${yuan(orderFen)}`, `交易 row with 订单金额 ${orderFen} fen`));
    return { row: { ...base, kind: 'payment', amountFen: orderFen }, receivedFen };
  }
  if (type === '退款') {
    const amountFen = Math.abs(receivedFen);
    if (amountFen === 0) throw new RowError(both('退款行的商家实收为 0.00', '退款 row with 商家实收 0.00'));
    const requestNo = row.get('退款批次号/请求号') ?? '';
    // A cancel that refunded a paid trade has no request number of the merchant's own.
    if (requestNo === '' || memo === '撤销') return { row: { ...base, kind: 'void', amountFen, originalRef: channelTradeNo }, receivedFen };
    return { row: { ...base, kind: 'refund', amountFen, outRefundNo: requestNo }, receivedFen };
  }
  throw new RowError(both(`未知的业务类型 ${JSON.stringify(type)}（应为 交易 或 退款）`, `unknown 业务类型 ${JSON.stringify(type)} (expected 交易 or 退款)`));
}

export function parseAlipaySummaryCsv(bytes: Uint8Array, source = '业务明细(汇总).csv'): { total?: AlipaySummary['total']; errors: ParseError[] } {
  const text = decodeAlipay(bytes, source);
  if (typeof text !== 'string') return { errors: [text] };
  const lines = numberedLines(text);
  const head = lines.find((l) => !l.text.startsWith('#') && l.text.trim() !== '');
  const header = head ? (splitCsvLine(head.text) ?? []).map(clean) : [];
  const missing = SUMMARY_REQUIRED.filter((c) => !header.includes(c));
  if (!head || missing.length > 0) {
    const message = both(`不是支付宝业务明细(汇总)：表头缺少 ${missing.join('、')}`, `not an Alipay 业务明细(汇总): header lacks ${missing.join(', ')}`);
    return { errors: [{ line: head?.line ?? 0, message, raw: head?.text ?? '', source }] };
  }
  const errors: ParseError[] = [];
  let total: AlipaySummary['total'];
  for (const l of lines) {
    if (l.line <= head.line || l.text.startsWith('#') || l.text.trim() === '') continue;
    const cells = splitCsvLine(l.text);
    if (!cells || cells.length !== header.length) {
      errors.push({ line: l.line, message: fieldCountMessage(cells, header.length), raw: l.text, source });
      continue;
    }
    const row = new Map(header.map((h, i) => [h, clean(cells[i] ?? '')]));
    try {
      const t = {
        payCount: parseCount(row.get('交易订单总笔数') ?? ''),
        refundCount: parseCount(row.get('退款订单总笔数') ?? ''),
        orderFen: statementYuanToFen(row.get('订单金额（元）') ?? ''),
        receivedFen: statementYuanToFen(row.get('商家实收（元）') ?? ''),
        feeFen: statementYuanToFen(row.get('服务费（元）') ?? ''),
        netFen: statementYuanToFen(row.get('实收净额（元）') ?? ''),
        line: l.line,
      };
      if (row.get('门店编号') === '合计') total = t;
    } catch (e) {
      if (!(e instanceof AmountError)) throw e;
      errors.push({ line: l.line, message: e.message, raw: l.text, source });
    }
  }
  if (!total && errors.length === 0) {
    errors.push({ line: lines.at(-1)?.line ?? 0, message: both('缺少合计行，文件可能不完整', '合计 row missing: the file may be truncated'), raw: '', source });
  }
  return { total, errors };
}
