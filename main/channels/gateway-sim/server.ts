/**
 * startGatewaySim: a fastify 5 server that is wire-compatible with the WeChat Pay v2 XML
 * API (paths as api.mch.weixin.qq.com) and the Alipay OpenAPI gateway (/gateway.do), for
 * the counter app's channel clients, QA and other teams' CI. Binds 127.0.0.1 by default.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import Fastify from 'fastify';
import { ALIPAY_GATEWAY_PATH } from '../defaults';
import { registerAlipayRoutes } from './alipay-routes';
import { DEFAULT_SIM_RULES, GatewayEngine, type SimRules } from './engine';
import { HeldSockets } from './fault-reply';
import type { SimContext, SimWechatMerchant } from './sim-context';
import { createControl, type GatewaySimControl, registerControlRoutes } from './sim-control';
import { type SimClock, seededRandom, systemClock } from './sim-random';
import { MemoryTradeStore, SqliteTradeStore, type TradeStore } from './trade-store';
import { registerWechatRoutes } from './wechat-routes';

/**
 * Default simulated WeChat merchant: the appid, mch_id and API key of WeChat's own
 * signature example (签名算法 page), so published sample signatures can be replayed.
 */
export const SIM_WECHAT_MERCHANT: SimWechatMerchant = {
  appId: 'wxd930ea5d5a258f4f',
  mchId: '10000100',
  apiKey: '192006250b4c09247ec02edce69f6a2d',
};
export const SIM_ALIPAY_APP_ID = '2021000000000001';
export const SIM_ALIPAY_PID = '2088000000000001';

export interface GatewaySimOptions {
  host?: string;
  /** 0 = any free port (tests). */
  port?: number;
  clock?: SimClock;
  seed?: number;
  rules?: Partial<SimRules>;
  /** SQLite file to keep trades in across restarts; omitted = memory only. */
  dbPath?: string;
  wechat?: Partial<SimWechatMerchant>;
  /** Alipay side; keys are generated for this run when not given (see GatewaySim.alipay). */
  alipay?: { appId?: string; pid?: string; appPublicKey?: string; alipayPrivateKey?: string };
  /** Required for /_sim/* when listening beyond loopback; control routes are off there without it. */
  controlToken?: string;
  /** fastify's request log (never includes bodies, so no keys). */
  logger?: boolean;
}

export interface GatewaySim {
  url: string;
  port: number;
  /** What a WechatClient needs to talk to this simulator. */
  wechat: SimWechatMerchant & { baseUrl: string };
  /** What an AlipayClient needs. appPrivateKey is present only when the simulator generated the app key pair. */
  alipay: { appId: string; pid: string; gateway: string; alipayPublicKey: string; appPrivateKey?: string };
  control: GatewaySimControl;
  close(): Promise<void>;
}

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === '::1' || host === 'localhost';

export async function startGatewaySim(options: GatewaySimOptions = {}): Promise<GatewaySim> {
  const host = options.host ?? '127.0.0.1';
  const rules: SimRules = { ...DEFAULT_SIM_RULES, ...options.rules, payerLevels: [...(options.rules?.payerLevels ?? [])] };
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.seed ?? 1);
  const store: TradeStore = options.dbPath ? new SqliteTradeStore(options.dbPath) : new MemoryTradeStore();
  const engine = new GatewayEngine(store, rules, clock, random);

  const wechat: SimWechatMerchant = { ...SIM_WECHAT_MERCHANT, ...options.wechat };
  const generatedApp = options.alipay?.appPublicKey ? undefined : rsaPair();
  const generatedAlipay = options.alipay?.alipayPrivateKey ? undefined : rsaPair();
  const alipayPrivateKey = options.alipay?.alipayPrivateKey ?? generatedAlipay?.privateKey ?? '';
  const appPublicKey = options.alipay?.appPublicKey ?? generatedApp?.publicKey ?? '';

  let baseUrl = '';
  const held = new HeldSockets();
  const ctx: SimContext = {
    engine,
    held,
    random,
    wechat,
    alipay: {
      appId: options.alipay?.appId ?? SIM_ALIPAY_APP_ID,
      pid: options.alipay?.pid ?? SIM_ALIPAY_PID,
      appPublicKey,
      alipayPrivateKey,
    },
    baseUrl: () => baseUrl,
  };

  // close() ends pooled keep-alive connections (SDKs and benches keep them) instead of waiting on them.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  // Each route parses its own body. Forms stay bytes: an Alipay app set to GBK
  // percent-encodes GBK, and what the bytes mean is known only once `charset` is read.
  // PHP's curl posts WeChat's XML as a form too; the WeChat routes read it as text.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  registerWechatRoutes(app, ctx);
  registerAlipayRoutes(app, ctx);
  const control = createControl(ctx, engine, () => store.clear());
  if (isLoopback(host) || options.controlToken !== undefined) registerControlRoutes(app, control, options.controlToken);

  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (err) {
    store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const alipay: GatewaySim['alipay'] = {
    appId: ctx.alipay.appId,
    pid: ctx.alipay.pid,
    gateway: `${baseUrl}${ALIPAY_GATEWAY_PATH}`,
    // Derived from the private key when the caller supplied it.
    alipayPublicKey: generatedAlipay?.publicKey ?? publicFromPrivate(alipayPrivateKey),
  };
  if (generatedApp) alipay.appPrivateKey = generatedApp.privateKey;

  let closed = false;
  return {
    url: baseUrl,
    port,
    wechat: { ...wechat, baseUrl },
    alipay,
    control,
    close: async () => {
      if (closed) return;
      closed = true;
      held.destroyAll();
      await app.close();
      store.close();
    },
  };
}

function publicFromPrivate(privatePem: string): string {
  return createPublicKey(privatePem).export({ type: 'spki', format: 'pem' }).toString();
}
