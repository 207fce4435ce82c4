/**
 * The simulator against what merchants' own apps send (issue #10 item 4), from the outside:
 * the official alipay-sdk (v4) including its GET form, GET query strings built as the Java
 * SDK builds them (UTF-8 and GBK), WeChat XML posted by curl (also as PHP's curl posts it:
 * form-typed), the vendor's own ids alone, the merchant's own ids and keys through the real
 * `posdesk gateway-sim` process. No PosDesk client is used to talk to the simulator here.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { AlipaySdk } from 'alipay-sdk';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliUsageError, runGatewaySim } from './cli';
import { type GatewaySim, SIM_ALIPAY_APP_ID, SIM_WECHAT_MERCHANT, startGatewaySim } from './server';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '../../..');

let dir: string;
const sims: GatewaySim[] = [];
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'posdesk-merchant-'));
});
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const rsaPair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

/** The merchant's own app: its key pair, as Alipay's key tool gives it. */
const APP = rsaPair();
/** What the key tool shows / writes to 应用公钥2048.txt: the bare base64 body, one line. */
const APP_PUBLIC_BARE = APP.publicKey.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

async function startSim(opts: Parameters<typeof startGatewaySim>[0] = {}) {
  const sim = await startGatewaySim({ port: 0, rules: { reverseMinDelayMs: 0 }, alipay: { appPublicKey: APP.publicKey }, ...opts });
  sims.push(sim);
  return sim;
}

const alipaySdk = (sim: GatewaySim, appId = sim.alipay.appId) =>
  new AlipaySdk({ appId, privateKey: APP.privateKey, alipayPublicKey: sim.alipay.alipayPublicKey, gateway: sim.alipay.gateway, keyType: 'PKCS8', camelcase: false });

type Answer = Record<string, unknown>;
const exec = async (sdk: AlipaySdk, method: string, bizContent: Record<string, string>): Promise<Answer> =>
  (await sdk.exec(method, { bizContent }, { validateSign: true })) as Answer;

let codeSeq = 0;
const alipayCode = () => `2834000000${String(++codeSeq).padStart(8, '0')}`;
const wechatCode = () => `1334000000${String(++codeSeq).padStart(8, '0')}`;

// ---- Alipay GET as the Java SDK builds it --------------------------------------------

