/**
 * Merchant credentials end to end, with real parts: a core on a real SQLite file, the
 * merchant's "WeChat Pay" being a second gateway simulator behind a real HTTPS server that
 * demands a client certificate (as api.mch.weixin.qq.com does for secapi/*), certificates
 * issued by openssl, and the credentials sealed in a real key file.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDay } from '../../drivers/shared/store-time';
import type { CallOutput, ChannelSettings, Order, ReconResult } from '../../preload/contract';

type PayResult = CallOutput<'checkout.pay'>;
import { makeTestCerts, type TestCerts } from '../../test/helpers/test-certs';
import { tempDir } from '../../test/helpers/temp-dir';
import { type Core, createCore } from '../app';
import { loadConfig } from '../config';
import { CREDENTIALS_FILE } from './credentials';
import { type GatewaySim, startGatewaySim } from './gateway-sim/server';
import { keyFileBox } from './secret-box';

const MERCHANT = { appId: 'wx2421b1c4370ec43b', mchId: '1900000109', apiKey: 'Zq3N8vR2kT6wY1pL5sD9fH4jX7cB0mGa' };

let certs: TestCerts;
let vendor: GatewaySim;
let front: https.Server;
let frontUrl: string;
/** Common names of the client certificates the HTTPS front saw, per path. */
const seen: Array<{ path: string; clientCn: string }> = [];
let root: string;
const made: string[] = [];
const dataDir = () => {
  const d = tempDir();
  made.push(d);
  return d;
};

