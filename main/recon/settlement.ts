/**
 * End-of-day terminal settlement (结算/批结, bills-displays.md §1.3): the journal's card
 * totals for one batch vs the totals the terminal reports, per 内卡/外卡 × 借记/贷记,
 * giving 对账平 (response 00) or 对账不平 (95) per block and the list of differences.
 *
 * Bucketing follows the project's terminal model (drivers/terminal/model.ts
 * SettlementTotals, and the terminal simulator): 借记 = debit and prepaid cards, 贷记 =
 * credit and quasi-credit cards; a bucket's count is its sales that were not voided plus
 * its refunds (退货), and its amount is sales minus refunds, never below zero (the totals
 * carry non-negative fen). Voided sales (消费撤销) drop out of both. When the terminal
 * also reports 消费 / 消费撤销 / 退货 rows, those are compared too.
 */
import type { SettlementReportData, SettlementRow } from '../../drivers/printer/templates/settlement';
import { both } from './bilingual';
import { LOCAL_STATE_LABELS } from './labels';
import type { LocalPayment, LocalPaymentState } from './types';

export interface CountAmount {
  count: number;
  amountFen: number;
}
export interface SchemeTotals {
  debit: CountAmount;
  credit: CountAmount;
}
/** Gross per transaction type (消费 / 消费撤销 / 退货). */
export interface TypeTotals {
  sale: CountAmount;
  void: CountAmount;
  refund: CountAmount;
}
export type Scheme = 'domestic' | 'foreign';

/** What the terminal reports at settlement; `TransactionResult.settlement` plus its batch fits. */
export interface TerminalBatchTotals {
  batchNo: string;
  domestic: SchemeTotals;
  foreign: SchemeTotals;
  byType?: Partial<Record<Scheme, TypeTotals>>;
}

export interface LocalBatchTotals {
  batchNo: string;
  domestic: SchemeTotals;
  foreign: SchemeTotals;
  byType: Record<Scheme, TypeTotals>;
}

export interface SettlementDifference {
  scheme: Scheme;
  bucket: 'debit' | 'credit' | 'sale' | 'void' | 'refund';
  localCount: number;
  terminalCount: number;
  localFen: number;
  terminalFen: number;
}

export interface SettlementComparison {
  batchNo: string;
  local: LocalBatchTotals;
  terminal: TerminalBatchTotals;
  domesticBalanced: boolean;
  foreignBalanced: boolean;
  balanced: boolean;
  /** ISO 8583 settlement style: 00 对账平, 95 对账不平. */
  responseCode: '00' | '95';
  differences: SettlementDifference[];
  /** Things that make the comparison unsure (not-final payments, missing card info), "中文 / English". */
  warnings: string[];
}

export interface BatchFilter {
  batchNo: string;
  /** Only this terminal's payments (a lane may have more than one). */
  terminalId?: string;
}

const SETTLED: ReadonlySet<LocalPaymentState> = new Set(['approved', 'refunded']);
const NOT_FINAL: ReadonlySet<LocalPaymentState> = new Set(['unknown', 'created', 'sent', 'awaitingCard', 'userPaying']);
export const SETTLEMENT_BALANCED = '00';
export const SETTLEMENT_UNBALANCED = '95';

const zero = (): CountAmount => ({ count: 0, amountFen: 0 });
const zeroScheme = (): SchemeTotals => ({ debit: zero(), credit: zero() });
const zeroTypes = (): TypeTotals => ({ sale: zero(), void: zero(), refund: zero() });

function add(t: CountAmount, fen: number): void {
  t.count += 1;
  t.amountFen += fen;
}

