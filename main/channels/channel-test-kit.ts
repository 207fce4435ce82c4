/**
 * Test support shared by the channel tests: a simulator on 127.0.0.1:0 with a manual
 * clock, both real clients pointed at it, and generators of fresh payment codes. Not
 * used by production code.
 */
import { AlipayClient } from './alipay-client';
import type { SimRules } from './gateway-sim/engine';
import { manualClock } from './gateway-sim/sim-random';
import { type GatewaySim, type GatewaySimOptions, startGatewaySim } from './gateway-sim/server';
import { WechatClient } from './wechat-client';
import type { WechatSignType } from './wechat-codec';

/** 2024-01-02 10:00:00 Beijing time: a plain business morning. */
export const KIT_START_MS = Date.UTC(2024, 0, 2, 2, 0, 0);

export interface ChannelKit {
  sim: GatewaySim;
  clock: ReturnType<typeof manualClock>;
  wechat: WechatClient;
  alipay: AlipayClient;
  /** A fresh WeChat payment code of customer `payer` (10 digits). */
  wechatCode(payer?: string): string;
  alipayCode(payer?: string): string;
  close(): Promise<void>;
}

export async function startChannelKit(
  opts: { rules?: Partial<SimRules>; signType?: WechatSignType; timeoutMs?: number; sim?: GatewaySimOptions } = {},
): Promise<ChannelKit> {
  const clock = manualClock(KIT_START_MS);
  const sim = await startGatewaySim({ port: 0, clock, seed: 42, ...opts.sim, rules: { ...opts.rules } });
  let n = 0;
  const next = () => String(++n).padStart(6, '0');
  const wechat = new WechatClient({ ...sim.wechat, signType: opts.signType ?? 'MD5', timeoutMs: opts.timeoutMs ?? 5_000 });
  const alipay = new AlipayClient({
    appId: sim.alipay.appId,
    privateKey: sim.alipay.appPrivateKey ?? '',
    alipayPublicKey: sim.alipay.alipayPublicKey,
    gateway: sim.alipay.gateway,
    timeoutMs: opts.timeoutMs ?? 5_000,
  });
  return {
    sim,
    clock,
    wechat,
    alipay,
    wechatCode: (payer = '3400000001') => `13${payer}${next()}`,
    alipayCode: (payer = '3400000001') => `28${payer}${next()}`,
    close: () => sim.close(),
  };
}
