/**
 * WeChat Pay v2 downloadbill trade bill (bills-displays.md §1.1) -> ChannelRows.
 *
 * Four parts: detail header, detail rows, summary header (总交易单数,...), summary row.
 * Every detail and summary field starts with a backtick; headers have none. UTF-8,
 * possibly with a BOM; CRLF or LF. Columns are read by header name because the order
 * differs between ALL / SUCCESS / REFUND bills and the legacy layout (总金额 instead of
 * 应结订单金额, 企业红包金额 instead of 代金券金额).
 *
 * Rows are split on ",`" rather than ",": every field starts with a backtick, so a comma
 * inside 商品名称 (WeChat does not escape it) does not shift the columns after it.
 */
import { AmountError, fee5ToMilliFen, milliFenToFee5, milliFenToFen, parseCount, statementYuanToFen } from './amounts';
import { both, enOf, yuan, zhOf } from './bilingual';
import { decodeUtf8, EncodingError, emptyFile, noLines, numberedLines } from './text-decode';
import type { ChannelRow, ParseError, ParseResult } from './types';

export type WechatBillType = 'ALL' | 'SUCCESS' | 'REFUND';

export interface WechatSummary {
  billType: WechatBillType;
  /** Line of the summary row. */
  line: number;
  count: number;
  /** 应结订单总金额 (or the legacy 总金额). */
  settledFen: number;
  refundFen?: number;
  feeFen: number;
  orderFen?: number;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const SUMMARY_HEADER_START = '总交易单数';
const REQUIRED = ['交易时间', '微信订单号', '商户订单号', '交易状态'] as const;

/** The first present column of several alternative names (current layout, legacy layout). */
function pick(row: Map<string, string>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = row.get(n);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** "`a,`b,`c" -> ["a","b","c"]; undefined when the line does not start with a backtick. */
function splitBacktickLine(text: string): string[] | undefined {
  if (!text.startsWith('`')) return undefined;
  return text.slice(1).split(',`');
}

export function parseWechatBill(bytes: Uint8Array, source = 'wechat bill'): ParseResult<WechatSummary> {
  const errors: ParseError[] = [];
  const rows: ChannelRow[] = [];
  const fail = (line: number, message: string, raw = ''): ParseResult<WechatSummary> => ({
    kind: 'wechat',
    rows: [],
    errors: [{ line, message, raw, source }],
  });
  if (bytes.length === 0) return fail(0, emptyFile(source));
  let text: string;
  try {
    text = decodeUtf8(bytes, source);
  } catch (e) {
    if (e instanceof EncodingError) return fail(0, e.message);
    throw e;
  }
  const lines = numberedLines(text).filter((l) => l.text.trim() !== '');
  const head = lines[0];
  if (!head) return fail(0, noLines(source));
  const header = head.text.split(',').map((h) => h.trim());
  const missing: string[] = REQUIRED.filter((c) => !header.includes(c));
  if (!header.includes('应结订单金额') && !header.includes('总金额')) missing.push('应结订单金额');
  if (missing.length > 0) {
    return fail(head.line, both(`不是微信交易账单：表头缺少 ${missing.join('、')}`, `not a WeChat trade bill: header lacks ${missing.join(', ')}`), head.text);
  }
  const billType: WechatBillType = header.includes('退款申请时间') ? 'REFUND' : header.includes('微信退款单号') ? 'ALL' : 'SUCCESS';

  const summaryAt = lines.findIndex((l) => l.text.startsWith(SUMMARY_HEADER_START));
  const detail = lines.slice(1, summaryAt < 0 ? undefined : summaryAt);
  let settledSum = 0;
  let refundSum = 0;
  let feeMilliSum = 0;
  for (const l of detail) {
    const bad = (message: string) => errors.push({ line: l.line, message, raw: l.text, source });
    const fields = splitBacktickLine(l.text);
    if (!fields) {
      bad(both('明细行不是以反引号（`）开头', 'detail row does not start with a backtick (`)'));
      continue;
    }
    if (fields.length !== header.length) {
      bad(both(`明细行有 ${fields.length} 列，表头有 ${header.length} 列`, `detail row has ${fields.length} fields, the header has ${header.length}`));
      continue;
    }
    const row = new Map(header.map((h, i) => [h, (fields[i] ?? '').trim()]));
    try {
      const parsed = wechatRow(row, billType, l.line, source);
      rows.push(parsed.row);
      settledSum += parsed.settledFen;
      refundSum += parsed.refundFen;
      feeMilliSum += parsed.feeMilli;
    } catch (e) {
      if (e instanceof AmountError || e instanceof RowError) bad(e.message);
      else throw e;
    }
  }

  let summary: WechatSummary | undefined;
  if (summaryAt < 0) {
    const last = lines.at(-1) ?? head;
    errors.push({
      line: last.line,
      message: both('缺少汇总表头（总交易单数,…），文件可能不完整', 'summary header (总交易单数,...) missing: the file may be truncated'),
      raw: last.text,
      source,
    });
  } else {
    const sHead = lines[summaryAt];
    const sRow = lines[summaryAt + 1];
    const sHeader = (sHead?.text ?? '').split(',').map((h) => h.trim());
    const sFields = sRow ? splitBacktickLine(sRow.text) : undefined;
    if (!sRow || !sFields || sFields.length !== sHeader.length) {
      const at = sRow ?? sHead ?? head;
      errors.push({ line: at.line, message: both('汇总行缺失或格式不对', 'summary row missing or malformed'), raw: at.text, source });
    } else {
      const s = new Map(sHeader.map((h, i) => [h, (sFields[i] ?? '').trim()]));
      try {
        summary = {
          billType,
          line: sRow.line,
          count: parseCount(s.get('总交易单数') ?? ''),
          settledFen: statementYuanToFen(pick(s, '应结订单总金额', '总交易额') ?? ''),
          feeFen: milliFenToFen(fee5ToMilliFen(s.get('手续费总金额') ?? '')),
        };
        const refund = s.get('退款总金额');
        if (refund !== undefined) summary.refundFen = statementYuanToFen(refund);
        const order = s.get('订单总金额');
        if (order !== undefined) summary.orderFen = statementYuanToFen(order);
        const feeMilli = fee5ToMilliFen(s.get('手续费总金额') ?? '');
        const diffs: string[] = [];
        if (summary.count !== detail.length) diffs.push(both(`总交易单数 ${summary.count}，明细 ${detail.length} 行`, `总交易单数 ${summary.count} but ${detail.length} detail rows`));
        // Sums are comparable only when every row parsed.
        if (errors.length === 0) {
          if (summary.settledFen !== settledSum) {
            diffs.push(
              both(
                `应结订单总金额 ${yuan(summary.settledFen)}，明细合计 ${yuan(settledSum)}`,
                `应结订单总金额 ${summary.settledFen} fen but rows sum to ${settledSum}`,
              ),
            );
          }
          if (summary.refundFen !== undefined && summary.refundFen !== refundSum) {
            diffs.push(both(`退款总金额 ${yuan(summary.refundFen)}，明细合计 ${yuan(refundSum)}`, `退款总金额 ${summary.refundFen} fen but rows sum to ${refundSum}`));
          }
          if (feeMilli !== feeMilliSum) {
            diffs.push(
              both(
                `手续费总金额 ¥${milliFenToFee5(feeMilli)}，明细合计 ¥${milliFenToFee5(feeMilliSum)}`,
                `手续费总金额 ${feeMilli / 1000} fen but rows sum to ${feeMilliSum / 1000}`,
              ),
            );
          }
        }
        if (diffs.length > 0) {
          const message = both(`汇总与明细不符：${diffs.map(zhOf).join('；')}`, `summary does not match detail: ${diffs.map(enOf).join('; ')}`);
          errors.push({ line: sRow.line, message, raw: sRow.text, source });
        }
      } catch (e) {
        if (!(e instanceof AmountError)) throw e;
        errors.push({ line: sRow.line, message: both(`汇总行：${zhOf(e.message)}`, `summary row: ${enOf(e.message)}`), raw: sRow.text, source });
      }
    }
    for (const extra of lines.slice(summaryAt + 2)) {
      errors.push({ line: extra.line, message: both('汇总行之后有多余的行', 'unexpected line after the summary row'), raw: extra.text, source });
    }
  }
  return { kind: 'wechat', rows, summary, errors };
}

class RowError extends Error {}

function wechatRow(
  row: Map<string, string>,
  billType: WechatBillType,
  line: number,
  source: string,
): { row: ChannelRow; settledFen: number; refundFen: number; feeMilli: number } {
  const at = row.get('交易时间') ?? '';
  if (!DATE_TIME.test(at)) {
    throw new RowError(both(`交易时间格式不对（应为 yyyy-MM-dd HH:mm:ss）：${JSON.stringify(at)}`, `交易时间 is not "yyyy-MM-dd HH:mm:ss": ${JSON.stringify(at)}`));
  }
  const outTradeNo = row.get('商户订单号') ?? '';
  const channelTradeNo = row.get('微信订单号') ?? '';
  if (outTradeNo === '' && channelTradeNo === '') throw new RowError(both('商户订单号和微信订单号都为空', 'both 商户订单号 and 微信订单号 are empty'));
  const status = row.get('交易状态') ?? '';
  const settledFen = statementYuanToFen(pick(row, '应结订单金额', '总金额') ?? '');
  const orderText = row.get('订单金额');
  const orderFen = orderText === undefined ? settledFen : statementYuanToFen(orderText);
  const refundText = row.get('退款金额');
  const refundFen = refundText === undefined || refundText === '' ? 0 : statementYuanToFen(refundText);
  const feeText = row.get('手续费');
  const feeMilli = feeText === undefined || feeText === '' ? 0 : fee5ToMilliFen(feeText);
  const base = {
    channel: 'wechat' as const,
    line,
    source,
    at,
    outTradeNo,
    channelTradeNo,
    feeFen: milliFenToFen(feeMilli),
    terminalId: row.get('设备号') || undefined,
    merchantNo: row.get('商户号') || undefined,
  };
  let out: ChannelRow;
  if (status === 'SUCCESS' || status === 'REVOKED') {
    out = { ...base, kind: 'payment', status: status === 'SUCCESS' ? 'success' : 'revoked', amountFen: orderFen };
  } else if (status === 'REFUND') {
    const refundStatus = row.get('退款状态') ?? 'SUCCESS';
    if (refundStatus !== 'SUCCESS' && refundStatus !== 'PROCESSING') {
      throw new RowError(
        both(
          `退款状态为 ${refundStatus || '（空）'}：退款未完成，不计入`,
          `refund with 退款状态 ${refundStatus || '(empty)'}: the refund did not complete; not counted`,
        ),
      );
    }
    const outRefundNo = row.get('商户退款单号') ?? '';
    if (outRefundNo === '') throw new RowError(both('退款行缺少商户退款单号', 'refund row without 商户退款单号'));
    const amountFen = refundFen || statementYuanToFen(row.get('申请退款金额') || '0');
    if (amountFen <= 0) throw new RowError(both('退款行没有退款金额', 'refund row with no refund amount'));
    out = {
      ...base,
      kind: 'refund',
      status: 'success',
      amountFen,
      outRefundNo,
      channelRefundNo: row.get('微信退款单号') || undefined,
    };
    // REFUND bills put the original payment time in 交易时间; the refund's own time is 退款申请时间.
    if (billType === 'REFUND') {
      const applied = row.get('退款申请时间') ?? '';
      if (DATE_TIME.test(applied)) out.at = applied;
    }
  } else {
    throw new RowError(
      both(`未知的交易状态 ${JSON.stringify(status)}（应为 SUCCESS、REVOKED 或 REFUND）`, `unknown 交易状态 ${JSON.stringify(status)} (expected SUCCESS, REVOKED or REFUND)`),
    );
  }
  if (out.amountFen <= 0 && out.kind === 'payment') throw new RowError(both(`支付金额不大于零：${yuan(out.amountFen)}`, `payment with amount ${out.amountFen} fen`));
  return { row: out, settledFen, refundFen, feeMilli };
}
