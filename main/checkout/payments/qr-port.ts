/**
 * QR wallets (WeChat Pay, Alipay, UnionPay) through the channel client, both ways:
 * B扫C (the customer's payment code, scanned) and C扫B (a dynamic code shown to them).
 * Unknown and USERPAYING answers are settled by the channel's own rules (qr-policy.ts):
 * query until paid or out of time, then reverse — never pay again.
 */
import type { QrChannel, QrChannelClient, QrResult } from '../../channels/types';
import type { Leg, LegData, LegInput, LegOutcome, LegProgress, TenderPort } from './port';
import type { QrPolicy } from './qr-policy';

export interface QrPortDeps {
  client: QrChannelClient;
  policy: QrPolicy;
  subject: string;
  /** C扫B: show the dynamic code to the customer (customer display); null clears it. */
  showCode: (leg: Leg, code: { qrCode: string; channel: QrChannel } | null) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Waits `ms`, or less if the cashier cancels; the abort listener goes with the wait. */
const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function paidData(channel: QrChannel, r: QrResult): LegData {
  return {
    channel,
    transactionId: r.transactionId ?? null,
    payerId: r.payerId ?? null,
    paidAt: r.paidAt ?? null,
    rawStatus: r.rawStatus ?? null,
  };
}

function why(r: QrResult): string {
  return [r.status, r.errCode, r.errMessage].filter(Boolean).join(' ');
}

export class QrPort implements TenderPort {
  /** One port serves all three wallets; the engine maps each tender to it. */
  readonly tender = 'wechat' as const;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly d: QrPortDeps) {
    this.now = d.now ?? Date.now;
    this.sleep = d.sleep ?? defaultSleep;
  }

  async charge(leg: Leg, input: LegInput, progress: LegProgress, signal: AbortSignal): Promise<LegOutcome> {
    const channel = leg.tender as QrChannel;
    const started = this.now();
    if (input.mode === 'show') return this.chargeShown(leg, channel, progress, signal);
    const r = await this.d.client.pay({
      channel,
      outTradeNo: leg.legRef,
      authCode: String(input.authCode),
      amountFen: leg.amountFen,
      subject: this.d.subject,
    });
    switch (r.status) {
      case 'SUCCESS':
        return { state: 'approved', detail: `paid ${r.transactionId ?? ''}`.trim(), data: paidData(channel, r) };
      case 'USERPAYING':
        progress('userPaying', '用户正在输入密码 / customer is entering the password');
        return this.settle(leg, channel, started, signal, false);
      case 'UNKNOWN':
        return { state: 'unknown', detail: why(r), data: { channel } };
      default:
        return { state: 'declined', detail: why(r), data: { channel } };
    }
  }

  /** C扫B: issue a code, show it, and wait for the customer to scan and pay. */
  private async chargeShown(leg: Leg, channel: QrChannel, progress: LegProgress, signal: AbortSignal): Promise<LegOutcome> {
    let qrCode: string;
    try {
      ({ qrCode } = await this.d.client.precreate({ channel, outTradeNo: leg.legRef, amountFen: leg.amountFen, subject: this.d.subject }));
    } catch (err) {
      // No code was issued, so nothing can have been paid.
      return { state: 'declined', detail: `no code issued: ${err instanceof Error ? err.message : String(err)}`, data: { channel } };
    }
    this.d.showCode(leg, { qrCode, channel });
    progress('userPaying', '请顾客扫码支付 / waiting for the customer to scan');
    const deadline = this.now() + this.d.policy.showTimeoutMs;
    try {
      while (this.now() < deadline && !signal.aborted) {
        await this.sleep(this.d.policy.showQueryEveryMs, signal);
        const q = await this.d.client.query(leg.legRef, channel);
        if (q.status === 'SUCCESS') return { state: 'approved', detail: `paid ${q.transactionId ?? ''}`.trim(), data: { ...paidData(channel, q), qrCode } };
        if (q.status === 'CLOSED' || q.status === 'REVOKED') return { state: 'closed', detail: why(q), data: { channel } };
      }
      return this.reverse(leg, channel, signal.aborted ? 'cancelled by the cashier' : 'the customer did not pay in time');
    } finally {
      this.d.showCode(leg, null);
    }
  }

  /** After a timeout or a crash: query, then confirm or reverse. */
  async resolve(leg: Leg): Promise<LegOutcome> {
    const channel = leg.tender as QrChannel;
    const created = Number.isNaN(Date.parse(leg.createdAt)) ? this.now() : Date.parse(leg.createdAt);
    return this.settle(leg, channel, created, new AbortController().signal, true);
  }

