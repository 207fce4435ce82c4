/**
 * The WeChat v2 client against the real simulator over HTTP on 127.0.0.1: every outcome
 * of the micropay state machine, signatures both ways, faults, limits, refunds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ChannelKit, startChannelKit } from './channel-test-kit';
import { magicAmount } from './gateway-sim/outcomes';
import { parseWechatXml, toWechatXml } from './wechat-codec';
import { undiciTransport, WechatClient, type WechatTransport } from './wechat-client';

let kit: ChannelKit;
let n = 0;
const orderNo = () => `WX${Date.now().toString(36)}${++n}`;

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

const pay = (amountFen: number, outTradeNo = orderNo(), authCode = kit.wechatCode()) =>
  kit.wechat.pay({ channel: 'wechat', outTradeNo, authCode, amountFen, subject: '测试商品', storeId: 'S01', terminalId: 'T01' });

describe('WeChat micropay through the simulator', () => {
  it('pays, and the query shows the same trade', async () => {
    const no = orderNo();
    const r = await pay(1200, no);
    expect(r).toMatchObject({ status: 'SUCCESS', amountFen: 1200 });
    expect(r.transactionId).toMatch(/^\d{28}$/);
    expect(r.payerId).toMatch(/^o/);
    expect(r.paidAt).toBe('2024-01-02T02:00:00.000Z');
    const q = await kit.wechat.query(no);
    expect(q).toMatchObject({ status: 'SUCCESS', rawStatus: 'SUCCESS', transactionId: r.transactionId, amountFen: 1200 });
  });

  it('signs with HMAC-SHA256 too', async () => {
    const hmac = new WechatClient({ ...kit.sim.wechat, signType: 'HMAC-SHA256' });
    const r = await hmac.pay({ channel: 'wechat', outTradeNo: orderNo(), authCode: kit.wechatCode(), amountFen: 100, subject: 'x' });
    expect(r.status).toBe('SUCCESS');
  });

  it('a request signed with the wrong key is refused as a definite failure (签名错误)', async () => {
    const bad = new WechatClient({ ...kit.sim.wechat, apiKey: 'ffffffffffffffffffffffffffffffff' });
    const r = await bad.pay({ channel: 'wechat', outTradeNo: orderNo(), authCode: kit.wechatCode(), amountFen: 100, subject: 'x' });
    expect(r).toMatchObject({ status: 'FAIL', errCode: 'SIGNERROR', errMessage: '签名错误' });
    // ...and nothing was recorded.
    expect(kit.sim.control.trades()).toHaveLength(0);
  });

  it('an answer whose signature does not verify is UNKNOWN, not trusted', async () => {
    const real = undiciTransport();
    const tampering: WechatTransport = async (url, xml, timeoutMs) => {
      const res = await real(url, xml, timeoutMs);
      const parsed = parseWechatXml(res.text);
      if (!parsed.ok) throw new Error(parsed.error);
      return { status: 200, text: toWechatXml({ ...parsed.params, total_fee: '1' }) };
    };
    const client = new WechatClient({ ...kit.sim.wechat, transport: tampering });
    const r = await client.pay({ channel: 'wechat', outTradeNo: orderNo(), authCode: kit.wechatCode(), amountFen: 500, subject: 'x' });
    expect(r).toMatchObject({ status: 'UNKNOWN', errCode: 'RESPONSE_SIGN_INVALID', amountFen: 500 });
  });

  it('USERPAYING, then SUCCESS by query once the customer has entered the password', async () => {
    const no = orderNo();
    expect(await pay(magicAmount('USERPAYING', 10), no)).toMatchObject({ status: 'USERPAYING', errCode: 'USERPAYING' });
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'USERPAYING', rawStatus: 'USERPAYING' });
    kit.clock.advance(kit.sim.control.rules().userPayingMs);
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'SUCCESS', amountFen: magicAmount('USERPAYING', 10) });
  });

  it('USERPAYING forever: reverse is refused within 15 s (recall), then revokes', async () => {
    const no = orderNo();
    expect((await pay(magicAmount('USERPAYING_FOREVER', 10), no)).status).toBe('USERPAYING');
    kit.clock.advance(5_000);
    const early = await kit.wechat.reverse(no);
    expect(early).toMatchObject({ status: 'UNKNOWN', recall: true, errCode: 'FREQUENCY_LIMITED' });
    kit.clock.advance(10_000);
    expect(await kit.wechat.reverse(no)).toMatchObject({ status: 'REVOKED', recall: false });
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'REVOKED' });
    expect(kit.sim.control.trade('wechat', no)?.reverseAction).toBe('close');
    // Reversing again is harmless.
    expect((await kit.wechat.reverse(no)).status).toBe('REVOKED');
  });

  it('USERPAYING then the payment fails: query says FAIL (PAYERROR)', async () => {
    const no = orderNo();
    expect((await pay(magicAmount('USERPAYING_FAIL', 10), no)).status).toBe('USERPAYING');
    kit.clock.advance(kit.sim.control.rules().userPayingMs);
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'FAIL', rawStatus: 'PAYERROR' });
  });

  it('an unpaid trade auto-closes', async () => {
    const no = orderNo();
    await pay(magicAmount('USERPAYING_FOREVER', 10), no);
    kit.clock.advance(kit.sim.control.rules().autoCloseMs);
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'CLOSED', rawStatus: 'CLOSED' });
  });

  it('the customer pays at the last moment: the reverse refunds the money', async () => {
    const no = orderNo();
    expect((await pay(magicAmount('PAY_AT_LAST_MOMENT', 10), no)).status).toBe('USERPAYING');
    kit.clock.advance(20_000);
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'USERPAYING' });
    expect(await kit.wechat.reverse(no)).toMatchObject({ status: 'REVOKED' });
    const t = kit.sim.control.trade('wechat', no);
    expect(t).toMatchObject({ state: 'REVOKED', reverseAction: 'refund' });
    expect(t?.paidAt).toBeDefined();
  });

  it('SYSTEMERROR is UNKNOWN; the query then tells whether it was charged', async () => {
    const charged = orderNo();
    expect(await pay(magicAmount('SYSTEMERROR_PAID', 10), charged)).toMatchObject({ status: 'UNKNOWN', errCode: 'SYSTEMERROR' });
    expect((await kit.wechat.query(charged)).status).toBe('SUCCESS');
    const lost = orderNo();
    expect(await pay(magicAmount('SYSTEMERROR_UNPAID', 10), lost)).toMatchObject({ status: 'UNKNOWN', errCode: 'SYSTEMERROR' });
    expect(await kit.wechat.query(lost)).toMatchObject({ status: 'NOTPAY', errCode: 'ORDERNOTEXIST' });
  });

  it('definite failures: AUTHCODEEXPIRE, NOTENOUGH, AUTH_CODE_INVALID', async () => {
    expect(await pay(magicAmount('AUTHCODE_EXPIRED', 10))).toMatchObject({ status: 'FAIL', errCode: 'AUTHCODEEXPIRE' });
    expect(await pay(magicAmount('NOT_ENOUGH', 10))).toMatchObject({ status: 'FAIL', errCode: 'NOTENOUGH', errMessage: '余额不足' });
    expect(await pay(magicAmount('AUTH_CODE_INVALID', 10))).toMatchObject({ status: 'FAIL', errCode: 'AUTH_CODE_INVALID' });
    expect(await pay(100, orderNo(), '999')).toMatchObject({ status: 'FAIL', errCode: 'AUTH_CODE_INVALID' });
    kit.sim.control.nextOutcome('NOT_ENOUGH');
    expect(await pay(100)).toMatchObject({ status: 'FAIL', errCode: 'NOTENOUGH' });
  });

  it('a used payment code cannot pay another order (AUTHCODEEXPIRE)', async () => {
    const code = kit.wechatCode();
    expect((await pay(100, orderNo(), code)).status).toBe('SUCCESS');
    expect(await pay(100, orderNo(), code)).toMatchObject({ status: 'FAIL', errCode: 'AUTHCODEEXPIRE' });
  });

  it('repeats of the same request are idempotent; different params are ORDERPAID / OUT_TRADE_NO_USED', async () => {
    const no = orderNo();
    const code = kit.wechatCode();
    const first = await pay(2000, no, code);
    const again = await pay(2000, no, code);
    expect(again).toMatchObject({ status: 'SUCCESS', transactionId: first.transactionId });
    expect(await pay(2000, no, kit.wechatCode())).toMatchObject({ status: 'FAIL', errCode: 'ORDERPAID' });

    const pending = orderNo();
    expect((await pay(magicAmount('USERPAYING', 20), pending)).status).toBe('USERPAYING');
    expect(await pay(magicAmount('USERPAYING', 21), pending)).toMatchObject({ status: 'FAIL', errCode: 'OUT_TRADE_NO_USED' });
  });

  it('no answer -> UNKNOWN after the client timeout; the charge is found by query', async () => {
    const quick = new WechatClient({ ...kit.sim.wechat, timeoutMs: 300 });
    const no = orderNo();
    const code = kit.wechatCode();
    const r = await quick.pay({ channel: 'wechat', outTradeNo: no, authCode: code, amountFen: magicAmount('NO_ANSWER', 10), subject: 'x' });
    expect(r).toMatchObject({ status: 'UNKNOWN', errCode: 'TIMEOUT' });
    expect((await quick.query(no)).status).toBe('SUCCESS');
    // The retry of the same request gets the same answer, not a second charge.
    const retry = await quick.pay({ channel: 'wechat', outTradeNo: no, authCode: code, amountFen: magicAmount('NO_ANSWER', 10), subject: 'x' });
    expect(retry.status).toBe('SUCCESS');
    expect(kit.sim.control.trades()).toHaveLength(1);
  });

  it('HTTP 500 and injected faults on any API are UNKNOWN; a slow answer still arrives', async () => {
    expect(await pay(magicAmount('HTTP_500', 10))).toMatchObject({ status: 'UNKNOWN', errCode: 'HTTP_500' });
    expect(kit.sim.control.trades()).toHaveLength(0);
    kit.sim.control.injectFault({ kind: 'http500', api: 'query' });
    expect(await kit.wechat.query('whatever')).toMatchObject({ status: 'UNKNOWN', errCode: 'HTTP_500' });
    kit.sim.control.injectFault({ kind: 'slow', api: 'pay', delayMs: 50 });
    expect((await pay(100)).status).toBe('SUCCESS');
    kit.sim.control.injectFault({ kind: 'noAnswer', api: 'reverse' });
    const quick = new WechatClient({ ...kit.sim.wechat, timeoutMs: 200 });
    expect(await quick.reverse('whatever')).toMatchObject({ status: 'UNKNOWN', recall: true, errCode: 'TIMEOUT' });
  });

  it('a refused connection is UNKNOWN (NETWORK)', async () => {
    const dead = new WechatClient({ ...kit.sim.wechat, baseUrl: 'http://127.0.0.1:1' });
    expect(await dead.query('x')).toMatchObject({ status: 'UNKNOWN', errCode: 'NETWORK' });
  });

  it('refunds: partial, cumulative up to the total, idempotent by out_refund_no', async () => {
    const no = orderNo();
    await pay(1000, no);
    const r1 = await kit.wechat.refund({ outTradeNo: no, outRefundNo: 'R1', refundFen: 300, totalFen: 1000 });
    expect(r1).toMatchObject({ status: 'REFUND', amountFen: 300 });
    expect(r1.refundId).toBeTruthy();
    expect(await kit.wechat.refund({ outTradeNo: no, outRefundNo: 'R1', refundFen: 300, totalFen: 1000 })).toMatchObject({
      status: 'REFUND',
      refundId: r1.refundId,
    });
    expect(await kit.wechat.refund({ outTradeNo: no, outRefundNo: 'R1', refundFen: 400, totalFen: 1000 })).toMatchObject({ status: 'FAIL' });
    expect((await kit.wechat.refund({ outTradeNo: no, outRefundNo: 'R2', refundFen: 700, totalFen: 1000 })).status).toBe('REFUND');
    expect(await kit.wechat.refund({ outTradeNo: no, outRefundNo: 'R3', refundFen: 1, totalFen: 1000 })).toMatchObject({
      status: 'FAIL',
      errCode: 'INVALID_REQUEST',
    });
    expect(await kit.wechat.refund({ outTradeNo: no, outRefundNo: 'R4', refundFen: 1, totalFen: 999 })).toMatchObject({ errCode: 'PARAM_ERROR' });
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'REFUND', rawStatus: 'REFUND' });
    // A refunded trade can no longer be reversed.
    kit.clock.advance(20_000);
    expect(await kit.wechat.reverse(no)).toMatchObject({ status: 'FAIL', errCode: 'TRADE_STATE_ERROR' });
  });

  it('PBOC 296: a level-C payer is stopped at ¥1,000 a day and can pay again the next day', async () => {
    kit.sim.control.setPayerLevel('135555555555', 'C');
    const code = () => kit.wechatCode('5555555555');
    expect((await pay(60_000, orderNo(), code())).status).toBe('SUCCESS');
    expect(await pay(40_100, orderNo(), code())).toMatchObject({ status: 'FAIL', errCode: 'TRADE_ERROR' });
    expect((await pay(40_000, orderNo(), code())).status).toBe('SUCCESS');
    // Another customer is not affected.
    expect((await pay(90_000, orderNo(), kit.wechatCode('6666666666'))).status).toBe('SUCCESS');
    kit.clock.advance(24 * 60 * 60_000);
    expect((await pay(90_000, orderNo(), code())).status).toBe('SUCCESS');
  });

  it('PBOC 296: level B is ¥5,000, a static-code (D) payer ¥500', async () => {
    expect((await pay(500_000, orderNo(), kit.wechatCode('7777777777'))).status).toBe('SUCCESS');
    expect(await pay(100, orderNo(), kit.wechatCode('7777777777'))).toMatchObject({ errCode: 'TRADE_ERROR' });
    kit.sim.control.setPayerLevel('138', 'D');
    expect(await pay(50_100, orderNo(), kit.wechatCode('8000000001'))).toMatchObject({ errCode: 'TRADE_ERROR' });
    expect((await pay(50_000, orderNo(), kit.wechatCode('8000000002'))).status).toBe('SUCCESS');
  });

  it('C扫B: unifiedorder gives a weixin:// code; NOTPAY until scanned, then SUCCESS', async () => {
    const no = orderNo();
    const { qrCode } = await kit.wechat.precreate({ outTradeNo: no, amountFen: 880, subject: '扫码点单' });
    expect(qrCode).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w{7}$/);
    expect((await kit.wechat.query(no)).status).toBe('NOTPAY');
    expect(kit.sim.control.scan('wechat', no, kit.wechatCode()).ok).toBe(true);
    expect(await kit.wechat.query(no)).toMatchObject({ status: 'SUCCESS', amountFen: 880 });
  });

  it('refuses to pay an Alipay code through the WeChat client', async () => {
    const r = await kit.wechat.pay({ channel: 'alipay', outTradeNo: orderNo(), authCode: kit.alipayCode(), amountFen: 1, subject: 'x' });
    expect(r).toMatchObject({ status: 'FAIL', errCode: 'WRONG_CHANNEL' });
  });
});
