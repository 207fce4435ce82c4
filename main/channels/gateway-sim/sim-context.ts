/** What the vendor route modules share: the engine, the merchants' credentials, the URL. */
import type { GatewayEngine } from './engine';
import type { HeldSockets } from './fault-reply';
import type { SimRandom } from './sim-random';

export interface SimWechatMerchant {
  appId: string;
  mchId: string;
  /** API key shared with the merchant; never logged. */
  apiKey: string;
}

export interface SimAlipayMerchant {
  appId: string;
  /** The merchant's 2088 partner id, used in bill names. */
  pid: string;
  /** The app's public key, to verify requests. */
  appPublicKey: string;
  /** The simulated Alipay's private key, to sign answers; never logged. */
  alipayPrivateKey: string;
}

export interface SimContext {
  engine: GatewayEngine;
  held: HeldSockets;
  random: SimRandom;
  wechat: SimWechatMerchant;
  alipay: SimAlipayMerchant;
  /** The simulator's own base URL (known once listening), for bill download links. */
  baseUrl(): string;
}
