/**
 * Acquirer merchant card detail file -> ChannelRows.
 *
 * Layout chosen (bills-displays.md §1.3, after 通联 Allinpay's merchant detail file): CSV,
 * one header row naming the 34 columns below in Allinpay's order, then one row per
 * transaction; UTF-8 (BOM allowed) or GBK; amounts in 元 with 2 decimals (NUMBER(15,2)).
 *   商户号,门店名称,终端号,交易时间,交易类型,交易批次号,凭证号,参考号,卡号,卡类别,
 *   发卡行机构代码,发卡行名称,交易金额,手续费,交易日期,交易单号,订单号,商户备注,
 *   对接应用号,原始金额,结算金额,产品类型,分期贴息,交易完成时间,持卡人姓名,持卡人身份证,
 *   分期数,优惠金额,实付金额,原交易单,渠道交易类型,出金方账户名称,门店编号,交易完成日期
 * Columns are read by name, so a file with fewer or reordered columns still parses as
 * long as the required ones are there.
 *
 * Modelled (Allinpay's page gives names, not values):
 * - 交易类型: 消费 / 预授权完成 (payment), 消费撤销 / 预授权完成撤销 (void), 退货 (refund).
 * - 卡类别: 借记卡 / 预付卡 (debit), 贷记卡 / 准贷记卡 (credit) — the same buckets the
 *   terminal settles in (prepaid as debit, quasi-credit as credit).
 * - 产品类型: 银行卡 (内卡), 外卡 (外卡), 银联二维码 (UnionPay QR, channel `unionpay`).
 * - 订单号 is the merchant's order (payments) or refund number (退货); 原交易单 is the
 *   original's 参考号 on voids and refunds; 交易单号 is the acquirer's own id.
 * - An optional last line `合计,<笔数>,<交易金额>,<手续费>` is checked against the rows.
 * 交易金额 may be printed signed on refunds/voids; the sign is taken from 交易类型.
 * 卡号 is masked at once by the shared rule (drivers/shared/card-data.ts): a full card number to
 * first 6 / last 4, anything short or odd to stars; no PAN is kept, not even in an error's raw line.
 */
import { maskPan, maskPansIn } from '../../drivers/shared/card-data';
import { type CardType, settlementBucket, type SettlementBucket } from '../../drivers/terminal/model';
import { AmountError, parseCount, statementYuanToFen } from './amounts';
import { both, enOf, yuan, zhOf } from './bilingual';
import { fieldCountMessage, splitCsvLine } from './csv-fields';
import { decodeUtf8OrGbk, EncodingError, emptyFile, noLines, numberedLines } from './text-decode';
import type { ChannelRow, ParseError, ParseResult } from './types';

/*
 * The acquirer's full column set (the parser reads the columns by name; REQUIRED below):
 *  商户号 门店名称 终端号 交易时间 交易类型 交易批次号 凭证号 参考号 卡号 卡类别 发卡行机构代码 发卡行名称 交易金额 手续费 交易日期 交易单号 订单号 商户备注 对接应用号
 *  原始金额 结算金额 产品类型 分期贴息 交易完成时间 持卡人姓名 持卡人身份证 分期数 优惠金额 实付金额 原交易单 渠道交易类型 出金方账户名称 门店编号 交易完成日期
 */

const REQUIRED = ['终端号', '交易时间', '交易类型', '交易批次号', '凭证号', '参考号', '卡号', '交易金额', '交易日期'] as const;

export interface AcquirerSummary {
  line: number;
  count: number;
  amountFen: number;
  feeFen: number;
}

const KINDS: Record<string, ChannelRow['kind']> = {
  消费: 'payment',
  预授权完成: 'payment',
  消费撤销: 'void',
  预授权完成撤销: 'void',
  退货: 'refund',
};
/** 卡类别 -> the terminal's card type, which settlementBucket puts in 借记 or 贷记. */
const CARD_TYPES: Record<string, CardType> = { 借记卡: '00', 预付卡: '03', 贷记卡: '01', 准贷记卡: '02' };
const TOTAL_LABEL = '合计';

class RowError extends Error {}

/**
 * A raw line as an error shows it: the 卡号 cell masked whatever it holds (wherever its text
 * recurs), and any other digit run long enough to be a card number.
 */
function shownLine(text: string, card: string): string {
  return maskPansIn(card === '' ? text : text.split(card).join(maskPan(card)));
}

