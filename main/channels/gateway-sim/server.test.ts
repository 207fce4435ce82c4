/**
 * The simulator as a process-level thing: SQLite persistence across restarts, seeded
 * determinism, the HTTP control API, malformed requests, and the CLI entry.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlipayClient } from '../alipay-client';
import { WechatClient } from '../wechat-client';
import { CliUsageError, runGatewaySim } from './cli';
import { type GatewaySim, startGatewaySim } from './server';
import { manualClock } from './sim-random';

let dir: string;
const sims: GatewaySim[] = [];
const start = async (...args: Parameters<typeof startGatewaySim>) => {
  const sim = await startGatewaySim(...args);
  sims.push(sim);
  return sim;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'posdesk-gwsim-'));
});
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const wxPay = (sim: GatewaySim, outTradeNo: string, authCode: string, amountFen = 1000) =>
  new WechatClient(sim.wechat).pay({ channel: 'wechat', outTradeNo, authCode, amountFen, subject: 'x' });

describe('persistence', () => {
  it('a restarted simulator still knows yesterday’s trades, refunds them, and issues new ids', async () => {
    const db = join(dir, 'sim.sqlite');
    const clock = manualClock(Date.UTC(2024, 0, 2, 2));
    const before = await start({ port: 0, clock, dbPath: db });
    const first = await wxPay(before, 'P1', '131111111111000001');
    expect(first.status).toBe('SUCCESS');
    await before.close();

    const again = await start({ port: 0, clock, dbPath: db });
    const wx = new WechatClient(again.wechat);
    expect(await wx.query('P1')).toMatchObject({ status: 'SUCCESS', transactionId: first.transactionId });
    expect((await wx.refund({ outTradeNo: 'P1', outRefundNo: 'R1', refundFen: 100, totalFen: 1000 })).status).toBe('REFUND');
    // The used code is still used; a new trade gets a new id.
    expect((await wxPay(again, 'P2', '131111111111000001')).errCode).toBe('AUTHCODEEXPIRE');
    const second = await wxPay(again, 'P3', '131111111111000002');
    expect(second.transactionId).not.toBe(first.transactionId);
    await again.close();

    const third = await start({ port: 0, clock, dbPath: db });
    expect(third.control.trade('wechat', 'P1')?.refunds).toHaveLength(1);
    expect(third.control.trades()).toHaveLength(2);
  });
});

describe('determinism', () => {
  it('the same seed and requests give the same ids', async () => {
    const run = async () => {
      const sim = await start({ port: 0, seed: 7, clock: manualClock(Date.UTC(2024, 0, 2, 2)) });
      const r = await wxPay(sim, 'D1', '132222222222000001');
      await sim.close();
      return r.transactionId;
    };
    const a = await run();
    expect(a).toBeTruthy();
    expect(await run()).toBe(a);
  });
});

describe('HTTP control API', () => {
  it('scripts the next outcome, a fault, rules and a scan over HTTP', async () => {
    const sim = await start({ port: 0 });
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/_sim/outcome', { outcome: 'NOT_ENOUGH' })).status).toBe(200);
    expect((await wxPay(sim, 'C1', '133333333333000001')).errCode).toBe('NOTENOUGH');
    expect((await post('/_sim/outcome', { outcome: 'NOPE' })).status).toBe(400);
    expect((await post('/_sim/fault', { kind: 'http500', api: 'pay' })).status).toBe(200);
    expect((await wxPay(sim, 'C2', '133333333333000002')).errCode).toBe('HTTP_500');
    const rules = await post('/_sim/rules', { userPayingMs: 1234 });
    expect(await rules.json()).toMatchObject({ userPayingMs: 1234 });
    expect((await post('/_sim/rules', { bogus: 1 })).status).toBe(400);
    const { qrCode } = await new WechatClient(sim.wechat).precreate({ outTradeNo: 'C3', amountFen: 100, subject: 'x' });
    expect(qrCode).toBeTruthy();
    expect((await post('/_sim/scan', { channel: 'wechat', outTradeNo: 'C3', payerCode: '133333333333000003' })).status).toBe(200);
    const trades = (await (await fetch(`${sim.url}/_sim/trades`)).json()) as { outTradeNo: string; state: string }[];
    expect(trades.map((t) => [t.outTradeNo, t.state])).toEqual([['C3', 'SUCCESS']]);
    expect((await post('/_sim/reset', {})).status).toBe(200);
    expect(sim.control.trades()).toHaveLength(0);
  });

  it('requires the token when one is set', async () => {
    const sim = await start({ port: 0, controlToken: 'sekret' });
    expect((await fetch(`${sim.url}/_sim/trades`)).status).toBe(401);
    expect((await fetch(`${sim.url}/_sim/trades`, { headers: { 'x-sim-token': 'sekret' } })).status).toBe(200);
  });
});

describe('malformed requests get the vendor’s error shape, never a crash', () => {
  it('WeChat: non-XML body, missing fields', async () => {
    const sim = await start({ port: 0 });
    const res = await fetch(`${sim.url}/pay/micropay`, { method: 'POST', body: 'not xml at all' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<return_code><![CDATA[FAIL]]></return_code>');
    const wx = new WechatClient(sim.wechat);
    const r = await wx.pay({ channel: 'wechat', outTradeNo: 'x'.repeat(40), authCode: '134444444444000001', amountFen: 1, subject: 'x' });
    expect(r).toMatchObject({ status: 'FAIL', errCode: 'PARAM_ERROR' });
  });

  it('Alipay: bad amounts are ACQ.INVALID_PARAMETER before anything is charged', async () => {
    const sim = await start({ port: 0 });
    const ali = new AlipayClient({
      appId: sim.alipay.appId,
      privateKey: sim.alipay.appPrivateKey ?? '',
      alipayPublicKey: sim.alipay.alipayPublicKey,
      gateway: sim.alipay.gateway,
    });
    const r = await ali.pay({ channel: 'alipay', outTradeNo: 'Z1', authCode: '284444444444000001', amountFen: 0, subject: 'x' });
    expect(r).toMatchObject({ status: 'FAIL', errCode: 'ACQ.INVALID_PARAMETER' });
    const res = await fetch(`${sim.url}/gateway.do?method=alipay.trade.pay`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ alipay_trade_pay_response: { code: '40002', sub_code: 'isv.invalid-app-id' } });
  });
});

describe('CLI entry', () => {
  it('starts with flags, writes keys (0600) without printing them, and stops', async () => {
    const lines: string[] = [];
    const keysDir = join(dir, 'keys');
    const sim = await runGatewaySim(['--port', '0', '--seed', '3', '--db', join(dir, 'cli.sqlite'), '--keys-dir', keysDir], {
      out: (l) => lines.push(l),
      handleSignals: false,
    });
    sims.push(sim);
    expect(lines[0]).toBe(`gateway-sim listening on ${sim.url}`);
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readdirSync(keysDir).sort()).toEqual([
      'alipay-app-private.pem',
      'alipay-app-public.pem',
      'alipay-platform-private.pem',
      'alipay-platform-public.pem',
      'wechat-api-key.txt',
    ]);
    expect(statSync(join(keysDir, 'alipay-app-private.pem')).mode & 0o777).toBe(0o600);
    const printed = lines.join('\n');
    expect(printed).not.toContain('PRIVATE KEY');
    expect(printed).not.toContain(sim.wechat.apiKey);
    expect((await wxPay(sim, 'CLI1', '135555555555000001')).status).toBe('SUCCESS');
  });

  it('refuses bad flags with the usage', async () => {
    await expect(runGatewaySim(['--port', 'abc'], { out: () => {}, handleSignals: false })).rejects.toThrow(CliUsageError);
    await expect(runGatewaySim(['--nope'], { out: () => {}, handleSignals: false })).rejects.toThrow(/usage: posdesk gateway-sim/);
  });
});
