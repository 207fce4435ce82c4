/**
 * The QR channel the counter uses, built from config:
 *   sim (default)          the gateway simulator embedded in this process on a loopback
 *                          port: a fresh install takes WeChat/Alipay payments with no set-up
 *   http://127.0.0.1:8780  an external gateway (e.g. `posdesk gateway-sim --keys-dir d`);
 *                          its WeChat merchant is the simulator's sample one and the Alipay
 *                          keys are read from --gateway-keys (the same dir)
 * A channel for which the merchant saved credentials (settings, credentials.ts) goes to its
 * vendor with them instead; they are passed to the clients here and never logged.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { Agent } from 'undici';
import type { AlipayCredentials, ChannelView, WechatCredentials } from '../../preload/contract';
import { ConfigError } from '../config';
import { AlipayClient } from './alipay-client';
import { ALIPAY_GATEWAY_PATH } from './defaults';
import { type GatewaySim, SIM_ALIPAY_APP_ID, SIM_WECHAT_MERCHANT, startGatewaySim } from './gateway-sim/server';
import { loadSimKeys, SIM_KEY_FILES } from './gateway-sim/sim-keys';
import { QrRouter } from './qr-router';
import { downloadStatements, type StatementDownload } from './statement-download';
import type { QrChannelClient } from './types';
import type { MerchantCredentials } from './credentials';
import { undiciTransport, WechatClient } from './wechat-client';

export interface ChannelConfig {
  gateway: string;
  /** For an external simulator: the directory its --keys-dir wrote the Alipay keys to. */
  keysDir?: string;
  /** Where the embedded simulator keeps its trades (survive a restart of the counter). */
  dataDir: string;
  timeoutMs?: number;
  /** The merchant's own credentials (settings): a channel that has them goes to its vendor. */
  credentials?: MerchantCredentials;
  /** Extra CA certificates (PEM text) trusted for the merchant's WeChat endpoint. */
  trustPem?: string;
}

export type ChannelRoute = Pick<ChannelView, 'source' | 'endpoint' | 'merchant'>;

export interface ChannelService {
  client: QrChannelClient;
  sim?: GatewaySim;
  url: string;
  /** Where each wallet's calls go now. */
  routes(): Record<'wechat' | 'alipay', ChannelRoute>;
  /** Puts a channel on the merchant's credentials, or (null) back on the simulator / --gateway. */
  applyCredentials(channel: 'wechat' | 'alipay', credentials: WechatCredentials | AlipayCredentials | null): void;
  /** Each wallet's T+1 statement for a day (YYYY-MM-DD), from wherever that wallet goes now. */
  statements(day: string): Promise<StatementDownload[]>;
  close(): Promise<void>;
}

/**
 * The embedded simulator's keys, made once and kept with the data (0600): generating two
 * 2048-bit RSA pairs costs most of a second at every start. The same directory rules as
 * `posdesk gateway-sim --keys-dir` (sim-keys.ts); the counter is the test client whose app
 * pair the simulator made, so it also reads the app's private key from there.
 */
function embeddedSimKeys(dir: string): { appPrivateKey: string; appPublicKey: string; alipayPrivateKey: string; alipayPublicKey: string } {
  const keys = loadSimKeys(dir, SIM_WECHAT_MERCHANT.apiKey);
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  return { ...keys, appPrivateKey: read(SIM_KEY_FILES.appPrivate), alipayPublicKey: read(SIM_KEY_FILES.platformPublic) };
}

/** What the counter needs from the directory `posdesk gateway-sim --keys-dir` wrote. */
function readKeys(dir: string): { appPrivateKey: string; alipayPublicKey: string; wechatApiKey: string } {
  const read = (name: string) => {
    const f = path.join(dir, name);
    if (!fs.existsSync(f)) throw new ConfigError(`--gateway-keys: ${f} is missing (start the simulator with --keys-dir ${dir})`);
    return fs.readFileSync(f, 'utf8').trim();
  };
  return {
    appPrivateKey: read(SIM_KEY_FILES.appPrivate),
    alipayPublicKey: read(SIM_KEY_FILES.platformPublic),
    wechatApiKey: read(SIM_KEY_FILES.wechatApiKey),
  };
}

/**
 * The client of a merchant's own WeChat Pay account; the client certificate rides on its
 * connections (secapi/* refuse a call without it). `trustPem` adds a private CA to the
 * public ones, for a gateway or bench behind its own certificate authority.
 */