export function parseAcquirerFile(bytes: Uint8Array, source = 'acquirer file'): ParseResult<AcquirerSummary> {
  const fail = (line: number, message: string, raw = ''): ParseResult<AcquirerSummary> => ({
    kind: 'acquirer',
    rows: [],
    errors: [{ line, message, raw, source }],
  });
  if (bytes.length === 0) return fail(0, emptyFile(source));
  let text: string;
  try {
    text = decodeUtf8OrGbk(bytes, source).text;
  } catch (e) {
    if (e instanceof EncodingError) return fail(0, both(`${source} 既不是 UTF-8 也不是 GBK 文本`, `${source} is neither UTF-8 nor GBK text`));
    throw e;
  }
  const lines = numberedLines(text).filter((l) => l.text.trim() !== '');
  const head = lines[0];
  if (!head) return fail(0, noLines(source));
  const header = (splitCsvLine(head.text) ?? []).map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return fail(
      head.line,
      both(`不是收单机构银行卡明细文件：表头缺少 ${missing.join('、')}`, `not an acquirer card detail file: header lacks ${missing.join(', ')}`),
      head.text,
    );
  }

  const rows: ChannelRow[] = [];
  const errors: ParseError[] = [];
  let summary: AcquirerSummary | undefined;
  let dataLines = 0;
  let sumFen = 0;
  let sumFee = 0;
  for (const l of lines.slice(1)) {
    const cells = splitCsvLine(l.text);
    if (cells?.[0]?.trim() === TOTAL_LABEL) {
      try {
        summary = {
          line: l.line,
          count: parseCount(cells[1] ?? ''),
          amountFen: statementYuanToFen(cells[2] ?? ''),
          feeFen: statementYuanToFen(cells[3] ?? '0'),
        };
      } catch (e) {
        if (!(e instanceof AmountError)) throw e;
        errors.push({ line: l.line, message: both(`合计行：${zhOf(e.message)}`, `合计 line: ${enOf(e.message)}`), raw: l.text, source });
      }
      continue;
    }
    dataLines++;
    if (!cells || cells.length !== header.length) {
      errors.push({ line: l.line, message: fieldCountMessage(cells, header.length), raw: maskPansIn(l.text), source });
      continue;
    }
    const row = new Map(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
    try {
      const r = acquirerRow(row, l.line, source);
      rows.push(r);
      sumFen += r.kind === 'payment' ? r.amountFen : -r.amountFen;
      sumFee += r.feeFen ?? 0;
    } catch (e) {
      if (e instanceof AmountError || e instanceof RowError) {
        errors.push({ line: l.line, message: e.message, raw: shownLine(l.text, row.get('卡号') ?? ''), source });
      } else throw e;
    }
  }
  if (summary && errors.length === 0) {
    const diffs: string[] = [];
    if (summary.count !== dataLines) diffs.push(both(`笔数 ${summary.count}，明细 ${dataLines} 行`, `笔数 ${summary.count} but ${dataLines} rows`));
    if (summary.amountFen !== sumFen) diffs.push(both(`交易金额 ${yuan(summary.amountFen)}，明细净额 ${yuan(sumFen)}`, `交易金额 ${summary.amountFen} fen but rows net to ${sumFen}`));
    if (summary.feeFen !== sumFee) diffs.push(both(`手续费 ${yuan(summary.feeFen)}，明细合计 ${yuan(sumFee)}`, `手续费 ${summary.feeFen} fen but rows sum to ${sumFee}`));
    if (diffs.length > 0) {
      const message = both(`合计与明细不符：${diffs.map(zhOf).join('；')}`, `合计 does not match the rows: ${diffs.map(enOf).join('; ')}`);
      errors.push({ line: summary.line, message, raw: '', source });
    }
  }
  return { kind: 'acquirer', rows, summary, errors };
}

function acquirerRow(row: Map<string, string>, line: number, source: string): ChannelRow {
  const date = row.get('交易日期') ?? '';
  const time = row.get('交易时间') ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new RowError(both(`交易日期格式不对（应为 yyyy-mm-dd）：${JSON.stringify(date)}`, `交易日期 is not yyyy-mm-dd: ${JSON.stringify(date)}`));
  }
  if (!/^\d{2}:\d{2}:\d{2}$/.test(time)) {
    throw new RowError(both(`交易时间格式不对（应为 HH:mm:ss）：${JSON.stringify(time)}`, `交易时间 is not HH:mm:ss: ${JSON.stringify(time)}`));
  }
  const type = row.get('交易类型') ?? '';
  const kind = KINDS[type];
  if (!kind) {
    const known = Object.keys(KINDS);
    throw new RowError(
      both(`未知的交易类型 ${JSON.stringify(type)}（应为 ${known.join('、')}）`, `unknown 交易类型 ${JSON.stringify(type)} (expected ${known.join(' / ')})`),
    );
  }
  const product = row.get('产品类型') ?? '';
  const qr = product === '银联二维码';
  const amountFen = Math.abs(statementYuanToFen(row.get('交易金额') ?? ''));
  if (amountFen === 0) throw new RowError(both('交易金额为 0.00', '交易金额 is 0.00'));
  const feeText = row.get('手续费');
  const refNo = row.get('参考号') ?? '';
  if (refNo === '' && !qr) throw new RowError(both('参考号为空', '参考号 is empty'));
  const cardKindText = row.get('卡类别') ?? '';
  const cardType = CARD_TYPES[cardKindText];
  const cardKind: SettlementBucket | undefined = cardType === undefined ? undefined : settlementBucket(cardType);
  if (!qr && !cardKind) {
    const known = Object.keys(CARD_TYPES);
    throw new RowError(
      both(
        `未知的卡类别 ${JSON.stringify(cardKindText)}（应为 ${known.join('、')}）`,
        `unknown 卡类别 ${JSON.stringify(cardKindText)} (expected ${known.join(' / ')})`,
      ),
    );
  }
  const out: ChannelRow = {
    channel: qr ? 'unionpay' : 'card',
    line,
    source,
    kind,
    status: 'success',
    amountFen,
    feeFen: feeText ? statementYuanToFen(feeText) : undefined,
    at: `${date} ${time}`,
    refNo: refNo || undefined,
    traceNo: row.get('凭证号') || undefined,
    batchNo: row.get('交易批次号') || undefined,
    terminalId: row.get('终端号') || undefined,
    merchantNo: row.get('商户号') || undefined,
    maskedPan: maskPan(row.get('卡号') ?? '') || undefined,
    cardScheme: qr ? undefined : product === '外卡' ? 'foreign' : 'domestic',
    cardKind,
    channelTradeNo: row.get('交易单号') || undefined,
  };
  const orderNo = row.get('订单号') || undefined;
  if (kind === 'refund') out.outRefundNo = orderNo;
  else out.outTradeNo = orderNo;
  if (kind !== 'payment') {
    out.originalRef = row.get('原交易单') || undefined;
    if (!out.originalRef) throw new RowError(both(`${type}行缺少原交易单（原交易的参考号）`, `${type} row without 原交易单 (the original's 参考号)`));
  }
  return out;
}