beforeAll(async () => {
  root = tempDir();
  certs = makeTestCerts();
  vendor = await startGatewaySim({ port: 0, wechat: MERCHANT, rules: { reverseMinDelayMs: 0 } });
  // TLS terminates here and the request goes on to the simulator: an unauthorised client
  // (no certificate, or one the CA did not sign) never gets past the handshake.
  front = https.createServer({ key: certs.serverKeyPem, cert: certs.serverCertPem, ca: certs.caPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    seen.push({ path: req.url ?? '', clientCn: String(peer.subject?.CN ?? '') });
    const up = http.request(`${vendor.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontUrl = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
  fs.writeFileSync(path.join(root, 'ca.pem'), certs.caPem);
});

afterAll(async () => {
  await new Promise((resolve) => front.close(resolve));
  await vendor.close();
  for (const d of [root, ...made]) fs.rmSync(d, { recursive: true, force: true });
});

async function core(dataDir: string, keyFile = path.join(root, 'secret.key')): Promise<Core> {
  const config = loadConfig(['--data-dir', dataDir, '--port', '0', '--qr-time-scale', '0.01', '--sim-stage-delay-ms', '0', '--channel-ca', path.join(root, 'ca.pem')], {});
  return createCore(config, { mode: 'headless', secretBox: keyFileBox(keyFile) });
}

async function call<T>(c: Core, name: string, input: unknown): Promise<T> {
  const r = await c.dispatch(name, input);
  if (!r.ok) throw new Error(`${r.error.code}${r.error.field ? ` [${r.error.field}]` : ''}: ${r.error.message}`);
  return r.result as T;
}

/** The store's business day (Beijing time), as statements count it. */
const beijingDay = () => storeDay(Date.now());

let codeSeq = 0;
const wechatCode = () => `13${String(Date.now() % 1e10).padStart(10, '0')}${String(++codeSeq).padStart(6, '0')}`;

async function sellWater(c: Core): Promise<PayResult> {
  await call(c, 'cart.scan', { code: '6901234000016' });
  return call<PayResult>(c, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode() });
}

/** Every byte PosDesk wrote under its data directory (SQLite file, WAL, logs, sealed file). */
function everythingOnDisk(dir: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else parts.push(fs.readFileSync(p));
    }
  };
  walk(dir);
  return Buffer.concat(parts);
}

describe('merchant credentials (settings → sealed file → the merchant\'s own WeChat Pay over mutual TLS, and Alipay app)', () => {
  it('a fresh install pays through the embedded simulator; settings say so and hold no secret', async () => {
    const dir = dataDir();
    const c = await core(dir);
    try {
      const s = await call<ChannelSettings>(c, 'settings.channels', {});
      expect(s).toMatchObject({ protection: 'key-file', problem: null, wechat: { source: 'sim', secretHint: null }, alipay: { source: 'sim', secretHint: null } });
    } finally {
      await c.close();
    }
  });

  it('a bad payload names the field and writes nothing', async () => {
    const dir = dataDir();
    const c = await core(dir);
    try {
      const r = await c.dispatch('settings.setChannel', { channel: 'wechat', credentials: { ...MERCHANT, apiKey: 'short' } });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(!r.ok && `${r.error.field} ${r.error.message}`).toMatch(/apiKey.*32 letters and digits/);
      const stray = await c.dispatch('settings.setChannel', { channel: 'wechat', credentials: { ...MERCHANT, baseUrl: 'http://10.0.0.5/' } });
      expect(!stray.ok && stray.error.message).toMatch(/https, or http to 127.0.0.1 only/);
      const mismatch = await c.dispatch('settings.setChannel', { channel: 'wechat', credentials: { ...MERCHANT, baseUrl: frontUrl, certPem: certs.clientCertPem, keyPem: certs.strayKeyPem } });
      expect(mismatch).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'credentials' } });
      expect(fs.existsSync(path.join(dir, CREDENTIALS_FILE))).toBe(false);
    } finally {
      await c.close();
    }
  });

  it('saved credentials take effect at once, survive a restart, reach the vendor with the client certificate, and never touch the disk in clear', async () => {
    const dir = dataDir();
    let c = await core(dir);
    try {
      const before = vendor.control.trades().length;
      const s = await call<ChannelSettings>(c, 'settings.setChannel', {
        channel: 'wechat',
        credentials: { ...MERCHANT, baseUrl: frontUrl, certPem: certs.clientCertPem, keyPem: certs.clientKeyPem },
      });
      expect(s.wechat).toMatchObject({ source: 'merchant', endpoint: frontUrl, merchant: MERCHANT.mchId, secretHint: `…${MERCHANT.apiKey.slice(-4)}` });
      expect(s.wechat.clientCert?.subject).toContain('PosDesk Demo Store');
      expect(s.alipay.source).toBe('sim'); // the other wallet is untouched
      expect(JSON.stringify(s)).not.toContain(MERCHANT.apiKey);

      // A sale now goes to the merchant's gateway, not the simulator, and is refunded there
      // through secapi (the call that needs the certificate).
      const paid = await sellWater(c);
      expect(paid.payment.state).toBe('approved');
      expect(vendor.control.trades().length).toBe(before + 1);
      expect(c.sims.gateway?.control.trades()).toHaveLength(0);
      const refunded = await call<Order>(c, 'journal.refund', { orderNo: paid.order?.orderNo, paymentId: paid.payment.id, amountFen: 50 });
      expect(refunded.payments.find((p) => p.id === paid.payment.id)?.refundedFen).toBe(50);
      expect(seen.some((x) => x.path === '/secapi/pay/refund' && x.clientCn === 'PosDesk Demo Store')).toBe(true);

      await c.close();
      c = await core(dir);
      expect((await call<ChannelSettings>(c, 'settings.channels', {})).wechat.source).toBe('merchant');
      expect((await sellWater(c)).payment.state).toBe('approved');
      expect(vendor.control.trades().length).toBe(before + 2);

      // End of day: the WeChat statement is downloaded from the merchant's account (the two
      // sales and the refund are on it), Alipay's from the simulator; everything agrees.
      const recon = await call<ReconResult>(c, 'recon.run', { date: beijingDay(), source: 'gateway' });
      expect(recon.errors).toEqual([]);
      expect(recon.items.filter((i) => i.channel === 'wechat').map((i) => `${i.leg}:${i.category}`).sort()).toEqual(['payment:matched', 'payment:matched', 'refund:matched']);
      expect(recon.balanced).toBe(true);

      // Nothing PosDesk wrote holds the API key or the certificate's private key in clear.
      await c.close();
      const disk = everythingOnDisk(dir);
      expect(disk.includes(Buffer.from(MERCHANT.apiKey))).toBe(false);
      const keyLine = certs.clientKeyPem.split('\n')[3];
      expect(keyLine.length).toBeGreaterThan(40);
      expect(disk.includes(Buffer.from(keyLine))).toBe(false);
      expect(fs.statSync(path.join(dir, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);

      // Forgetting them puts the wallet back on the simulator and removes the file.
      c = await core(dir);
      const back = await call<ChannelSettings>(c, 'settings.setChannel', { channel: 'wechat', credentials: null });
      expect(back.wechat).toMatchObject({ source: 'sim', secretHint: null, clientCert: null });
      expect(fs.existsSync(path.join(dir, CREDENTIALS_FILE))).toBe(false);
    } finally {
      await c.close();
    }
  });

  it("the merchant's Alipay app: keys pasted as the key tool shows them (bare base64), a sale there, its bill downloaded", async () => {
    const own = await startGatewaySim({ port: 0, alipay: { appId: '2021000000000777' } });
    const dir = dataDir();
    const c = await core(dir);
    try {
      const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
      const s = await call<ChannelSettings>(c, 'settings.setChannel', {
        channel: 'alipay',
        credentials: { appId: own.alipay.appId, privateKey: bare(own.alipay.appPrivateKey ?? ''), alipayPublicKey: bare(own.alipay.alipayPublicKey), gateway: own.alipay.gateway },
      });
      expect(s.alipay).toMatchObject({ source: 'merchant', merchant: '2021000000000777', secretHint: expect.stringMatching(/^SHA256:[0-9a-f]{16}$/) });
      expect(s.wechat.source).toBe('sim');
      await call(c, 'cart.scan', { code: '6901234000016' });
      const paid = await call<PayResult>(c, 'checkout.pay', { tender: 'qrScan', authCode: `28${String(Date.now()).slice(-10)}${String(++codeSeq).padStart(4, '0')}` });
      expect(paid.payment).toMatchObject({ tender: 'alipay', state: 'approved' });
      expect(own.control.trades()).toHaveLength(1);
      const recon = await call<ReconResult>(c, 'recon.run', { date: beijingDay(), source: 'gateway' });
      expect(recon.errors).toEqual([]);
      expect(recon.items.filter((i) => i.channel === 'alipay').map((i) => i.category)).toEqual(['matched']);
    } finally {
      await c.close();
      await own.close();
    }
  });

  it('a merchant statement that cannot be downloaded is reported, and the day is not called balanced', async () => {
    const dir = dataDir();
    const c = await core(dir);
    try {
      await call(c, 'settings.setChannel', { channel: 'wechat', credentials: { ...MERCHANT, baseUrl: 'http://127.0.0.1:9' } });
      const recon = await call<ReconResult>(c, 'recon.run', { date: beijingDay(), source: 'gateway' });
      expect(recon.balanced).toBe(false);
      expect(recon.errors).toEqual([expect.objectContaining({ source: `wechat-${beijingDay()}.csv`, line: 0, message: expect.stringMatching(/^微信支付对账单未能下载：.* \/ WeChat Pay statement not downloaded: /) })]);
    } finally {
      await c.close();
    }
  });

  it('credentials that cannot be opened (the key file is gone) do not stop the counter: settings say why', async () => {
    const dir = dataDir();
    const keyFile = path.join(root, 'lost.key');
    let c = await core(dir, keyFile);
    await call(c, 'settings.setChannel', { channel: 'wechat', credentials: { ...MERCHANT, baseUrl: frontUrl } });
    await c.close();
    fs.rmSync(keyFile);
    c = await core(dir, keyFile);
    try {
      const s = await call<ChannelSettings>(c, 'settings.channels', {});
      expect(s.problem).toMatch(/^已保存的收款凭据无法打开，请重新填写 \/ saved channel credentials could not be opened: .*missing/);
      expect(s.wechat.source).toBe('sim');
      expect(fs.existsSync(keyFile)).toBe(false); // not silently replaced
      // Entering them again works and clears the problem.
      const again = await call<ChannelSettings>(c, 'settings.setChannel', { channel: 'wechat', credentials: { ...MERCHANT, baseUrl: frontUrl } });
      expect(again).toMatchObject({ problem: null, wechat: { source: 'merchant' } });
    } finally {
      await c.close();
    }
  });
});