export function merchantWechatClient(c: WechatCredentials, timeoutMs?: number, trustPem?: string): { client: WechatClient; close(): Promise<void> } {
  const cert = c.certPem && c.keyPem ? { cert: c.certPem, key: c.keyPem } : {};
  const trust = trustPem ? { ca: [...tls.rootCertificates, trustPem] } : {};
  const agent = c.certPem || trustPem ? new Agent({ connect: { ...cert, ...trust } }) : undefined;
  const client = new WechatClient({
    appId: c.appId,
    mchId: c.mchId,
    apiKey: c.apiKey,
    baseUrl: c.baseUrl,
    ...(agent ? { transport: undiciTransport(agent) } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  // Agent.close() lets calls under way finish, then drops the connections (and the key).
  return { client, close: async () => agent?.close() };
}

export function merchantAlipayClient(c: AlipayCredentials, timeoutMs?: number): AlipayClient {
  return new AlipayClient({ appId: c.appId, privateKey: c.privateKey, alipayPublicKey: c.alipayPublicKey, gateway: c.gateway, ...(timeoutMs ? { timeoutMs } : {}) });
}

/** --channel-ca: a PEM file of one or more CA certificates, checked now rather than at the first payment. */
export function readChannelCa(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`--channel-ca ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    new X509Certificate(text);
  } catch {
    throw new ConfigError(`--channel-ca ${file}: not a PEM certificate`);
  }
  return text;
}

type Fallback<C> = { client: C | undefined; route: ChannelRoute };

/** Where a channel goes when the merchant saved no credentials for it: the simulator or --gateway. */
async function fallbacks(cfg: ChannelConfig): Promise<{ wechat: Fallback<WechatClient>; alipay: Fallback<AlipayClient>; sim?: GatewaySim; url: string }> {
  const timeout = cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {};
  if (cfg.gateway === 'sim') {
    const keys = embeddedSimKeys(path.join(cfg.dataDir, 'gateway-sim-keys'));
    const sim = await startGatewaySim({
      host: '127.0.0.1',
      port: 0,
      dbPath: path.join(cfg.dataDir, 'gateway-sim.db'),
      alipay: { appPublicKey: keys.appPublicKey, alipayPrivateKey: keys.alipayPrivateKey },
    });
    return {
      sim,
      url: sim.url,
      wechat: { client: new WechatClient({ ...sim.wechat, ...timeout }), route: { source: 'sim', endpoint: sim.wechat.baseUrl, merchant: sim.wechat.mchId } },
      alipay: {
        client: new AlipayClient({ appId: sim.alipay.appId, privateKey: keys.appPrivateKey, alipayPublicKey: keys.alipayPublicKey, gateway: sim.alipay.gateway, ...timeout }),
        route: { source: 'sim', endpoint: sim.alipay.gateway, merchant: sim.alipay.appId },
      },
    };
  }
  if (!/^https?:\/\//.test(cfg.gateway)) throw new ConfigError(`--gateway ${cfg.gateway}: expected sim or an http(s) URL`);
  const base = cfg.gateway.replace(/\/$/, '');
  const keys = cfg.keysDir ? readKeys(cfg.keysDir) : undefined;
  const wechat = new WechatClient({ ...SIM_WECHAT_MERCHANT, ...(keys ? { apiKey: keys.wechatApiKey } : {}), baseUrl: base, ...timeout });
  const alipay = keys
    ? new AlipayClient({ appId: SIM_ALIPAY_APP_ID, privateKey: keys.appPrivateKey, alipayPublicKey: keys.alipayPublicKey, gateway: `${base}${ALIPAY_GATEWAY_PATH}`, ...timeout })
    : undefined;
  return {
    url: base,
    wechat: { client: wechat, route: { source: 'gateway', endpoint: base, merchant: SIM_WECHAT_MERCHANT.mchId } },
    alipay: { client: alipay, route: { source: 'gateway', endpoint: alipay ? `${base}${ALIPAY_GATEWAY_PATH}` : '', merchant: alipay ? SIM_ALIPAY_APP_ID : null } },
  };
}

export async function startChannels(cfg: ChannelConfig): Promise<ChannelService> {
  const base = await fallbacks(cfg);
  const router = new QrRouter({});
  const routes = {} as Record<'wechat' | 'alipay', ChannelRoute>;
  const current: { wechat?: WechatClient; alipay?: AlipayClient } = {};
  /** Closes the connections of the merchant WeChat client being replaced. */
  let closeMerchantWechat = async () => {};
  const applyCredentials: ChannelService['applyCredentials'] = (channel, c) => {
    if (channel === 'wechat') {
      const w = c as WechatCredentials | null;
      void closeMerchantWechat().catch(() => undefined);
      const merchant = w ? merchantWechatClient(w, cfg.timeoutMs, cfg.trustPem) : undefined;
      closeMerchantWechat = merchant ? merchant.close : async () => {};
      current.wechat = merchant ? merchant.client : base.wechat.client;
      routes.wechat = w ? { source: 'merchant', endpoint: w.baseUrl, merchant: w.mchId } : base.wechat.route;
    } else {
      const a = c as AlipayCredentials | null;
      current.alipay = a ? merchantAlipayClient(a, cfg.timeoutMs) : base.alipay.client;
      routes.alipay = a ? { source: 'merchant', endpoint: a.gateway, merchant: a.appId } : base.alipay.route;
    }
    router.setClient(channel, current[channel]);
  };
  applyCredentials('wechat', cfg.credentials?.wechat ?? null);
  applyCredentials('alipay', cfg.credentials?.alipay ?? null);
  return {
    client: router,
    ...(base.sim ? { sim: base.sim } : {}),
    url: base.url,
    routes: () => ({ ...routes }),
    applyCredentials,
    statements: (day) => downloadStatements(day, current),
    close: async () => {
      await closeMerchantWechat();
      await base.sim?.close();
    },
  };
}
