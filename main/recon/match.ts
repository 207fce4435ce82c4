/**
 * Local journal vs channel statements, for one business day.
 *
 * Payment legs are matched on the channel's keys in order of strength:
 *   QR (wechat/alipay/unionpay): 商户订单号 (outTradeNo), then the channel trade number;
 *   card: 参考号 (refNo), then terminal/batch/trace, then the order number.
 * Refund legs are matched separately on the merchant refund number (outRefundNo), then
 * the card refund's 参考号. Voids (撤销, Alipay cancel-refunds) attach to the payment they
 * cancel, and a payment whose channel status is REVOKED or fully voided counts as reversed.
 *
 * Categories (per leg):
 *   matched         both sides agree (amount and taken/reversed)
 *   localOnly       in the journal, not on the statement: for a payment 短款 (money expected
 *                   and missing at the channel); for a refund, money the channel never paid out
 *   channelOnly     on the statement, not in the journal: for a payment 长款
 *   amountMismatch  both sides, different amounts
 *   statusMismatch  both sides, but one says taken and the other reversed, or the local leg
 *                   is still not final (unknown...) and needs a query to resolve
 * `effectFen` is channel money minus journal money for the leg (refunds count negative),
 * so the sum over all items is the day's net difference. Ordering is deterministic.
 */
import { both, yuan } from './bilingual';
import { LOCAL_STATE_LABELS } from './labels';
import type { ChannelName, ChannelRow, LocalPayment, LocalPaymentState, Tender } from './types';
import { STORE_UTC_OFFSET_MINUTES, dayOf, wallClock } from '../../drivers/shared/store-time';

export type MatchCategory = 'matched' | 'localOnly' | 'channelOnly' | 'amountMismatch' | 'statusMismatch';
export const MATCH_CATEGORIES: readonly MatchCategory[] = ['matched', 'localOnly', 'channelOnly', 'amountMismatch', 'statusMismatch'];

export interface MatchItem {
  category: MatchCategory;
  leg: 'payment' | 'refund';
  channel: ChannelName;
  /** The identifier both sides were matched on (or the one side's best id). */
  key: string;
  /** Wall-clock time of the leg, "YYYY-MM-DD HH:mm:ss" (the journal's when there is one). */
  at: string;
  paymentId?: string;
  orderNo?: string;
  localState?: LocalPaymentState;
  localAmountFen?: number;
  channelAmountFen?: number;
  /** Channel fee on the leg, when the statement gives one. */
  channelFeeFen?: number;
  /** Channel money minus journal money for this leg. */
  effectFen: number;
  /** The statement rows involved (payment, voids / the refund row). */
  rows: ChannelRow[];
  /** Why the leg is in its category, "中文 / English" (see bilingual.ts). */
  note: string;
}

export interface CategoryTotal {
  count: number;
  localFen: number;
  channelFen: number;
  effectFen: number;
}

export interface MatchResult {
  date: string;
  /** Channels a statement was given for; other tenders are not checked. */
  channels: ChannelName[];
  items: MatchItem[];
  totals: Record<MatchCategory, CategoryTotal>;
  /** Journal legs of the day (taken payments, and refunds counted negative) on tenders with no statement, cash and stored value included. */
  unchecked: { tender: Tender; count: number; amountFen: number }[];
  /** True when every item is matched. */
  balanced: boolean;
}

export interface MatchOptions {
  /** YYYY-MM-DD, the business day. */
  date: string;
  /** Channels covered by the statements; default: every channel present in `rows`. */
  channels?: readonly ChannelName[];
  utcOffsetMinutes?: number;
}

const TENDER_CHANNEL: Partial<Record<Tender, ChannelName>> = { card: 'card', wechat: 'wechat', alipay: 'alipay', unionpay: 'unionpay' };
const TAKEN: ReadonlySet<LocalPaymentState> = new Set(['approved', 'refunded']);
const FAILED: ReadonlySet<LocalPaymentState> = new Set(['declined', 'cancelled', 'closed']);
const CATEGORY_ORDER: Record<MatchCategory, number> = { localOnly: 0, channelOnly: 1, amountMismatch: 2, statusMismatch: 3, matched: 4 };

interface Group {
  payment: ChannelRow;
  voids: ChannelRow[];
  used: boolean;
}

