/**
 * The Alipay client (official alipay-sdk 4, RSA2 both ways) against the real simulator
 * over HTTP on 127.0.0.1. Key pairs are generated with node:crypto per run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlipayClient } from './alipay-client';
import { type ChannelKit, startChannelKit } from './channel-test-kit';
import { magicAmount } from './gateway-sim/outcomes';
import { QrChannelError } from './types';

let kit: ChannelKit;
let n = 0;
const orderNo = () => `ALI-${Date.now().toString(36)}-${++n}`;
const otherKey = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

beforeAll(async () => {
  kit = await startChannelKit();
});
afterAll(async () => {
  await kit.close();
});
beforeEach(() => {
  kit.sim.control.reset();
  kit.sim.control.setRules({ payerLevels: [], defaultLevel: 'B' });
});

const pay = (amountFen: number, outTradeNo = orderNo(), authCode = kit.alipayCode(), client = kit.alipay) =>
  client.pay({ channel: 'alipay', outTradeNo, authCode, amountFen, subject: '测试商品', storeId: 'NO0001', terminalId: 'T01' });

const clientWith = (patch: Partial<ConstructorParameters<typeof AlipayClient>[0]>) =>
  new AlipayClient({
    appId: kit.sim.alipay.appId,
    privateKey: kit.sim.alipay.appPrivateKey ?? '',
    alipayPublicKey: kit.sim.alipay.alipayPublicKey,
    gateway: kit.sim.alipay.gateway,
    ...patch,
  });

describe('Alipay trade.pay through the simulator', () => {
  it('pays (10000) with yuan converted at the boundary; query says TRADE_SUCCESS', async () => {
    const no = orderNo();
    const r = await pay(1234, no);
    expect(r).toMatchObject({ status: 'SUCCESS', amountFen: 1234, paidAt: '2024-01-02T02:00:00.000Z' });
    expect(r.transactionId).toMatch(/^20240102\d{20}$/);
    expect(r.payerId).toMatch(/^2088\d{12}$/);
    const t = kit.sim.control.trade('alipay', no);
    expect(t).toMatchObject({ amountFen: 1234, storeId: 'NO0001', terminalId: 'T01' });
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'SUCCESS', rawStatus: 'TRADE_SUCCESS', amountFen: 1234 });
  });

  it('a request signed with another key gets 40002 isv.invalid-signature (FAIL), nothing recorded', async () => {
    const r = await pay(100, orderNo(), kit.alipayCode(), clientWith({ privateKey: otherKey().privateKey }));
    expect(r).toMatchObject({ status: 'FAIL', errCode: 'isv.invalid-signature' });
    expect(kit.sim.control.trades()).toHaveLength(0);
  });

  it('an answer that does not verify with the Alipay public key is UNKNOWN', async () => {
    const r = await pay(100, orderNo(), kit.alipayCode(), clientWith({ alipayPublicKey: otherKey().publicKey }));
    expect(r).toMatchObject({ status: 'UNKNOWN', errCode: 'RESPONSE_SIGN_INVALID' });
    // The charge did happen: this is exactly why the answer must not be read as FAIL.
    expect(kit.sim.control.trades()[0]?.state).toBe('SUCCESS');
  });

  it('a wrong app_id is refused (isv.invalid-app-id)', async () => {
    expect(await pay(100, orderNo(), kit.alipayCode(), clientWith({ appId: '2021999999999999' }))).toMatchObject({
      status: 'FAIL',
      errCode: 'isv.invalid-app-id',
    });
  });

  it('10003 while the customer enters the password, then TRADE_SUCCESS by query', async () => {
    const no = orderNo();
    expect(await pay(magicAmount('USERPAYING', 10), no)).toMatchObject({ status: 'USERPAYING', errCode: '10003' });
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'USERPAYING', rawStatus: 'WAIT_BUYER_PAY' });
    kit.clock.advance(kit.sim.control.rules().userPayingMs);
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'SUCCESS', rawStatus: 'TRADE_SUCCESS' });
  });

  it('still waiting at the deadline: cancel closes it (action=close)', async () => {
    const no = orderNo();
    expect((await pay(magicAmount('USERPAYING_FOREVER', 10), no)).status).toBe('USERPAYING');
    kit.clock.advance(60_000);
    expect(await kit.alipay.reverse(no)).toMatchObject({ status: 'CLOSED', action: 'close', retryFlag: false });
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'CLOSED', rawStatus: 'TRADE_CLOSED' });
  });

  it('the customer pays at the last moment: cancel turns into a refund (action=refund)', async () => {
    const no = orderNo();
    kit.sim.control.payAtLastMoment();
    expect((await pay(3000, no)).status).toBe('USERPAYING');
    kit.clock.advance(30_000);
    expect(await kit.alipay.reverse(no)).toMatchObject({ status: 'REVOKED', action: 'refund' });
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'CLOSED' });
    expect(kit.sim.control.trade('alipay', no)).toMatchObject({ state: 'REVOKED', reverseAction: 'refund' });
  });

  it('an unpaid trade auto-closes after 3 minutes', async () => {
    const no = orderNo();
    await pay(magicAmount('USERPAYING_FOREVER', 10), no);
    kit.clock.advance(3 * 60_000);
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'CLOSED', rawStatus: 'TRADE_CLOSED' });
  });

  it('20000 is UNKNOWN; the query tells whether the charge happened', async () => {
    const charged = orderNo();
    expect(await pay(magicAmount('SYSTEMERROR_PAID', 10), charged)).toMatchObject({ status: 'UNKNOWN', errCode: 'aop.ACQ.SYSTEM_ERROR' });
    expect((await kit.alipay.query(charged)).status).toBe('SUCCESS');
    const lost = orderNo();
    expect((await pay(magicAmount('SYSTEMERROR_UNPAID', 10), lost)).status).toBe('UNKNOWN');
    expect(await kit.alipay.query(lost)).toMatchObject({ status: 'NOTPAY', errCode: 'ACQ.TRADE_NOT_EXIST' });
    // Cancelling a trade Alipay never saw closes nothing and is not an error.
    expect((await kit.alipay.reverse(lost)).status).toBe('CLOSED');
  });

  it('definite ACQ.* failures', async () => {
    expect(await pay(magicAmount('AUTHCODE_EXPIRED', 10))).toMatchObject({ status: 'FAIL', errCode: 'ACQ.PAYMENT_AUTH_CODE_INVALID' });
    expect(await pay(magicAmount('NOT_ENOUGH', 10))).toMatchObject({ status: 'FAIL', errCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH', errMessage: '买家余额不足' });
    expect(await pay(100, orderNo(), '1234')).toMatchObject({ status: 'FAIL', errCode: 'ACQ.PAYMENT_AUTH_CODE_INVALID' });
  });

  it('idempotent repeats; a different code on a paid order is ACQ.TRADE_HAS_SUCCESS', async () => {
    const no = orderNo();
    const code = kit.alipayCode();
    const first = await pay(5000, no, code);
    expect(await pay(5000, no, code)).toMatchObject({ status: 'SUCCESS', transactionId: first.transactionId });
    expect(await pay(5000, no, kit.alipayCode())).toMatchObject({ status: 'FAIL', errCode: 'ACQ.TRADE_HAS_SUCCESS' });
    const pending = orderNo();
    await pay(magicAmount('USERPAYING', 50), pending);
    expect(await pay(magicAmount('USERPAYING', 51), pending)).toMatchObject({ status: 'FAIL', errCode: 'ACQ.CONTEXT_INCONSISTENT' });
    expect(await pay(magicAmount('USERPAYING', 50), pending, kit.sim.control.trade('alipay', pending)?.authCode)).toMatchObject({ status: 'USERPAYING' });
  });

  it('a client timeout is UNKNOWN; HTTP 500 is UNKNOWN; cancel on no answer says retry', async () => {
    const quick = clientWith({ timeoutMs: 300 });
    const no = orderNo();
    expect(await pay(magicAmount('NO_ANSWER', 10), no, kit.alipayCode(), quick)).toMatchObject({ status: 'UNKNOWN', errCode: 'TIMEOUT' });
    expect((await quick.query(no)).status).toBe('SUCCESS');
    expect(await pay(magicAmount('HTTP_500', 10))).toMatchObject({ status: 'UNKNOWN', errCode: 'HTTP_500' });
    kit.sim.control.injectFault({ kind: 'noAnswer', api: 'reverse' });
    expect(await quick.reverse(no)).toMatchObject({ status: 'UNKNOWN', retryFlag: true, errCode: 'TIMEOUT' });
  });

  it('refunds: partial and cumulative, idempotent by out_request_no, never above the total', async () => {
    const no = orderNo();
    await pay(1000, no);
    expect(await kit.alipay.refund({ outTradeNo: no, outRefundNo: 'RQ1', refundFen: 250, totalFen: 1000 })).toMatchObject({
      status: 'REFUND',
      amountFen: 250,
      refundedFen: 250,
    });
    expect(await kit.alipay.refund({ outTradeNo: no, outRefundNo: 'RQ1', refundFen: 250, totalFen: 1000 })).toMatchObject({ refundedFen: 250 });
    expect(await kit.alipay.refund({ outTradeNo: no, outRefundNo: 'RQ2', refundFen: 800, totalFen: 1000 })).toMatchObject({
      status: 'FAIL',
      errCode: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL',
    });
    expect((await kit.alipay.query(no)).status).toBe('SUCCESS');
    expect(await kit.alipay.refund({ outTradeNo: no, outRefundNo: 'RQ3', refundFen: 750, totalFen: 1000 })).toMatchObject({ refundedFen: 1000 });
    // Fully refunded: TRADE_CLOSED.
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'CLOSED', rawStatus: 'TRADE_CLOSED' });
    expect(await kit.alipay.refund({ outTradeNo: 'nope', outRefundNo: 'X', refundFen: 1, totalFen: 1 })).toMatchObject({
      status: 'FAIL',
      errCode: 'ACQ.TRADE_NOT_EXIST',
    });
  });

  it('PBOC 296 limits per payer: ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR past the day total', async () => {
    kit.sim.control.setPayerLevel('284444444444', 'C');
    const code = () => kit.alipayCode('4444444444');
    expect((await pay(100_000, orderNo(), code())).status).toBe('SUCCESS');
    expect(await pay(100, orderNo(), code())).toMatchObject({ status: 'FAIL', errCode: 'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR' });
    kit.sim.control.setPayerLevel('284444444444', 'A');
    expect((await pay(10_000_000, orderNo(), code())).status).toBe('SUCCESS');
  });

  it('C扫B precreate: a qr.alipay.com code; not a trade until scanned; then paid', async () => {
    const no = orderNo();
    const { qrCode } = await kit.alipay.precreate({ outTradeNo: no, amountFen: 990, subject: '扫码付' });
    expect(qrCode).toMatch(/^https:\/\/qr\.alipay\.com\/bax0\w+$/);
    expect((await kit.alipay.query(no)).status).toBe('NOTPAY');
    expect(kit.sim.control.scan('alipay', no, kit.alipayCode()).ok).toBe(true);
    expect(await kit.alipay.query(no)).toMatchObject({ status: 'SUCCESS', amountFen: 990 });
    await expect(kit.alipay.precreate({ outTradeNo: no, amountFen: 991, subject: '扫码付' })).rejects.toBeInstanceOf(QrChannelError);
  });
});