  /**
   * Polls by the channel's timing until paid, definitely not paid, or out of time;
   * then reverses. `immediate` queries at once (recovery) instead of waiting first.
   */
  private async settle(leg: Leg, channel: QrChannel, startedMs: number, signal: AbortSignal, immediate: boolean): Promise<LegOutcome> {
    const t = this.d.policy.channels[channel];
    const deadline = startedMs + t.giveUpAfterMs;
    let wait = immediate ? 0 : t.firstQueryMs;
    let unreachable = 0;
    for (;;) {
      if (wait > 0) await this.sleep(Math.min(wait, Math.max(0, deadline - this.now())), signal);
      const q = await this.d.client.query(leg.legRef, channel);
      switch (q.status) {
        case 'SUCCESS':
          return { state: 'approved', detail: `query: paid ${q.transactionId ?? ''}`.trim(), data: paidData(channel, q) };
        case 'CLOSED':
          return { state: 'closed', detail: `query: ${why(q)}`, data: { channel } };
        case 'REVOKED':
          return { state: 'reversed', detail: `query: ${why(q)}`, data: { channel } };
        case 'FAIL':
          return { state: 'declined', detail: `query: ${why(q)}`, data: { channel } };
        case 'UNKNOWN':
          unreachable++;
          break;
        default:
          break; // USERPAYING / NOTPAY: keep waiting until the deadline
      }
      if (this.now() >= deadline || signal.aborted) break;
      wait = t.queryEveryMs;
    }
    // A channel that never answered a single query cannot be reversed either: try later.
    return this.reverse(leg, channel, signal.aborted ? 'cancelled by the cashier' : `no final answer within ${t.giveUpAfterMs} ms`, unreachable);
  }

  private async reverse(leg: Leg, channel: QrChannel, reason: string, _unreachable = 0): Promise<LegOutcome> {
    let last: QrResult | undefined;
    for (let attempt = 1; attempt <= this.d.policy.reverseAttempts; attempt++) {
      last = await this.d.client.reverse(leg.legRef, channel);
      if (last.status === 'REVOKED') {
        const refunded = last.action === 'refund';
        return {
          state: 'reversed',
          detail: refunded ? `paid at the last moment: cancel refunded it (${reason})` : `reversed (${reason})`,
          data: { channel, reversedAction: last.action ?? 'reverse' },
        };
      }
      if (last.status === 'CLOSED') return { state: 'closed', detail: `closed unpaid (${reason})`, data: { channel } };
      if (last.status === 'SUCCESS') {
        // The trade turned out paid and the channel would not undo it: keep it, never lose it.
        return { state: 'approved', detail: `reverse refused, trade is paid (${why(last)})`, data: paidData(channel, last) };
      }
      if (last.status === 'FAIL' && !last.recall && !last.retryFlag) {
        // A definite refusal to reverse: the trade's real state decides.
        const q = await this.d.client.query(leg.legRef, channel);
        if (q.status === 'SUCCESS') return { state: 'approved', detail: `reverse refused (${why(last)}); trade is paid`, data: paidData(channel, q) };
        if (q.status === 'CLOSED' || q.status === 'NOTPAY') return { state: 'closed', detail: `reverse refused (${why(last)}); trade unpaid`, data: { channel } };
      }
      await this.sleep(this.d.policy.reverseRetryMs);
    }
    return { state: 'unknown', detail: `reverse not acknowledged after ${this.d.policy.reverseAttempts} tries: ${last ? why(last) : ''}`, data: { channel } };
  }

  async undo(leg: Leg, reason: string): Promise<LegOutcome> {
    const channel = leg.tender as QrChannel;
    const r = await this.d.client.refund({ channel, outTradeNo: leg.legRef, outRefundNo: `${leg.legRef}U`, refundFen: leg.amountFen, totalFen: leg.amountFen });
    if (r.status === 'REFUND' || r.status === 'SUCCESS') return { state: 'reversed', detail: `refunded in full (${reason})`, data: { refundId: r.refundId ?? null } };
    return { state: 'unknown', detail: `refund not confirmed: ${why(r)}` };
  }

  async refund(leg: Leg, amountFen: number, refundRef: string): Promise<LegOutcome> {
    const channel = leg.tender as QrChannel;
    const r = await this.d.client.refund({ channel, outTradeNo: leg.legRef, outRefundNo: refundRef, refundFen: amountFen, totalFen: leg.amountFen });
    if (r.status === 'REFUND' || r.status === 'SUCCESS') return { state: 'approved', detail: `refunded ${amountFen}`, data: { refundId: r.refundId ?? null } };
    if (r.status === 'UNKNOWN') return { state: 'unknown', detail: `refund ${refundRef}: ${why(r)}` };
    return { state: 'declined', detail: `refund refused: ${why(r)}` };
  }
}