export function localBatchTotals(payments: readonly LocalPayment[], filter: BatchFilter): { totals: LocalBatchTotals; warnings: string[] } {
  const totals: LocalBatchTotals = {
    batchNo: filter.batchNo,
    domestic: zeroScheme(),
    foreign: zeroScheme(),
    byType: { domestic: zeroTypes(), foreign: zeroTypes() },
  };
  const warnings: string[] = [];
  let guessed = 0;
  const sameTerminal = (p: LocalPayment) => filter.terminalId === undefined || p.terminalId === filter.terminalId;
  for (const p of payments) {
    if (p.tender !== 'card' || !sameTerminal(p)) continue;
    if (p.cardScheme === undefined || p.cardKind === undefined) guessed += p.batchNo === filter.batchNo ? 1 : 0;
    const scheme: Scheme = p.cardScheme ?? 'domestic';
    const side = totals[scheme];
    const bucket = side[p.cardKind ?? 'debit'];
    const types = totals.byType[scheme];
    if (p.batchNo === filter.batchNo) {
      if (NOT_FINAL.has(p.state)) {
        warnings.push(
          both(
            `支付 ${p.paymentId}（订单 ${p.orderNo}）${LOCAL_STATE_LABELS[p.state]}：请先查询处理再结算`,
            `payment ${p.paymentId} (order ${p.orderNo}) is ${p.state}: resolve it before settling`,
          ),
        );
      }
      if (SETTLED.has(p.state)) {
        add(bucket, p.amountFen);
        add(types.sale, p.amountFen);
      } else if (p.state === 'reversed') {
        add(types.sale, p.amountFen);
        add(types.void, p.amountFen);
      }
    }
    for (const r of p.refunds ?? []) {
      // A refund settles in the batch it was made in; without its own batch, the payment's.
      if ((r.batchNo ?? p.batchNo) !== filter.batchNo) continue;
      add(bucket, -r.amountFen);
      add(types.refund, r.amountFen);
    }
  }
  for (const side of [totals.domestic, totals.foreign]) {
    for (const b of [side.debit, side.credit]) b.amountFen = Math.max(0, b.amountFen);
  }
  if (guessed > 0) {
    warnings.push(
      both(
        `${guessed} 笔银行卡支付缺少内卡/外卡或借记/贷记信息，已按内卡借记计入`,
        `${guessed} card payment(s) lack 内卡/外卡 or 借记/贷记 and were counted as 内卡借记`,
      ),
    );
  }
  return { totals, warnings };
}

export function compareSettlement(payments: readonly LocalPayment[], terminal: TerminalBatchTotals, filter?: Omit<BatchFilter, 'batchNo'>): SettlementComparison {
  const { totals: local, warnings } = localBatchTotals(payments, { batchNo: terminal.batchNo, ...filter });
  const differences: SettlementDifference[] = [];
  const diff = (scheme: Scheme, bucket: SettlementDifference['bucket'], l: CountAmount, t: CountAmount) => {
    if (l.count !== t.count || l.amountFen !== t.amountFen) {
      differences.push({ scheme, bucket, localCount: l.count, terminalCount: t.count, localFen: l.amountFen, terminalFen: t.amountFen });
    }
  };
  for (const scheme of ['domestic', 'foreign'] as const) {
    diff(scheme, 'debit', local[scheme].debit, terminal[scheme].debit);
    diff(scheme, 'credit', local[scheme].credit, terminal[scheme].credit);
    const types = terminal.byType?.[scheme];
    if (types) {
      diff(scheme, 'sale', local.byType[scheme].sale, types.sale);
      diff(scheme, 'void', local.byType[scheme].void, types.void);
      diff(scheme, 'refund', local.byType[scheme].refund, types.refund);
    }
  }
  const domesticBalanced = !differences.some((d) => d.scheme === 'domestic');
  const foreignBalanced = !differences.some((d) => d.scheme === 'foreign');
  const balanced = domesticBalanced && foreignBalanced;
  return {
    batchNo: terminal.batchNo,
    local,
    terminal,
    domesticBalanced,
    foreignBalanced,
    balanced,
    responseCode: balanced ? SETTLEMENT_BALANCED : SETTLEMENT_UNBALANCED,
    differences,
    warnings,
  };
}

export interface SlipHeader {
  merchantName: string;
  merchantNo: string;
  terminalNo: string;
  operatorNo: string;
  /** ISO time of the settlement. */
  at: string;
}

/**
 * The data for drivers/printer/templates/settlement.ts encodeSettlementReport: the
 * terminal's own totals (what a POS prints), with 对账平/不平 from the comparison. The 内卡
 * block lists 消费 / 消费撤销 / 退货 (the terminal's rows when it reports them, else the
 * journal's) then 借记 / 贷记; the 外卡 block lists 借记 / 贷记.
 */
export function settlementSlipData(cmp: SettlementComparison, header: SlipHeader): SettlementReportData {
  const rows = (s: SchemeTotals): SettlementRow[] => [
    { label: '借记', ...s.debit },
    { label: '贷记', ...s.credit },
  ];
  const types = cmp.terminal.byType?.domestic ?? cmp.local.byType.domestic;
  return {
    ...header,
    batchNo: cmp.batchNo,
    domestic: [
      { label: '消费', ...types.sale },
      { label: '消费撤销', ...types.void },
      { label: '退货', ...types.refund },
      ...rows(cmp.terminal.domestic),
    ],
    foreign: rows(cmp.terminal.foreign),
    domesticBalanced: cmp.domesticBalanced,
    foreignBalanced: cmp.foreignBalanced,
  };
}
