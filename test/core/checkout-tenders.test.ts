/**
 * Every tender through the real payment engine against the real simulators: the
 * WangPOS acquiring-app simulator over loopback TCP (card) and the WeChat/Alipay
 * gateway simulator over HTTP (QR). Amounts pick the simulators' outcomes by their
 * last two digits (README tables): card .51 insufficient funds; the QR ones are named
 * by magicAmount() (main/channels/gateway-sim/outcomes.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { magicAmount } from '../../main/channels/gateway-sim/outcomes';
import type { EventPayload, Order, Payment } from '../../preload/contract';
import { alipayCode, call, fastCore, wechatCode } from '../helpers/fast-core';

type Core = Awaited<ReturnType<typeof fastCore>>;
const CIGARETTES = '6901234000122'; // ¥70.00
let core: Core | undefined;

afterEach(async () => {
  await core?.cleanup();
  core = undefined;
});

async function cartOf70(): Promise<Core> {
  core = await fastCore();
  await call(core, 'cart.scan', { code: CIGARETTES });
  return core;
}

const states = (p: Payment) => p.events.map((e) => e.toState);

describe('card through the terminal simulator', () => {
  it('approves a sale, shows progress, records card data with a masked PAN, and completes the order', async () => {
    const c = await cartOf70();
    const progress: EventPayload<'payment.progress'>[] = [];
    c.bus.subscribe((e) => e.event === 'payment.progress' && progress.push(e.payload));
    const res = await call(c, 'checkout.pay', { tender: 'card' });
    expect(res.payment.state).toBe('approved');
    expect(res.order?.status).toBe('completed');
    expect(res.payment.data.maskedPan).toMatch(/^\d{6}\*+\d{4}$/);
    expect(String(res.payment.data.traceNo)).toMatch(/^\d{6}$/);
    expect(String(res.payment.data.refNo)).toMatch(/^\d{12}$/);
    expect(progress.map((p) => p.state)).toEqual(expect.arrayContaining(['sent', 'approved']));
    // No full PAN anywhere: the card's BIN is never followed by more digits.
    const bin = String(res.payment.data.maskedPan).slice(0, 6);
    expect(JSON.stringify(res)).not.toMatch(new RegExp(`${bin}\\d{7,}`));
  });

  it('a declined card (.51 insufficient funds) then cash completes the order', async () => {
    const c = await cartOf70();
    const declined = await call(c, 'checkout.pay', { tender: 'card', amountFen: 151 });
    expect(declined.payment.state).toBe('declined');
    expect(declined.openOrder?.dueFen).toBe(7000);
    const cash = await call(c, 'checkout.pay', { tender: 'cash', tenderedFen: 10000 });
    expect(cash.order?.status).toBe('completed');
    expect(cash.changeFen).toBe(3000);
    expect(cash.order?.payments.map((p) => [p.tender, p.state])).toEqual([
      ['card', 'declined'],
      ['cash', 'approved'],
    ]);
  });

  it('split tender: part card, part cash', async () => {
    const c = await cartOf70();
    const card = await call(c, 'checkout.pay', { tender: 'card', amountFen: 5000 });
    expect(card.payment.state).toBe('approved');
    expect(card.openOrder?.dueFen).toBe(2000);
    const cash = await call(c, 'checkout.pay', { tender: 'cash', tenderedFen: 2000 });
    expect(cash.order?.paidFen).toBe(7000);
    expect(cash.receipt?.svg).toContain('<svg');
  });

  it('a double press cannot charge twice: the second request is refused while the first runs', async () => {
    const c = await cartOf70();
    const [a, b] = await Promise.all([c.dispatch('checkout.pay', { tender: 'card' }), c.dispatch('checkout.pay', { tender: 'card' })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { code: 'CONFLICT' } });
    const sales = c.sims.terminal?.journal().filter((j) => j.kind === 'sale') ?? [];
    expect(sales).toHaveLength(1);
  });

  it('cancelling an order voids its approved card leg (compensation), each step logged', async () => {
    const c = await cartOf70();
    await call(c, 'checkout.pay', { tender: 'card', amountFen: 3000 });
    const state = await call(c, 'checkout.cancel', {});
    expect(state.openOrder).toBeNull();
    const order = (await call(c, 'journal.list', {}))[0] as Order;
    expect(order.status).toBe('cancelled');
    expect(order.payments[0].state).toBe('reversed');
    expect(order.payments[0].events.map((e) => e.detail ?? '').join('\n')).toMatch(/undo requested[\s\S]*voided/);
  });

  it('voids a completed card order from the journal', async () => {
    const c = await cartOf70();
    const paid = await call(c, 'checkout.pay', { tender: 'card' });
    const voided = await call(c, 'journal.void', { orderNo: paid.order?.orderNo });
    expect(voided.status).toBe('voided');
    expect(voided.payments[0].state).toBe('reversed');
  });
});

describe('QR wallets through the gateway simulator', () => {
  it('WeChat B扫C pays at once', async () => {
    const c = await cartOf70();
    const res = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode() });
    expect(res.payment.tender).toBe('wechat');
    expect(res.payment.state).toBe('approved');
    expect(res.payment.data.transactionId).toBeTruthy();
    expect(res.order?.status).toBe('completed');
  });

  it('USERPAYING, then paid: found by the query loop', async () => {
    const c = await cartOf70();
    const res = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode(), amountFen: magicAmount('USERPAYING') });
    expect(states(res.payment)).toEqual(['created', 'sent', 'userPaying', 'approved']);
  });

  it('USERPAYING forever: reversed when the channel window runs out, the order stays open', async () => {
    const c = await cartOf70();
    const res = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode(), amountFen: magicAmount('USERPAYING_FOREVER') });
    expect(res.payment.state).toBe('reversed');
    expect(res.openOrder?.dueFen).toBe(7000);
  });

  it('Alipay: the customer pays just as the cancel lands -> the cancel refunds it', async () => {
    const c = await cartOf70();
    const res = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: alipayCode(), amountFen: magicAmount('PAY_AT_LAST_MOMENT') });
    expect(res.payment.tender).toBe('alipay');
    expect(res.payment.state).toBe('reversed');
    expect(res.payment.events.at(-1)?.detail).toMatch(/last moment/);
  });

  it('SYSTEMERROR but charged: unknown, then the query confirms it', async () => {
    const c = await cartOf70();
    const res = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode(), amountFen: magicAmount('SYSTEMERROR_PAID') });
    expect(states(res.payment)).toEqual(['created', 'sent', 'unknown', 'approved']);
  });

  it('SYSTEMERROR and nothing charged: unknown, then reversed — never paid again', async () => {
    const c = await cartOf70();
    const res = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: alipayCode(), amountFen: magicAmount('SYSTEMERROR_UNPAID') });
    expect(res.payment.state === 'reversed' || res.payment.state === 'closed').toBe(true);
    const trades = c.sims.gateway?.control.trades() ?? [];
    expect(trades.filter((t) => t.state === 'SUCCESS')).toHaveLength(0);
  });

  it('the answer never arrives (client timeout): unknown, then the query finds it paid', async () => {
    const c = await cartOf70();
    const res = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode(), amountFen: magicAmount('NO_ANSWER') });
    expect(states(res.payment)).toEqual(['created', 'sent', 'unknown', 'approved']);
  });

  it('C扫B: a dynamic code is shown with the amount, the customer scans and pays', async () => {
    const c = await cartOf70();
    const shown: EventPayload<'customer.display'>[] = [];
    c.bus.subscribe((e) => {
      if (e.event !== 'customer.display') return;
      shown.push(e.payload);
      const qr = e.payload;
      if (qr.mode === 'qr' && qr.qrCode) setTimeout(() => c.sims.gateway?.control.scan('wechat', `${qr.orderNo}01`, wechatCode()), 20);
    });
    const res = await call(c, 'checkout.pay', { tender: 'qrShow', channel: 'wechat' });
    expect(res.payment.state).toBe('approved');
    expect(shown[0]).toMatchObject({ mode: 'qr', amountFen: 7000, channel: 'wechat' });
    expect(shown[0].qrCode).toMatch(/^weixin:\/\//);
    expect(shown.at(-1)?.mode).toBe('idle');
  });

  it('refunds part of a QR payment from the journal', async () => {
    const c = await cartOf70();
    const paid = await call(c, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode() });
    const orderNo = paid.order?.orderNo as string;
    const after = await call(c, 'journal.refund', { orderNo, paymentId: paid.payment.id, amountFen: 2500 });
    expect(after.payments[0].refundedFen).toBe(2500);
    const over = await c.dispatch('journal.refund', { orderNo, paymentId: paid.payment.id, amountFen: 5000 });
    expect(over).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'amountFen' } });
  });

  it('a code that is no wallet\'s is refused before anything is sent', async () => {
    const c = await cartOf70();
    const res = await c.dispatch('checkout.pay', { tender: 'qrScan', authCode: '9912345678901234' });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'authCode' } });
    expect(c.sims.gateway?.control.trades()).toHaveLength(0);
  });
});

describe('stored-value member cards', () => {
  it('issues, tops up, pays with the PIN; a wrong PIN or a short balance is declined', async () => {
    const c = await cartOf70();
    await call(c, 'storedValue.issue', { cardNo: '88000001', holder: '王女士', pin: '123456' });
    const topped = await call(c, 'storedValue.topUp', { cardNo: '88000001', amountFen: 5000 });
    expect(topped.balanceFen).toBe(5000);
    const wrong = await call(c, 'checkout.pay', { tender: 'storedValue', cardNo: '88000001', pin: '000000' });
    expect(wrong.payment.state).toBe('declined');
    const short = await call(c, 'checkout.pay', { tender: 'storedValue', cardNo: '88000001', pin: '123456', amountFen: 6000 });
    expect(short.payment.state).toBe('declined');
    const part = await call(c, 'checkout.pay', { tender: 'storedValue', cardNo: '88000001', pin: '123456', amountFen: 5000 });
    expect(part.payment.state).toBe('approved');
    expect((await call(c, 'storedValue.get', { cardNo: '88000001' })).balanceFen).toBe(0);
    const rest = await call(c, 'checkout.pay', { tender: 'cash', tenderedFen: 2000 });
    expect(rest.order?.status).toBe('completed');
  });
});
