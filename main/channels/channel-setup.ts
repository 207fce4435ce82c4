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
    const sim = await startGatewaySim({ host: '127.0.0.1', port: 0, dbPath: path.join(cfg.dataDir, 'gateway-sim.db') });
    const alipayKey = sim.alipay.appPrivateKey;
    if (!alipayKey) throw new Error('the embedded gateway simulator did not generate an Alipay app key');
    const client = new QrRouter({
      wechat: new WechatClient({ ...sim.wechat, ...(cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {}) }),
      alipay: new AlipayClient({
        appId: sim.alipay.appId,
        privateKey: alipayKey,
        alipayPublicKey: sim.alipay.alipayPublicKey,
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