/** Keys a payment is known by, strongest first, prefixed by their kind and channel. */
function paymentKeys(channel: ChannelName, p: { outTradeNo?: string; channelTradeNo?: string; refNo?: string; terminalId?: string; batchNo?: string; traceNo?: string }): string[] {
  const keys: string[] = [];
  const add = (kind: string, v: string | undefined) => {
    if (v) keys.push(`${channel}|${kind}|${v}`);
  };
  if (channel === 'card') {
    add('ref', p.refNo);
    if (p.terminalId && p.batchNo && p.traceNo) add('tbt', `${p.terminalId}/${p.batchNo}/${p.traceNo}`);
    add('order', p.outTradeNo);
  } else {
    add('order', p.outTradeNo);
    add('trade', p.channelTradeNo);
    add('ref', p.refNo);
  }
  return keys;
}

const displayKey = (key: string): string => key.split('|').slice(2).join('|');

const MATCHED = both('已匹配', 'matched');
/** A journal state in the Chinese half. */
const zhState = (s: LocalPaymentState): string => LOCAL_STATE_LABELS[s];

function sumFen(rows: ChannelRow[]): number {
  return rows.reduce((s, r) => s + r.amountFen, 0);
}

export function matchStatements(local: readonly LocalPayment[], rows: readonly ChannelRow[], opts: MatchOptions): MatchResult {
  const offset = opts.utcOffsetMinutes ?? STORE_UTC_OFFSET_MINUTES;
  const channels = [...new Set(opts.channels ?? rows.map((r) => r.channel))].sort();
  const covered = new Set<ChannelName>(channels);
  const onDay = (at: string) => dayOf(at, offset) === opts.date;
  const items: MatchItem[] = [];

  // Channel payments, indexed by every key; voids attached to the payment they cancel.
  const groups: Group[] = [];
  const index = new Map<string, Group>();
  for (const r of rows.filter((x) => x.kind === 'payment')) {
    const keys = paymentKeys(r.channel, r);
    const dup = keys.map((k) => index.get(k)).find((g) => g !== undefined);
    if (dup) {
      const key = displayKey(keys[0] ?? '');
      const first = dup.payment.line;
      items.push(channelOnlyItem(r, [r], both(`对账单重复行：${key}（首次见于第 ${first} 行）`, `duplicate statement row for ${key} (first on line ${first})`)));
      continue;
    }
    const g: Group = { payment: r, voids: [], used: false };
    groups.push(g);
    for (const k of keys) index.set(k, g);
  }
  for (const v of rows.filter((x) => x.kind === 'void')) {
    const candidates = [
      ...paymentKeys(v.channel, { refNo: v.originalRef, channelTradeNo: v.originalRef }),
      ...(v.channel === 'card' ? [] : paymentKeys(v.channel, { outTradeNo: v.outTradeNo, channelTradeNo: v.channelTradeNo })),
    ];
    const g = candidates.map((k) => index.get(k)).find((x) => x !== undefined);
    if (g) g.voids.push(v);
    else {
      const ref = v.originalRef ?? v.outTradeNo ?? '?';
      items.push(channelOnlyItem(v, [v], both(`撤销 ${ref}：原支付不在本对账单上`, `void of ${ref}, whose payment is not on this statement`), -v.amountFen));
    }
  }

  const unchecked = new Map<Tender, { count: number; amountFen: number }>();
  const skip = (tender: Tender, amountFen: number) => {
    const u = unchecked.get(tender) ?? { count: 0, amountFen: 0 };
    u.count += 1;
    u.amountFen += amountFen;
    unchecked.set(tender, u);
  };

  // Payment legs.
  for (const p of local) {
    const channel = TENDER_CHANNEL[p.tender];
    if (!onDay(p.at)) continue;
    if (!channel || !covered.has(channel)) {
      if (TAKEN.has(p.state)) skip(p.tender, p.amountFen);
      continue;
    }
    // Card terminals carry the order number as 订单号 when the journal has no outTradeNo.
    const keys = paymentKeys(channel, { ...p, outTradeNo: p.outTradeNo ?? (channel === 'card' ? p.orderNo : undefined) });
    const g = keys.map((k) => index.get(k)).find((x) => x !== undefined && !x.used);
    const base = {
      leg: 'payment' as const,
      channel,
      key: displayKey(keys[0] ?? '') || p.paymentId,
      at: wallClock(p.at, offset) ?? p.at,
      paymentId: p.paymentId,
      orderNo: p.orderNo,
      localState: p.state,
      localAmountFen: p.amountFen,
    };
    const localFen = TAKEN.has(p.state) ? p.amountFen : 0;
    if (!g) {
      if (FAILED.has(p.state) || p.state === 'reversed') continue; // no money either side: nothing to report
      const note = TAKEN.has(p.state)
        ? both('短款：本地流水有，渠道没有', '短款: in the journal, missing at the channel')
        : both(
            `本地流水尚无结果（${zhState(p.state)}），对账单上没有：请查询确认（多半未付款）`,
            `not final locally (${p.state}) and not on the statement: resolve by query (likely never paid)`,
          );
      items.push({ ...base, category: 'localOnly', effectFen: -localFen, rows: [], note });
      continue;
    }
    g.used = true;
    const voidedFen = sumFen(g.voids);
    const revoked = g.payment.status === 'revoked' || voidedFen >= g.payment.amountFen;
    const channelFen = revoked ? 0 : g.payment.amountFen;
    const item = {
      ...base,
      key: displayKey(keys.find((k) => index.get(k) === g) ?? '') || base.key,
      channelAmountFen: g.payment.amountFen,
      channelFeeFen: g.payment.feeFen,
      effectFen: channelFen - localFen,
      rows: [g.payment, ...g.voids],
    };
    if (TAKEN.has(p.state) && !revoked) {
      items.push(
        p.amountFen === g.payment.amountFen
          ? { ...item, category: 'matched', note: MATCHED }
          : {
              ...item,
              category: 'amountMismatch',
              note: both(
                `金额不符：本地 ${yuan(p.amountFen)}，渠道 ${yuan(g.payment.amountFen)}`,
                `amount differs: journal ${p.amountFen} fen, channel ${g.payment.amountFen} fen`,
              ),
            },
      );
    } else if (TAKEN.has(p.state)) {
      const isRevoked = g.payment.status === 'revoked';
      const note = both(
        `本地流水${zhState(p.state)}，渠道${isRevoked ? '已撤销（REVOKED）' : '有撤销记录'}`,
        `journal ${p.state}, channel ${isRevoked ? 'REVOKED' : 'voided'}`,
      );
      items.push({ ...item, category: 'statusMismatch', note });
    } else if ((p.state === 'reversed' || FAILED.has(p.state)) && revoked) {
      items.push({ ...item, category: 'matched', note: both('两边均已撤销', 'reversed on both sides') });
    } else if (p.state === 'reversed' || FAILED.has(p.state)) {
      const note = both(
        `本地流水${zhState(p.state)}，渠道已收款：顾客的钱已扣，请退款或重新确认`,
        `journal ${p.state}, channel paid: money was taken (refund or re-confirm)`,
      );
      items.push({ ...item, category: 'statusMismatch', note });
    } else {
      items.push({
        ...item,
        category: 'statusMismatch',
        note: both(
          `本地流水尚无结果（${zhState(p.state)}），渠道${revoked ? '已撤销' : '已收款'}：请查询确认`,
          `not final locally (${p.state}), channel ${revoked ? 'reversed' : 'paid'}: resolve by query`,
        ),
      });
    }
  }
  for (const g of groups) {
    if (g.used) continue;
    const revoked = g.payment.status === 'revoked' || sumFen(g.voids) >= g.payment.amountFen;
    items.push(
      channelOnlyItem(
        g.payment,
        [g.payment, ...g.voids],
        revoked
          ? both('对账单上有（渠道已撤销），本地流水没有', 'on the statement (reversed there), not in the journal')
          : both('长款：对账单上有，本地流水没有', '长款: on the statement, not in the journal'),
        revoked ? 0 : g.payment.amountFen,
      ),
    );
  }

  // Refund legs.
  const refundIndex = new Map<string, ChannelRow>();
  const refundRows = rows.filter((r) => r.kind === 'refund');
  const refundKeys = (channel: ChannelName, r: { outRefundNo?: string; refNo?: string }) =>
    [r.outRefundNo && `${channel}|refund|${r.outRefundNo}`, r.refNo && `${channel}|ref|${r.refNo}`].filter((k): k is string => !!k);
  for (const r of refundRows) {
    const keys = refundKeys(r.channel, r);
    const dup = keys.map((k) => refundIndex.get(k)).find((x) => x !== undefined);
    if (dup) {
      const id = r.outRefundNo ?? r.refNo;
      const note = both(`对账单重复退款行：${id}（首次见于第 ${dup.line} 行）`, `duplicate refund row for ${id} (first on line ${dup.line})`);
      items.push(channelOnlyItem(r, [r], note, -r.amountFen));
      continue;
    }
    for (const k of keys) refundIndex.set(k, r);
  }
  const usedRefunds = new Set<ChannelRow>();
  for (const p of local) {
    const channel = TENDER_CHANNEL[p.tender];
    for (const rf of p.refunds ?? []) {
      if (!onDay(rf.at)) continue;
      if (!channel || !covered.has(channel)) {
        skip(p.tender, -rf.amountFen);
        continue;
      }
      const keys = refundKeys(channel, rf);
      const row = keys.map((k) => refundIndex.get(k)).find((x) => x !== undefined && !usedRefunds.has(x));
      const base = {
        leg: 'refund' as const,
        channel,
        key: rf.outRefundNo || rf.refNo || p.paymentId,
        at: wallClock(rf.at, offset) ?? rf.at,
        paymentId: p.paymentId,
        orderNo: p.orderNo,
        localState: p.state,
        localAmountFen: rf.amountFen,
      };
      if (!row) {
        items.push({ ...base, category: 'localOnly', effectFen: rf.amountFen, rows: [], note: both('本地流水有退款，对账单上没有（渠道没退出去？）', 'refund in the journal, not on the statement (not paid out?)') });
        continue;
      }
      usedRefunds.add(row);
      const item = { ...base, channelAmountFen: row.amountFen, channelFeeFen: row.feeFen, effectFen: rf.amountFen - row.amountFen, rows: [row] };
      items.push(
        row.amountFen === rf.amountFen
          ? { ...item, category: 'matched', note: MATCHED }
          : {
              ...item,
              category: 'amountMismatch',
              note: both(`退款金额不符：本地 ${yuan(rf.amountFen)}，渠道 ${yuan(row.amountFen)}`, `refund differs: journal ${rf.amountFen} fen, channel ${row.amountFen} fen`),
            },
      );
    }
  }
  for (const r of refundRows) {
    if (usedRefunds.has(r) || refundIndex.get(refundKeys(r.channel, r)[0] ?? '') !== r) continue;
    items.push(channelOnlyItem(r, [r], both('对账单上有退款，本地流水没有', 'refund on the statement, not in the journal'), -r.amountFen));
  }

  items.sort(
    (a, b) =>
      CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] ||
      a.channel.localeCompare(b.channel) ||
      a.at.localeCompare(b.at) ||
      a.key.localeCompare(b.key) ||
      a.leg.localeCompare(b.leg),
  );
  const totals = Object.fromEntries(MATCH_CATEGORIES.map((c) => [c, { count: 0, localFen: 0, channelFen: 0, effectFen: 0 }])) as Record<
    MatchCategory,
    CategoryTotal
  >;
  for (const it of items) {
    const t = totals[it.category];
    t.count += 1;
    t.localFen += it.localAmountFen ?? 0;
    t.channelFen += it.channelAmountFen ?? 0;
    t.effectFen += it.effectFen;
  }
  return {
    date: opts.date,
    channels,
    items,
    totals,
    unchecked: [...unchecked.entries()].map(([tender, u]) => ({ tender, ...u })).sort((a, b) => a.tender.localeCompare(b.tender)),
    balanced: items.every((i) => i.category === 'matched'),
  };
}

function channelOnlyItem(r: ChannelRow, rows: ChannelRow[], note: string, effectFen = r.amountFen): MatchItem {
  const key = r.outRefundNo ?? r.outTradeNo ?? r.refNo ?? r.channelTradeNo ?? `${r.source}:${r.line}`;
  return {
    category: 'channelOnly',
    leg: r.kind === 'refund' ? 'refund' : 'payment',
    channel: r.channel,
    key,
    at: r.at,
    channelAmountFen: r.amountFen,
    channelFeeFen: r.feeFen,
    effectFen,
    rows,
    note,
  };
}