/** java.net.URLEncoder over the charset's bytes: unreserved [A-Za-z0-9.-*_], space as '+'. */
function javaUrlEncode(value: string, charset: string): string {
  let out = '';
  for (const b of iconv.encode(value, charset)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * DefaultAlipayClient.pageExecute(request, "GET"): every parameter in the URL; the sign
 * content is AlipaySignature.getSignContent (sorted, non-empty values, k=v&…) signed over
 * content.getBytes(charset).
 */
function javaStyleGetUrl(gateway: string, appId: string, method: string, biz: Record<string, string>, charset = 'utf-8'): string {
  const params: Record<string, string> = {
    app_id: appId,
    method,
    format: 'json',
    charset,
    sign_type: 'RSA2',
    timestamp: '2024-01-02 10:00:00',
    version: '1.0',
    biz_content: JSON.stringify(biz),
  };
  const content = Object.keys(params)
    .sort()
    .filter((k) => params[k])
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  params.sign = createSign('RSA-SHA256').update(iconv.encode(content, charset)).sign(APP.privateKey, 'base64');
  return `${gateway}?${Object.entries(params)
    .map(([k, v]) => `${k}=${javaUrlEncode(v, charset)}`)
    .join('&')}`;
}

/** Reads an Alipay answer as the Java SDK does: decode by the charset, verify the `<key>` object's text in that charset. */
async function verifiedAnswer(res: Response, key: string, alipayPublicKey: string, charset = 'utf-8'): Promise<Answer> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')?.toLowerCase()).toContain(`charset=${charset.toLowerCase()}`);
  const text = iconv.decode(Buffer.from(await res.arrayBuffer()), charset);
  const start = text.indexOf(`"${key}":`) + key.length + 3;
  const end = text.lastIndexOf(',"sign"');
  const signed = text.slice(start, end);
  const { sign } = JSON.parse(text) as { sign: string };
  expect(createVerify('RSA-SHA256').update(iconv.encode(signed, charset)).verify(alipayPublicKey, sign, 'base64')).toBe(true);
  return JSON.parse(signed) as Answer;
}

// ---- WeChat XML as a merchant's code builds it, posted with curl -------------------------

/** WeChat's documented MD5 signature (签名算法), written out here rather than taken from our codec. */
function wxSign(fields: Record<string, string>, key: string): string {
  const text = `${Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&')}&key=${key}`;
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

interface WxMerchant {
  appId: string;
  mchId: string;
  apiKey: string;
}

/** Posts signed XML with curl. `form` sends it as PHP's curl does (application/x-www-form-urlencoded). */
async function wxCurl(base: string, path: string, m: WxMerchant, fields: Record<string, string>, form = false): Promise<Record<string, string>> {
  const all: Record<string, string> = { appid: m.appId, mch_id: m.mchId, nonce_str: `n${++codeSeq}abcdefghij`, ...fields };
  all.sign = wxSign(all, m.apiKey);
  const xml = `<xml>${Object.entries(all)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('')}</xml>`;
  const args = form ? ['-d', xml] : ['-H', 'Content-Type: text/xml', '--data-binary', xml];
  const { stdout } = await run('curl', ['-sS', '--max-time', '10', ...args, `${base}${path}`]);
  const out: Record<string, string> = {};
  for (const m2 of stdout.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) {
    if (m2[1] !== 'xml' && m2[1]) out[m2[1]] = m2[2] ?? m2[3] ?? '';
  }
  if (out.return_code === 'SUCCESS') expect(out.sign).toBe(wxSign(out, m.apiKey));
  return out;
}

// ---- Alipay ------------------------------------------------------------------------------

describe('Alipay /gateway.do answers GET as well as POST, signatures checked both ways', () => {
  it('alipay-sdk v4: pay by POST (exec), then alipay.trade.query by its GET form (pageExecute → URL)', async () => {
    const sim = await startSim();
    const sdk = alipaySdk(sim);
    const paid = await exec(sdk, 'alipay.trade.pay', { out_trade_no: 'G1', scene: 'bar_code', auth_code: alipayCode(), subject: 'x', total_amount: '12.30' });
    expect(paid).toMatchObject({ code: '10000', out_trade_no: 'G1', total_amount: '12.30' });

    const url = sdk.pageExecute('alipay.trade.query', 'GET', { bizContent: { trade_no: String(paid.trade_no) } });
    expect(url.startsWith(`${sim.alipay.gateway}?`)).toBe(true);
    const res = await fetch(url);
    const raw = await res.text();
    const body = JSON.parse(raw) as { alipay_trade_query_response: Answer; sign: string };
    // The SDK's own answer check (throws when the signature does not verify).
    sdk.checkResponseSign(raw, 'alipay_trade_query_response', body.sign, 'test');
    expect(body.alipay_trade_query_response).toMatchObject({ code: '10000', trade_no: paid.trade_no, out_trade_no: 'G1', trade_status: 'TRADE_SUCCESS', total_amount: '12.30' });
  });

  it('a GET built as the Java SDK builds it (everything in the URL, URLEncoder) works; a tampered one is isv.invalid-signature', async () => {
    const sim = await startSim();
    const payUrl = javaStyleGetUrl(sim.alipay.gateway, sim.alipay.appId, 'alipay.trade.pay', {
      out_trade_no: 'J1',
      scene: 'bar_code',
      auth_code: alipayCode(),
      subject: 'Java demo *_-.',
      total_amount: '5.00',
    });
    const paid = await verifiedAnswer(await fetch(payUrl), 'alipay_trade_pay_response', sim.alipay.alipayPublicKey);
    expect(paid).toMatchObject({ code: '10000', out_trade_no: 'J1' });
    expect(sim.control.trade('alipay', 'J1')?.subject).toBe('Java demo *_-.');

    const tampered = payUrl.replace('total_amount%22%3A%225.00', 'total_amount%22%3A%220.01');
    expect(tampered).not.toBe(payUrl);
    const refused = await verifiedAnswer(await fetch(tampered), 'alipay_trade_pay_response', sim.alipay.alipayPublicKey);
    expect(refused).toMatchObject({ code: '40002', sub_code: 'isv.invalid-signature' });
    expect(sim.control.trades()).toHaveLength(1);
  });

  it('charset=GBK: GBK percent-encoding is read, the signature is over GBK bytes, and so is the answer', async () => {
    const sim = await startSim();
    const url = javaStyleGetUrl(
      sim.alipay.gateway,
      sim.alipay.appId,
      'alipay.trade.pay',
      { out_trade_no: 'K1', scene: 'bar_code', auth_code: alipayCode(), subject: '加油 92# 汽油', total_amount: '200.00' },
      'GBK',
    );
    expect(url).toContain('subject%22%3A%22%BC%D3%D3%CD+92%23'); // 加油 in GBK, not UTF-8
    const paid = await verifiedAnswer(await fetch(url), 'alipay_trade_pay_response', sim.alipay.alipayPublicKey, 'GBK');
    expect(paid).toMatchObject({ code: '10000', out_trade_no: 'K1', total_amount: '200.00' });
    expect(sim.control.trade('alipay', 'K1')?.subject).toBe('加油 92# 汽油');
    // An error's Chinese text travels in GBK too, signed as such.
    const again = javaStyleGetUrl(sim.alipay.gateway, sim.alipay.appId, 'alipay.trade.query', { trade_no: '2024010222001999999999999999' }, 'GBK');
    expect(await verifiedAnswer(await fetch(again), 'alipay_trade_query_response', sim.alipay.alipayPublicKey, 'GBK')).toMatchObject({
      sub_code: 'ACQ.TRADE_NOT_EXIST',
      sub_msg: '交易不存在',
    });
    const latin = javaStyleGetUrl(sim.alipay.gateway, sim.alipay.appId, 'alipay.trade.query', { out_trade_no: 'K1' }, 'ISO-8859-1');
    expect(await verifiedAnswer(await fetch(latin), 'alipay_trade_query_response', sim.alipay.alipayPublicKey)).toMatchObject({
      code: '40002',
      sub_code: 'isv.invalid-charset',
    });
  });
});

describe('Alipay query / cancel / refund by trade_no alone (二选一, trade_no first)', () => {
  it('each call takes the vendor id alone; both given → trade_no wins; neither → ACQ.INVALID_PARAMETER 参数无效', async () => {
    const sim = await startSim();
    const sdk = alipaySdk(sim);
    const pay = (no: string) => exec(sdk, 'alipay.trade.pay', { out_trade_no: no, scene: 'bar_code', auth_code: alipayCode(), subject: 'x', total_amount: '10.00' });
    const a = await pay('A1');
    const b = await pay('B1');
    const tradeA = String(a.trade_no);
    const tradeB = String(b.trade_no);

    expect(await exec(sdk, 'alipay.trade.query', { trade_no: tradeA })).toMatchObject({ code: '10000', out_trade_no: 'A1', trade_status: 'TRADE_SUCCESS' });
    // Another trade's out_trade_no beside it: Alipay takes its own id.
    expect(await exec(sdk, 'alipay.trade.query', { trade_no: tradeA, out_trade_no: 'B1' })).toMatchObject({ out_trade_no: 'A1', trade_no: tradeA });
    // Blank fields as some SDKs serialise unset ones.
    expect(await exec(sdk, 'alipay.trade.query', { trade_no: '', out_trade_no: 'B1' })).toMatchObject({ out_trade_no: 'B1' });

    const refund = await exec(sdk, 'alipay.trade.refund', { trade_no: tradeA, refund_amount: '3.00', out_request_no: 'RA1' });
    expect(refund).toMatchObject({ code: '10000', trade_no: tradeA, out_trade_no: 'A1', refund_fee: '3.00', fund_change: 'Y' });
    expect(sim.control.trade('alipay', 'A1')?.refunds.map((r) => r.refundFen)).toEqual([300]);

    expect(await exec(sdk, 'alipay.trade.cancel', { trade_no: tradeB })).toMatchObject({ code: '10000', trade_no: tradeB, out_trade_no: 'B1', action: 'refund', retry_flag: 'N' });
    expect(sim.control.trade('alipay', 'B1')?.state).toBe('REVOKED');

    const neither = { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.INVALID_PARAMETER', sub_msg: '参数无效' };
    expect(await exec(sdk, 'alipay.trade.query', {})).toEqual(neither);
    expect(await exec(sdk, 'alipay.trade.refund', { refund_amount: '1.00' })).toEqual(neither);
    expect(await exec(sdk, 'alipay.trade.cancel', { trade_no: '', out_trade_no: '' })).toEqual({ ...neither, retry_flag: 'N' });

    // A trade_no Alipay never issued is an unknown trade, for cancel too (not "closed").
    const unknown = { sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' };
    expect(await exec(sdk, 'alipay.trade.query', { trade_no: '2024010222001000000000000000', out_trade_no: 'A1' })).toMatchObject(unknown);
    expect(await exec(sdk, 'alipay.trade.cancel', { trade_no: '2024010222001000000000000000' })).toMatchObject(unknown);
    expect(await exec(sdk, 'alipay.trade.refund', { trade_no: '2024010222001000000000000000', refund_amount: '1.00' })).toMatchObject(unknown);
  });
});

// ---- WeChat ------------------------------------------------------------------------------

describe('WeChat orderquery / reverse / refund by transaction_id alone (二选一, transaction_id first)', () => {
  it('each call takes the vendor id alone; both given → transaction_id wins; neither → PARAM_ERROR 参数错误', async () => {
    const sim = await startSim();
    const m = SIM_WECHAT_MERCHANT;
    const pay = (no: string) => wxCurl(sim.url, '/pay/micropay', m, { out_trade_no: no, total_fee: '1000', auth_code: wechatCode(), body: 'x', spbill_create_ip: '127.0.0.1' });
    const a = await pay('WA1');
    const b = await pay('WB1');
    expect(a).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', out_trade_no: 'WA1' });
    const txA = a.transaction_id ?? '';
    const txB = b.transaction_id ?? '';

    expect(await wxCurl(sim.url, '/pay/orderquery', m, { transaction_id: txA })).toMatchObject({ result_code: 'SUCCESS', trade_state: 'SUCCESS', out_trade_no: 'WA1', transaction_id: txA });
    expect(await wxCurl(sim.url, '/pay/orderquery', m, { transaction_id: txA, out_trade_no: 'WB1' })).toMatchObject({ out_trade_no: 'WA1' });
    // <transaction_id></transaction_id>: blank is absent.
    expect(await wxCurl(sim.url, '/pay/orderquery', m, { transaction_id: '', out_trade_no: 'WB1' })).toMatchObject({ out_trade_no: 'WB1', transaction_id: txB });

    const refund = await wxCurl(sim.url, '/secapi/pay/refund', m, { transaction_id: txA, out_refund_no: 'WR1', total_fee: '1000', refund_fee: '250' });
    expect(refund).toMatchObject({ result_code: 'SUCCESS', transaction_id: txA, out_trade_no: 'WA1', refund_fee: '250' });
    expect(await wxCurl(sim.url, '/pay/orderquery', m, { transaction_id: txA })).toMatchObject({ trade_state: 'REFUND' });

    expect(await wxCurl(sim.url, '/secapi/pay/reverse', m, { transaction_id: txB })).toMatchObject({ result_code: 'SUCCESS', recall: 'N', out_trade_no: 'WB1', transaction_id: txB });
    expect(sim.control.trade('wechat', 'WB1')?.state).toBe('REVOKED');

    const neither = { return_code: 'SUCCESS', result_code: 'FAIL', err_code: 'PARAM_ERROR', err_code_des: '参数错误' };
    expect(await wxCurl(sim.url, '/pay/orderquery', m, {})).toMatchObject(neither);
    expect(await wxCurl(sim.url, '/pay/orderquery', m, { transaction_id: '', out_trade_no: '' })).toMatchObject(neither);
    expect(await wxCurl(sim.url, '/secapi/pay/reverse', m, {})).toMatchObject({ ...neither, recall: 'N' });
    expect(await wxCurl(sim.url, '/secapi/pay/refund', m, { out_refund_no: 'WR9', total_fee: '1000', refund_fee: '1' })).toMatchObject(neither);

    const bogus = '4200000999202401020000000000';
    expect(await wxCurl(sim.url, '/pay/orderquery', m, { transaction_id: bogus, out_trade_no: 'WA1' })).toMatchObject({ err_code: 'ORDERNOTEXIST' });
    expect(await wxCurl(sim.url, '/secapi/pay/reverse', m, { transaction_id: bogus })).toMatchObject({ err_code: 'INVALID_TRANSACTIONID', err_code_des: '无效transaction_id' });
    expect(await wxCurl(sim.url, '/secapi/pay/refund', m, { transaction_id: bogus, out_refund_no: 'WR8', total_fee: '1000', refund_fee: '1' })).toMatchObject({
      err_code: 'INVALID_TRANSACTIONID',
    });
  });

  it('XML posted form-typed, as PHP curl (and WeChat’s own PHP SDK) sends it, is read as XML', async () => {
    const sim = await startSim();
    const paid = await wxCurl(sim.url, '/pay/micropay', SIM_WECHAT_MERCHANT, { out_trade_no: 'PHP1', total_fee: '100', auth_code: wechatCode(), body: 'x' }, true);
    expect(paid).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS' });
    expect(await wxCurl(sim.url, '/pay/orderquery', SIM_WECHAT_MERCHANT, { transaction_id: paid.transaction_id ?? '' }, true)).toMatchObject({ trade_state: 'SUCCESS' });
  });
});

// ---- the merchant's own identity and keys --------------------------------------------------

const OWN = { wechatAppId: 'wx8888888888888888', mchId: '1900000109', wechatKey: 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6', alipayAppId: '2021004100000042' };

interface SimProcess {
  child: ChildProcess;
  lines: string[];
  url: string;
}

/** `posdesk gateway-sim …` as its own process (main/cli.ts under tsx), waiting for the listening line. */
async function spawnCli(args: string[]): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'gateway-sim', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway-sim did not start: ${stderr}`)), 20_000);
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (l) => {
        lines.push(l);
        const m = /^gateway-sim listening on (\S+)$/.exec(l);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1]);
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway-sim exited (${code}): ${stderr}`));
    });
  });
  // The lines after the first are printed in the same tick; give readline a moment.
  await new Promise((r) => setTimeout(r, 100));
  return { child, lines, url };
}

