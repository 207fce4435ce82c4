/**
 * How long to wait on a customer entering their wallet password, and when to give up,
 * per channel, as the channels document it (reference/vendor-protocols.md §3):
 *  - WeChat micropay: on USERPAYING or an unknown answer, query after ~5 s, then about
 *    every 10 s, for up to ~45 s; then reverse, repeating while it answers recall=Y.
 *  - Alipay trade.pay: on 10003 (WAIT_BUYER_PAY) or unknown, query every 3-5 s for up to
 *    ~60 s; then cancel, repeating while it answers retry_flag=Y. A cancel of a trade the
 *    customer paid at the last moment refunds it (action=refund).
 *  - C扫B (a code shown to the customer): query every 2 s while the customer scans.
 * `timeScale` shrinks every figure together for tests.
 */
import type { QrChannel } from '../../channels/types';

export interface ChannelTiming {
  /** Wait before the first query. */
  firstQueryMs: number;
  /** Between queries. */
  queryEveryMs: number;
  /** From the pay request to giving up and reversing. */
  giveUpAfterMs: number;
}

export interface QrPolicy {
  channels: Record<QrChannel, ChannelTiming>;
  /** Reverse/cancel attempts before leaving the leg unknown for a later retry. */
  reverseAttempts: number;
  reverseRetryMs: number;
  /** C扫B: how long a shown code waits for the customer. */
  showTimeoutMs: number;
  showQueryEveryMs: number;
}

export const DEFAULT_QR_POLICY: QrPolicy = {
  channels: {
    wechat: { firstQueryMs: 5_000, queryEveryMs: 10_000, giveUpAfterMs: 45_000 },
    alipay: { firstQueryMs: 3_000, queryEveryMs: 4_000, giveUpAfterMs: 60_000 },
    // UnionPay QR (via an aggregator) has no public rule of its own here: WeChat's timing.
    unionpay: { firstQueryMs: 5_000, queryEveryMs: 10_000, giveUpAfterMs: 45_000 },
  },
  reverseAttempts: 6,
  reverseRetryMs: 5_000,
  showTimeoutMs: 120_000,
  showQueryEveryMs: 2_000,
};

export function scalePolicy(p: QrPolicy, timeScale: number): QrPolicy {
  const s = (ms: number) => Math.max(1, Math.round(ms * timeScale));
  const ch = (t: ChannelTiming): ChannelTiming => ({ firstQueryMs: s(t.firstQueryMs), queryEveryMs: s(t.queryEveryMs), giveUpAfterMs: s(t.giveUpAfterMs) });
  return {
    channels: { wechat: ch(p.channels.wechat), alipay: ch(p.channels.alipay), unionpay: ch(p.channels.unionpay) },
    reverseAttempts: p.reverseAttempts,
    reverseRetryMs: s(p.reverseRetryMs),
    showTimeoutMs: s(p.showTimeoutMs),
    showQueryEveryMs: s(p.showQueryEveryMs),
  };
}
