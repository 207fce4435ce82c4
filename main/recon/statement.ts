/**
 * The merged merchant statement for one day: every taken payment and every refund of the
 * journal across card, WeChat, Alipay, UnionPay, cash and stored value, each with the
 * channel fee where a statement gives one and its reconciliation result; per-tender
 * totals (gross, refunds, fees, net) and takings by tender × hour for the chart.
 *
 * Totals are the journal's (what the store took); statement rows the journal lacks
 * (长款) are listed in `channelOnly` and kept out of the totals, so a figure never mixes
 * the two sources silently. Payments reversed on both sides moved no money and are left out.
 */
import type { MatchCategory, MatchItem, MatchResult } from './match';
import { type LocalPayment, type LocalPaymentState, TENDERS, type Tender } from './types';
import { STORE_UTC_OFFSET_MINUTES, dayOf, hourOf, wallClock } from '../../drivers/shared/store-time';

export type ReconStatus = MatchCategory | 'unchecked';

export interface StatementLine {
  /** "YYYY-MM-DD HH:mm:ss" store time. */
  at: string;
  tender: Tender;
  leg: 'payment' | 'refund';
  paymentId: string;
  orderNo: string;
  /** outTradeNo / refNo (payments), outRefundNo (refunds). */
  reference: string;
  channelTradeNo?: string;
  /** Signed: refunds are negative. */
  amountFen: number;
  /** Signed channel fee (a refund returns fee: negative); 0 when the channel gives none. */
  feeFen: number;
  netFen: number;
  recon: ReconStatus;
}

export interface TenderTotal {
  tender: Tender;
  count: number;
  grossFen: number;
  refundCount: number;
  refundFen: number;
  feeFen: number;
  /** gross - refunds - fees. */
  netFen: number;
}

export const HOURS = 24;

export interface MerchantStatement {
  date: string;
  lines: StatementLine[];
  totals: TenderTotal[];
  grand: Omit<TenderTotal, 'tender'>;
  /** Takings (payments, before refunds) in fen by tender and hour 0..23. */
  hourly: Record<Tender, number[]>;
  /** Refunds in fen by tender and hour. */
  hourlyRefunds: Record<Tender, number[]>;
  /** Statement rows with no journal leg (长款), outside the totals. */
  channelOnly: MatchItem[];
}

const TAKEN: ReadonlySet<LocalPaymentState> = new Set(['approved', 'refunded']);

export function buildMerchantStatement(
  local: readonly LocalPayment[],
  match: MatchResult | undefined,
  opts: { date: string; utcOffsetMinutes?: number },
): MerchantStatement {
  const offset = opts.utcOffsetMinutes ?? STORE_UTC_OFFSET_MINUTES;
  const byLeg = new Map<string, MatchItem>();
  for (const it of match?.items ?? []) {
    if (it.paymentId) byLeg.set(`${it.paymentId}|${it.leg}|${it.leg === 'refund' ? it.key : ''}`, it);
  }
  // A leg with no match item was not checked (cash, stored value, or no statement given).
  const status = (_p: LocalPayment, item: MatchItem | undefined): ReconStatus => item?.category ?? 'unchecked';

  const lines: StatementLine[] = [];
  for (const p of local) {
    const at = wallClock(p.at, offset);
    if (at && dayOf(p.at, offset) === opts.date && TAKEN.has(p.state)) {
      const item = byLeg.get(`${p.paymentId}|payment|`);
      const feeFen = item?.channelFeeFen ?? 0;
      lines.push({
        at,
        tender: p.tender,
        leg: 'payment',
        paymentId: p.paymentId,
        orderNo: p.orderNo,
        reference: p.outTradeNo ?? p.refNo ?? '',
        channelTradeNo: p.channelTradeNo,
        amountFen: p.amountFen,
        feeFen,
        netFen: p.amountFen - feeFen,
        recon: status(p, item),
      });
    }
    for (const r of p.refunds ?? []) {
      const rAt = wallClock(r.at, offset);
      if (!rAt || dayOf(r.at, offset) !== opts.date) continue;
      const item = byLeg.get(`${p.paymentId}|refund|${r.outRefundNo || r.refNo || p.paymentId}`);
      const feeFen = item?.channelFeeFen ?? 0;
      lines.push({
        at: rAt,
        tender: p.tender,
        leg: 'refund',
        paymentId: p.paymentId,
        orderNo: p.orderNo,
        reference: r.outRefundNo || r.refNo || '',
        channelTradeNo: p.channelTradeNo,
        amountFen: -r.amountFen,
        feeFen,
        netFen: -r.amountFen - feeFen,
        recon: status(p, item),
      });
    }
  }
  lines.sort((a, b) => a.at.localeCompare(b.at) || a.tender.localeCompare(b.tender) || a.paymentId.localeCompare(b.paymentId) || a.leg.localeCompare(b.leg));

  const perTender = new Map<Tender, TenderTotal>(
    TENDERS.map((t) => [t, { tender: t, count: 0, grossFen: 0, refundCount: 0, refundFen: 0, feeFen: 0, netFen: 0 }]),
  );
  const hourly = Object.fromEntries(TENDERS.map((t) => [t, new Array<number>(HOURS).fill(0)])) as Record<Tender, number[]>;
  const hourlyRefunds = Object.fromEntries(TENDERS.map((t) => [t, new Array<number>(HOURS).fill(0)])) as Record<Tender, number[]>;
  for (const l of lines) {
    const t = perTender.get(l.tender);
    if (!t) continue;
    const hour = hourOf(l.at) ?? 0;
    if (l.leg === 'payment') {
      t.count += 1;
      t.grossFen += l.amountFen;
      hourly[l.tender][hour] = (hourly[l.tender][hour] ?? 0) + l.amountFen;
    } else {
      t.refundCount += 1;
      t.refundFen += -l.amountFen;
      hourlyRefunds[l.tender][hour] = (hourlyRefunds[l.tender][hour] ?? 0) - l.amountFen;
    }
    t.feeFen += l.feeFen;
    t.netFen += l.netFen;
  }
  const totals = [...perTender.values()];
  const grand = { count: 0, grossFen: 0, refundCount: 0, refundFen: 0, feeFen: 0, netFen: 0 };
  for (const t of totals) {
    grand.count += t.count;
    grand.grossFen += t.grossFen;
    grand.refundCount += t.refundCount;
    grand.refundFen += t.refundFen;
    grand.feeFen += t.feeFen;
    grand.netFen += t.netFen;
  }
  return {
    date: opts.date,
    lines,
    totals,
    grand,
    hourly,
    hourlyRefunds,
    channelOnly: (match?.items ?? []).filter((i) => i.category === 'channelOnly'),
  };
}