const stop = (p: SimProcess) =>
  new Promise<number | null>((done) => {
    p.child.once('exit', (code) => done(code));
    p.child.kill('SIGTERM');
  });

const snapshot = (d: string) => Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(join(d, f), 'utf8')]));

describe('the merchant’s own ids and keys, through the real posdesk gateway-sim process', () => {
  it('--wechat-appid/--wechat-mchid/--alipay-appid and a keys dir with only the merchant’s public key: used as they are, never overwritten', async () => {
    const keysDir = join(dir, 'keys');
    mkdirSync(keysDir);
    // The merchant brings its 应用公钥 as the key tool wrote it, and its own WeChat API key.
    writeFileSync(join(keysDir, 'alipay-app-public.pem'), `${APP_PUBLIC_BARE}\n`);
    writeFileSync(join(keysDir, 'wechat-api-key.txt'), `${OWN.wechatKey}\n`);
    const before = snapshot(keysDir);

    const args = ['--port', '0', '--keys-dir', keysDir, '--wechat-appid', OWN.wechatAppId, '--wechat-mchid', OWN.mchId, '--alipay-appid', OWN.alipayAppId];
    const first = await spawnCli(args);
    expect(first.lines.join('\n')).toContain(`appid=${OWN.wechatAppId} mch_id=${OWN.mchId}`);
    expect(first.lines.join('\n')).toContain(`app_id=${OWN.alipayAppId}`);
    expect(first.lines.join('\n')).toContain('created alipay-platform-private.pem, alipay-platform-public.pem');
    expect(first.lines.join('\n')).not.toContain('PRIVATE KEY');

    const after = snapshot(keysDir);
    // The merchant's files byte for byte; no app private key made up; the platform pair added.
    expect(after['alipay-app-public.pem']).toBe(before['alipay-app-public.pem']);
    expect(after['wechat-api-key.txt']).toBe(before['wechat-api-key.txt']);
    expect(Object.keys(after).sort()).toEqual(['alipay-app-public.pem', 'alipay-platform-private.pem', 'alipay-platform-public.pem', 'wechat-api-key.txt']);
    const alipayPublicKey = after['alipay-platform-public.pem'] ?? '';

    // The merchant's app, unchanged but for the gateway URL.
    const gateway = `${first.url}/gateway.do`;
    const sdk = new AlipaySdk({ appId: OWN.alipayAppId, privateKey: APP.privateKey, alipayPublicKey, gateway, keyType: 'PKCS8', camelcase: false });
    const paid = await exec(sdk, 'alipay.trade.pay', { out_trade_no: 'M1', scene: 'bar_code', auth_code: alipayCode(), subject: '门店消费', total_amount: '8.80' });
    expect(paid).toMatchObject({ code: '10000', out_trade_no: 'M1' });
    const getUrl = sdk.pageExecute('alipay.trade.query', 'GET', { bizContent: { trade_no: String(paid.trade_no) } });
    expect(await verifiedAnswer(await fetch(getUrl), 'alipay_trade_query_response', alipayPublicKey)).toMatchObject({ trade_status: 'TRADE_SUCCESS', out_trade_no: 'M1' });
    // Another APPID is refused as Alipay refuses it.
    const stranger = new AlipaySdk({ appId: SIM_ALIPAY_APP_ID, privateKey: APP.privateKey, alipayPublicKey, gateway, keyType: 'PKCS8', camelcase: false });
    expect(await exec(stranger, 'alipay.trade.query', { out_trade_no: 'M1' })).toMatchObject({
      code: '40002',
      msg: 'Invalid Arguments',
      sub_code: 'isv.invalid-app-id',
      sub_msg: '无效的AppID参数',
    });

    const own: WxMerchant = { appId: OWN.wechatAppId, mchId: OWN.mchId, apiKey: OWN.wechatKey };
    const wx = await wxCurl(first.url, '/pay/micropay', own, { out_trade_no: 'MW1', total_fee: '880', auth_code: wechatCode(), body: '门店消费' });
    expect(wx).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', appid: OWN.wechatAppId, mch_id: OWN.mchId });
    // The sample merchant's ids are strangers now; WeChat answers them with return_code FAIL.
    expect(await wxCurl(first.url, '/pay/orderquery', { ...own, appId: SIM_WECHAT_MERCHANT.appId }, { out_trade_no: 'MW1' })).toEqual({ return_code: 'FAIL', return_msg: 'appid不存在' });
    expect(await wxCurl(first.url, '/pay/orderquery', { ...own, mchId: SIM_WECHAT_MERCHANT.mchId }, { out_trade_no: 'MW1' })).toEqual({
      return_code: 'FAIL',
      return_msg: '商户号mch_id或sub_mch_id不存在',
    });
    expect(await stop(first)).toBe(0);

    // A restart reads everything as it is: nothing created, nothing changed.
    const second = await spawnCli(args);
    expect(second.lines.join('\n')).toContain('all read as they are');
    expect(snapshot(keysDir)).toEqual(after);
    const again = new AlipaySdk({ appId: OWN.alipayAppId, privateKey: APP.privateKey, alipayPublicKey, gateway: `${second.url}/gateway.do`, keyType: 'PKCS8', camelcase: false });
    expect(await exec(again, 'alipay.trade.query', { trade_no: String(paid.trade_no) })).toMatchObject({ code: '40004', sub_code: 'ACQ.TRADE_NOT_EXIST' });
    expect(await stop(second)).toBe(0);
  });

  it('--config sim.json: the flags’ names as keys, paths next to the file, flags win; typos and bad ids refused', async () => {
    mkdirSync(join(dir, 'conf'));
    const config = join(dir, 'conf', 'sim.json');
    writeFileSync(
      config,
      JSON.stringify({ port: 0, 'wechat-appid': OWN.wechatAppId, 'wechat-mchid': 1900000109, 'alipay-appid': OWN.alipayAppId, 'alipay-pid': '2088102177000042', 'keys-dir': 'keys' }),
    );
    const lines: string[] = [];
    const sim = await runGatewaySim(['--config', config, '--wechat-mchid', '1900000110'], { out: (l) => lines.push(l), handleSignals: false });
    sims.push(sim);
    expect(sim.wechat).toMatchObject({ appId: OWN.wechatAppId, mchId: '1900000110', apiKey: SIM_WECHAT_MERCHANT.apiKey });
    expect(sim.alipay).toMatchObject({ appId: OWN.alipayAppId, pid: '2088102177000042' });
    expect(existsSync(join(dir, 'conf', 'keys', 'alipay-app-public.pem'))).toBe(true);

    writeFileSync(config, JSON.stringify({ 'wechat-app-id': 'wx1' }));
    await expect(runGatewaySim(['--config', config], { out: () => {}, handleSignals: false })).rejects.toThrow(/wechat-app-id/);
    await expect(runGatewaySim(['--alipay-appid', 'wx8888888888888888'], { out: () => {}, handleSignals: false })).rejects.toThrow(CliUsageError);
    await expect(runGatewaySim(['--alipay-pid', '1234'], { out: () => {}, handleSignals: false })).rejects.toThrow(/2088/);
  });
});

