/**
 * The QR gateway simulator (main/channels/gateway-sim) writes T+1 statements too; they must
 * parse here and reconcile against a journal of the same trades.
 */
import { describe, expect, it } from 'vitest';
import { storeDayStart } from '../../drivers/shared/store-time';
import { buildAlipayBill } from '../channels/gateway-sim/statements/alipay-bill';
import { buildWechatBill } from '../channels/gateway-sim/statements/wechat-bill';
import type { SimTrade } from '../channels/gateway-sim/sim-trade';
import { matchStatements } from './match';
import { parseAlipayBill } from './parse-alipay';
import { parseWechatBill } from './parse-wechat';
import type { LocalPayment } from './types';

const DAY = '2024-01-02';
const at = (h: number, m = 0) => storeDayStart(DAY) + (h * 60 + m) * 60_000;

function trade(channel: SimTrade['channel'], no: string, amountFen: number, paidAt: number, extra: Partial<SimTrade> = {}): SimTrade {
  return {
    channel,
    kind: 'micropay',
    outTradeNo: no,
    transactionId: `${channel === 'wechat' ? '4200' : '2024'}${no}`,
    amountFen,
    subject: '可乐,大瓶',
    state: 'SUCCESS',
    createdAt: paidAt - 2000,
    paidAt,
    closeAt: paidAt + 7_200_000,
    refunds: [],
    fingerprint: no,
    storeId: 'NO0001',
    terminalId: 'T1',
    ...extra,
  };
}

const trades: SimTrade[] = [
  trade('wechat', 'SW1', 1200, at(9)),
  trade('wechat', 'SW2', 3000, at(10), { refunds: [{ outRefundNo: 'SW2-R1', refundId: '5000SW2', refundFen: 500, at: at(15) }] }),
  trade('wechat', 'SW3', 2000, at(11), { state: 'REVOKED', reversedAt: at(11, 1), reverseAction: 'refund' }),
  trade('alipay', 'SA1', 2500, at(9, 30)),
  trade('alipay', 'SA2', 4000, at(12), { refunds: [{ outRefundNo: 'SA2-R1', refundId: 'x', refundFen: 1000, at: at(16) }] }),
  trade('alipay', 'SA3', 1800, at(13), { state: 'REVOKED', reversedAt: at(13, 1), reverseAction: 'refund' }),
];

const local: LocalPayment[] = trades.map((t) => ({
  paymentId: t.outTradeNo,
  orderNo: t.outTradeNo,
  tender: t.channel,
  amountFen: t.amountFen,
  state: t.state === 'REVOKED' ? 'reversed' : t.refunds.length > 0 ? 'refunded' : 'approved',
  at: new Date(t.paidAt ?? 0).toISOString(),
  outTradeNo: t.outTradeNo,
  refunds: t.refunds.map((r) => ({ outRefundNo: r.outRefundNo, amountFen: r.refundFen, at: new Date(r.at).toISOString() })),
}));

describe('statements written by the gateway simulator', () => {
  it('parse without errors and reconcile to 对账平', () => {
    const wx = buildWechatBill(trades, { billDate: '20240102', billType: 'ALL', appId: 'wx1', mchId: '1900000109' });
    if (wx === undefined) throw new Error('the simulator wrote no WeChat bill');
    const w = parseWechatBill(Buffer.from(wx, 'utf8'));
    expect(w.errors).toEqual([]);
    expect(w.rows.map((r) => `${r.kind}:${r.status}:${r.outTradeNo}:${r.amountFen}`)).toEqual([
      'payment:success:SW1:1200',
      'payment:success:SW2:3000',
      'payment:revoked:SW3:2000',
      'refund:success:SW2:500',
    ]);
    const ali = buildAlipayBill(trades, { billDate: DAY, pid: '2088521231912068', exportedAt: at(33) });
    const a = parseAlipayBill(ali.zip);
    expect(a.errors).toEqual([]);
    expect(a.rows.map((r) => `${r.kind}:${r.outTradeNo}:${r.amountFen}`)).toEqual([
      'payment:SA1:2500',
      'payment:SA2:4000',
      'payment:SA3:1800',
      'void:SA3:1800',
      'refund:SA2:1000',
    ]);
    const result = matchStatements(local, [...w.rows, ...a.rows], { date: DAY });
    expect(result.items.filter((i) => i.category !== 'matched')).toEqual([]);
    expect(result.totals.matched.count).toBe(8);
    expect(result.balanced).toBe(true);
  });
});
