/**
 * CSV export of the merged merchant statement, for Excel on Chinese Windows: UTF-8 with
 * a BOM (without it Excel reads the file as GBK and garbles every label), CRLF line ends.
 *
 * Two tables, separated by one empty line:
 *  1. detail, one line per leg:
 *     时间, 支付方式, 类型 (收款/退款), 订单号, 商户单号/参考号, 渠道单号,
 *     金额(元), 手续费(元), 净额(元), 对账结果
 *  2. totals, one line per tender then 合计:
 *     支付方式, 收款笔数, 收款金额(元), 退款笔数, 退款金额(元), 手续费(元), 净额(元)
 * Amounts are yuan with 2 decimals, refunds negative. Identifier cells end in a TAB, as
 * Alipay's own bills do, so Excel keeps 28-digit numbers as text instead of 2.8E+27.
 * Text that Excel would run as a formula (= + - @ at the start) gets a leading quote.
 */
import { fenToYuan } from '../../drivers/shared/money';
import { RECON_LABELS, TENDER_LABELS } from './labels';
import type { MerchantStatement } from './statement';

const BOM = '\uFEFF';
const CRLF = '\r\n';

export const STATEMENT_CSV_COLUMNS = ['时间', '支付方式', '类型', '订单号', '商户单号/参考号', '渠道单号', '金额(元)', '手续费(元)', '净额(元)', '对账结果'] as const;
export const TOTALS_CSV_COLUMNS = ['支付方式', '收款笔数', '收款金额(元)', '退款笔数', '退款金额(元)', '手续费(元)', '净额(元)'] as const;

/** Quotes a cell when it holds a comma, quote or line break; defuses formula starts. */
function text(cell: string): string {
  const safe = /^[=+\-@]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** An identifier kept as text by Excel. */
const id = (cell: string | undefined): string => (cell ? text(`${cell}\t`) : '');

export function merchantStatementCsv(s: MerchantStatement): string {
  const out: string[] = [STATEMENT_CSV_COLUMNS.join(',')];
  for (const l of s.lines) {
    out.push(
      [
        l.at,
        TENDER_LABELS[l.tender],
        l.leg === 'payment' ? '收款' : '退款',
        id(l.orderNo),
        id(l.reference),
        id(l.channelTradeNo),
        fenToYuan(l.amountFen),
        fenToYuan(l.feeFen),
        fenToYuan(l.netFen),
        RECON_LABELS[l.recon],
      ].join(','),
    );
  }
  out.push('', TOTALS_CSV_COLUMNS.join(','));
  const row = (label: string, t: MerchantStatement['grand']) =>
    [label, String(t.count), fenToYuan(t.grossFen), String(t.refundCount), fenToYuan(-t.refundFen), fenToYuan(t.feeFen), fenToYuan(t.netFen)].join(',');
  for (const t of s.totals) out.push(row(TENDER_LABELS[t.tender], t));
  out.push(row('合计', s.grand));
  return `${BOM}${out.join(CRLF)}${CRLF}`;
}