describe('keys dir: what cannot be used as it is is refused with a reason, and left alone', () => {
  const start = (keysDir: string) => runGatewaySim(['--port', '0', '--keys-dir', keysDir], { out: () => {}, handleSignals: false });

  it('the platform public key without its private half', async () => {
    const keysDir = join(dir, 'k1');
    mkdirSync(keysDir);
    writeFileSync(join(keysDir, 'alipay-platform-public.pem'), rsaPair().publicKey);
    const before = snapshot(keysDir);
    await expect(start(keysDir)).rejects.toThrow(/alipay-platform-private\.pem/);
    // Nothing written, not even the app pair that would have been made.
    expect(snapshot(keysDir)).toEqual(before);
  });

  it('an app private key that is not the public key’s other half', async () => {
    const keysDir = join(dir, 'k2');
    mkdirSync(keysDir);
    writeFileSync(join(keysDir, 'alipay-app-public.pem'), APP.publicKey);
    writeFileSync(join(keysDir, 'alipay-app-private.pem'), rsaPair().privateKey);
    const before = snapshot(keysDir);
    await expect(start(keysDir)).rejects.toThrow(/not the private half/);
    expect(snapshot(keysDir)).toEqual(before);
  });

  it('a public key that is not an RSA-2048 key, and a WeChat key that is not one', async () => {
    const k3 = join(dir, 'k3');
    mkdirSync(k3);
    writeFileSync(join(k3, 'alipay-app-public.pem'), 'not a key');
    await expect(start(k3)).rejects.toThrow(/应用公钥/);
    const k4 = join(dir, 'k4');
    mkdirSync(k4);
    writeFileSync(join(k4, 'wechat-api-key.txt'), '\n');
    await expect(start(k4)).rejects.toThrow(/32 letters and digits/);
  });

  it('a PEM app public key alone is used by the in-process simulator too, byte for byte', async () => {
    const keysDir = join(dir, 'k5');
    mkdirSync(keysDir);
    writeFileSync(join(keysDir, 'alipay-app-public.pem'), APP.publicKey);
    const sim = await start(keysDir);
    sims.push(sim);
    expect(readFileSync(join(keysDir, 'alipay-app-public.pem'), 'utf8')).toBe(APP.publicKey);
    expect(existsSync(join(keysDir, 'alipay-app-private.pem'))).toBe(false);
    expect(sim.alipay.appPrivateKey).toBeUndefined();
    const sdk = new AlipaySdk({
      appId: sim.alipay.appId,
      privateKey: APP.privateKey,
      alipayPublicKey: readFileSync(join(keysDir, 'alipay-platform-public.pem'), 'utf8'),
      gateway: sim.alipay.gateway,
      keyType: 'PKCS8',
      camelcase: false,
    });
    expect(await exec(sdk, 'alipay.trade.pay', { out_trade_no: 'P5', scene: 'bar_code', auth_code: alipayCode(), subject: 'x', total_amount: '1.00' })).toMatchObject({ code: '10000' });
  });
});
