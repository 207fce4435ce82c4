/**
 * Plain-text reports for the terminal and logs: the day's reconciliation (parse errors,
 * differences first, then totals) and a batch settlement comparison. Amounts in 元.
 *
 * Notes and bad-row messages are "中文 / English" (bilingual.ts). The reconciliation report
 * (`posdesk recon`, read by QA and test benches, its own lines already mixing both
 * languages) prints them whole, Chinese first; the settlement report is all Chinese, so it
 * prints the Chinese half of its warnings.
 */
import { fenToYuan } from '../../drivers/shared/money';
import { zhOf } from './bilingual';
import { CHANNEL_LABELS, RECON_LABELS, TENDER_LABELS } from './labels';
import { MATCH_CATEGORIES, type MatchResult } from './match';
import type { SettlementComparison } from './settlement';
import type { MerchantStatement } from './statement';
import type { ParseError } from './types';

export function formatParseErrors(errors: readonly ParseError[]): string[] {
  return errors.map((e) => `  ${e.source ?? ''}${e.line > 0 ? `:${e.line}` : ''}  ${e.message}${e.raw ? `\n      | ${e.raw.slice(0, 160)}` : ''}`);
}

export function formatReconReport(match: MatchResult, statement?: MerchantStatement, errors: readonly ParseError[] = []): string {
  const out: string[] = [`对账日期 ${match.date}  渠道: ${match.channels.map((c) => CHANNEL_LABELS[c]).join(' / ') || '无'}`];
  if (errors.length > 0) out.push('', `对账单错误行 (${errors.length}):`, ...formatParseErrors(errors));
  const diffs = match.items.filter((i) => i.category !== 'matched');
  const headline =
    diffs.length > 0
      ? `对账不平: ${diffs.length} difference(s)`
      : errors.length > 0
        ? `对账不平: every parsed leg matched, but ${errors.length} statement line(s) could not be read`
        : '对账平: every leg matched';
  out.push('', headline);
  for (const d of diffs) {
    const amounts = [d.localAmountFen !== undefined ? `本地 ${fenToYuan(d.localAmountFen)}` : '', d.channelAmountFen !== undefined ? `渠道 ${fenToYuan(d.channelAmountFen)}` : '']
      .filter(Boolean)
      .join(' / ');
    const where = d.rows[0] ? ` [${d.rows[0].source}:${d.rows[0].line}]` : '';
    out.push(`  ${RECON_LABELS[d.category]}  ${CHANNEL_LABELS[d.channel]} ${d.leg === 'refund' ? '退款' : '收款'} ${d.key}  ${d.at}  ${amounts}  — ${d.note}${where}`);
  }
  out.push('', '分类汇总:');
  for (const c of MATCH_CATEGORIES) {
    const t = match.totals[c];
    out.push(`  ${RECON_LABELS[c].padEnd(8, '　')} ${String(t.count).padStart(5)} 笔  本地 ${fenToYuan(t.localFen).padStart(12)}  渠道 ${fenToYuan(t.channelFen).padStart(12)}`);
  }
  const net = MATCH_CATEGORIES.reduce((s, c) => s + match.totals[c].effectFen, 0);
  out.push(`  渠道较本地净差 ${fenToYuan(net)} 元`);
  for (const u of match.unchecked) out.push(`  未对账 ${TENDER_LABELS[u.tender]}: ${u.count} 笔 ${fenToYuan(u.amountFen)} 元 (no statement for this tender)`);
  if (statement) {
    out.push('', '商户汇总 (本地流水):', '  支付方式      收款笔数        收款      退款        手续费        净额');
    for (const t of statement.totals) {
      if (t.count === 0 && t.refundCount === 0) continue;
      out.push(
        `  ${TENDER_LABELS[t.tender].padEnd(6, '　')} ${String(t.count).padStart(6)} ${fenToYuan(t.grossFen).padStart(11)} ${fenToYuan(t.refundFen).padStart(9)} ${fenToYuan(t.feeFen).padStart(13)} ${fenToYuan(t.netFen).padStart(11)}`,
      );
    }
    const g = statement.grand;
    out.push(`  ${'合计'.padEnd(6, '　')} ${String(g.count).padStart(6)} ${fenToYuan(g.grossFen).padStart(11)} ${fenToYuan(g.refundFen).padStart(9)} ${fenToYuan(g.feeFen).padStart(13)} ${fenToYuan(g.netFen).padStart(11)}`);
  }
  return `${out.join('\n')}\n`;
}

const SCHEME_LABELS = { domestic: '内卡', foreign: '外卡' } as const;
const BUCKET_LABELS = { debit: '借记', credit: '贷记', sale: '消费', void: '消费撤销', refund: '退货' } as const;

export function formatSettlementReport(cmp: SettlementComparison): string {
  const out = [
    `批次号 ${cmp.batchNo}  应答码 ${cmp.responseCode}`,
    `内卡${cmp.domesticBalanced ? '对账平' : '对账不平'}  外卡${cmp.foreignBalanced ? '对账平' : '对账不平'}`,
  ];
  for (const d of cmp.differences) {
    out.push(
      `  ${SCHEME_LABELS[d.scheme]}${BUCKET_LABELS[d.bucket]}: 本地 ${d.localCount} 笔 ${fenToYuan(d.localFen)} 元, 终端 ${d.terminalCount} 笔 ${fenToYuan(d.terminalFen)} 元`,
    );
  }
  for (const w of cmp.warnings) out.push(`  注意: ${zhOf(w)}`);
  return `${out.join('\n')}\n`;
}
