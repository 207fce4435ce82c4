/**
 * The QR channel the counter uses, built from config:
 *   sim (default)          the gateway simulator embedded in this process on a loopback
 *                          port: a fresh install takes WeChat/Alipay payments with no set-up
 *   http://127.0.0.1:8780  an external gateway (e.g. `posdesk gateway-sim --keys-dir d`);
 *                          its WeChat merchant is the simulator's sample one and the Alipay
 *                          keys are read from --gateway-keys (the same dir)
 * A real deployment's merchant credentials come from settings (not yet in the UI); they
 * are passed to the clients here and never logged.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import { AlipayClient } from './alipay-client';
import { ALIPAY_GATEWAY_PATH } from './defaults';
import { type GatewaySim, SIM_ALIPAY_APP_ID, SIM_WECHAT_MERCHANT, startGatewaySim } from './gateway-sim/server';
import { QrRouter } from './qr-router';
import type { QrChannelClient } from './types';
import { WechatClient } from './wechat-client';

export interface ChannelConfig {
  gateway: string;
  /** For an external simulator: the directory its --keys-dir wrote the Alipay keys to. */
  keysDir?: string;
  /** Where the embedded simulator keeps its trades (survive a restart of the counter). */
  dataDir: string;
  timeoutMs?: number;
}

export interface ChannelService {
  client: QrChannelClient;
  sim?: GatewaySim;
  url: string;
  close(): Promise<void>;
}

type Pem = { privateKey: string; publicKey: string };

/**
 * The embedded simulator's Alipay key pairs (app, platform), made once and kept with the
 * data (0600): generating two 2048-bit RSA pairs costs most of a second at every start.
 */
function embeddedSimKeys(dir: string): { app: Pem; platform: Pem } {
  const pair = (name: string): Pem => {
    const priv = path.join(dir, `${name}-private.pem`);
    const pub = path.join(dir, `${name}-public.pem`);
    if (fs.existsSync(priv) && fs.existsSync(pub)) return { privateKey: fs.readFileSync(priv, 'utf8'), publicKey: fs.readFileSync(pub, 'utf8') };
    const k = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(priv, k.privateKey, { mode: 0o600 });
    fs.writeFileSync(pub, k.publicKey, { mode: 0o600 });
    return k;
  };
  return { app: pair('alipay-app'), platform: pair('alipay-platform') };
}

/** Key file names written by `posdesk gateway-sim --keys-dir`. */
function readKeys(dir: string): { appPrivateKey: string; alipayPublicKey: string; wechatApiKey: string } {
  const read = (name: string) => {
    const f = path.join(dir, name);
    if (!fs.existsSync(f)) throw new ConfigError(`--gateway-keys: ${f} is missing (start the simulator with --keys-dir ${dir})`);
    return fs.readFileSync(f, 'utf8').trim();
  };
  return {
    appPrivateKey: read('alipay-app-private.pem'),
    alipayPublicKey: read('alipay-platform-public.pem'),
    wechatApiKey: read('wechat-api-key.txt'),
  };
}

export async function startChannels(cfg: ChannelConfig): Promise<ChannelService> {
  if (cfg.gateway === 'sim') {
    const keys = embeddedSimKeys(path.join(cfg.dataDir, 'gateway-sim-keys'));
    const sim = await startGatewaySim({
      host: '127.0.0.1',
      port: 0,
      dbPath: path.join(cfg.dataDir, 'gateway-sim.db'),
      alipay: { appPublicKey: keys.app.publicKey, alipayPrivateKey: keys.platform.privateKey },
    });
    const alipayKey = keys.app.privateKey;
    const client = new QrRouter({
      wechat: new WechatClient({ ...sim.wechat, ...(cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {}) }),
      alipay: new AlipayClient({
        appId: sim.alipay.appId,
        privateKey: alipayKey,
        alipayPublicKey: keys.platform.publicKey,
        gateway: sim.alipay.gateway,
        ...(cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {}),
      }),
    });
    return { client, sim, url: sim.url, close: () => sim.close() };
  }
  if (!/^https?:\/\//.test(cfg.gateway)) throw new ConfigError(`--gateway ${cfg.gateway}: expected sim or an http(s) URL`);
  const base = cfg.gateway.replace(/\/$/, '');
  const keys = cfg.keysDir ? readKeys(cfg.keysDir) : undefined;
  const clients: ConstructorParameters<typeof QrRouter>[0] = {
    wechat: new WechatClient({
      ...SIM_WECHAT_MERCHANT,
      ...(keys ? { apiKey: keys.wechatApiKey } : {}),
      baseUrl: base,
      ...(cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {}),
    }),
  };
  if (keys) {
    clients.alipay = new AlipayClient({
      appId: SIM_ALIPAY_APP_ID,
      privateKey: keys.appPrivateKey,
      alipayPublicKey: keys.alipayPublicKey,
      gateway: `${base}${ALIPAY_GATEWAY_PATH}`,
      ...(cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {}),
    });
  }
  return { client: new QrRouter(clients), url: base, close: async () => {} };
}
