/**
 * The simulated acquirer's business rules, channel-neutral: pay, query, reverse/cancel,
 * refund, C扫B precreate and scan, auto-close, PBOC 296 daily limits, idempotent repeats.
 * Vendor routes (wechat-routes.ts, alipay-routes.ts) only translate wire formats and
 * error names. Time comes from the injected clock; ids from the seeded random source.
 */
import { createHash } from 'node:crypto';
import { ALIPAY_AUTH_CODE, WECHAT_AUTH_CODE } from '../auth-code';
import { storeDayCompact } from '../../../drivers/shared/store-time';
import {
  outcomeForAmount,
  type SimApi,
  type SimFault,
  type SimFaultKind,
  type SimOutcome,
} from './outcomes';
import {
  checkDailyLimit,
  type LimitCheck,
  levelFor,
  type PayerLevelRule,
  type PbocLevel,
  payerKeyOf,
} from './pboc-limits';
import type { SimClock, SimRandom } from './sim-random';
import { refundedFen, type SimChannel, type SimRefund, type SimTrade, tradeKey } from './sim-trade';
import type { TradeStore } from './trade-store';

export interface SimRules {
  /** How long the simulated customer takes to enter the password (WeChat docs: ~5-40 s). */
  userPayingMs: number;
  /** Unpaid micropay trades close after this (Alipay's default: 3 minutes). */
  autoCloseMs: number;
  /** C扫B codes expire after this (WeChat code_url: 2 hours). */
  precreateExpireMs: number;
  /** WeChat: no reverse within 15 s of the charge (micropay best practice). */
  reverseMinDelayMs: number;
  /** The "slow" fault's default delay (real ms). */
  slowMs: number;
  /** Apply the amount's-last-two-digits table (outcomes.ts). */
  amountRules: boolean;
  /** A payment code is single-use: a second trade with the same code gets AUTHCODEEXPIRE. */
  singleUseAuthCodes: boolean;
  defaultLevel: PbocLevel;
  payerLevels: PayerLevelRule[];
}

export const DEFAULT_SIM_RULES: SimRules = {
  userPayingMs: 10_000,
  autoCloseMs: 3 * 60_000,
  precreateExpireMs: 2 * 60 * 60_000,
  reverseMinDelayMs: 15_000,
  slowMs: 3_000,
  amountRules: true,
  singleUseAuthCodes: true,
  defaultLevel: 'B',
  payerLevels: [],
};

export type SimError =
  | 'SYSTEM_ERROR'
  | 'AUTH_CODE_EXPIRED'
  | 'AUTH_CODE_INVALID'
  | 'NOT_ENOUGH'
  | 'ORDER_PAID'
  | 'OUT_TRADE_NO_USED'
  | 'ORDER_CLOSED'
  | 'ORDER_REVERSED'
  | 'DAILY_LIMIT'
  | 'NOT_EXIST'
  | 'REVERSE_TOO_SOON'
  | 'TRADE_STATE'
  | 'REFUND_EXCEEDS'
  | 'AMOUNT_MISMATCH'
  | 'REFUND_NO_REUSED';

export type SimAnswer =
  | { ok: true; trade: SimTrade; refund?: SimRefund; repeat?: boolean }
  | { ok: false; error: SimError; trade?: SimTrade; limit?: LimitCheck; detail?: string };

export interface PayInput {
  channel: SimChannel;
  outTradeNo: string;
  authCode: string;
  amountFen: number;
  subject: string;
  storeId?: string;
  terminalId?: string;
}

export interface RefundInput {
  outRefundNo: string;
  refundFen: number;
  /** WeChat sends the order total again; it must match. */
  totalFen?: number;
}

/**
 * How a merchant names a trade in query / reverse / refund: the vendor's id (WeChat
 * transaction_id, Alipay trade_no), its own order number, or both. Both vendors take
 * either (二选一) and prefer their own id when both are given.
 */
export interface TradeRef {
  transactionId?: string;
  outTradeNo?: string;
}

export interface PayDecision {
  answer: SimAnswer;
  fault?: SimFault;
}

const AUTH_CODE_RULE: Record<SimChannel, RegExp> = { wechat: WECHAT_AUTH_CODE, alipay: ALIPAY_AUTH_CODE };

export class GatewayEngine {
  private readonly queuedOutcomes: SimOutcome[] = [];
  private readonly queuedFaults: SimFault[] = [];

  constructor(
    private readonly store: TradeStore,
    readonly rules: SimRules,
    private readonly clock: SimClock,
    private readonly random: SimRandom,
  ) {}

  now(): number {
    return this.clock();
  }

  // ---- control -------------------------------------------------------------

  queueOutcome(outcome: SimOutcome, times = 1): void {
    for (let i = 0; i < times; i++) this.queuedOutcomes.push(outcome);
  }

  queueFault(fault: SimFault, times = 1): void {
    for (let i = 0; i < times; i++) this.queuedFaults.push(fault);
  }

  /** The next queued fault for this API, removed from the queue. */
  takeFault(api: SimApi): SimFault | undefined {
    const i = this.queuedFaults.findIndex((f) => f.api === api || f.api === 'any');
    if (i < 0) return undefined;
    return this.queuedFaults.splice(i, 1)[0];
  }

  clearQueues(): void {
    this.queuedOutcomes.length = 0;
    this.queuedFaults.length = 0;
  }

  trades(): SimTrade[] {
    return this.store.all().map((t) => this.advance(t));
  }

  trade(channel: SimChannel, outTradeNo: string): SimTrade | undefined {
    const t = this.store.get(tradeKey(channel, outTradeNo));
    return t && this.advance(t);
  }

  /**
   * The out_trade_no a reference names, or undefined when no trade matches. A vendor id
   * that matches nothing is not retried with the order number: the vendors take their own
   * id first, so a wrong one is an unknown trade even beside a right order number.
   */
  resolve(channel: SimChannel, ref: TradeRef): string | undefined {
    if (ref.transactionId !== undefined) return this.store.byTransactionId(channel, ref.transactionId)?.outTradeNo;
    return ref.outTradeNo;
  }

  // ---- the APIs ------------------------------------------------------------

  pay(input: PayInput): PayDecision {
    const now = this.clock();
    const byAmount = this.rules.amountRules ? outcomeForAmount(input.amountFen) : { outcome: 'SUCCESS' as const };
    const existing = this.trade(input.channel, input.outTradeNo);
    // Amount-table faults hit the first request only, so a retry of the same order gets through.
    const fault =
      this.takeFault('pay') ??
      (!existing && this.queuedOutcomes.length === 0 && byAmount.fault ? this.faultOf(byAmount.fault) : undefined);
    if (fault && (fault.kind === 'http500' || (fault.kind === 'noAnswer' && fault.processed === false))) {
      // The request dies before the acquirer records anything.
      return { answer: { ok: false, error: 'SYSTEM_ERROR', detail: 'not processed' }, fault };
    }
    if (!AUTH_CODE_RULE[input.channel].test(input.authCode)) {
      return { answer: { ok: false, error: 'AUTH_CODE_INVALID', detail: 'the code matches no payment-code pattern' }, fault };
    }
    const fingerprint = this.fingerprint(['pay', input.amountFen, input.authCode]);
    if (existing) return { answer: this.repeatPay(existing, fingerprint), fault };

    if (this.rules.singleUseAuthCodes && this.codeUsed(input.channel, input.authCode)) {
      return { answer: { ok: false, error: 'AUTH_CODE_EXPIRED', detail: 'this payment code was already used' }, fault };
    }

    const queued = this.queuedOutcomes.shift();
    const outcome = queued ?? byAmount.outcome;

    switch (outcome) {
      case 'AUTHCODE_EXPIRED':
        return { answer: { ok: false, error: 'AUTH_CODE_EXPIRED' }, fault };
      case 'AUTH_CODE_INVALID':
        return { answer: { ok: false, error: 'AUTH_CODE_INVALID' }, fault };
      case 'NOT_ENOUGH':
        return { answer: { ok: false, error: 'NOT_ENOUGH' }, fault };
      case 'SYSTEMERROR_UNPAID':
        return { answer: { ok: false, error: 'SYSTEM_ERROR' }, fault };
      default:
        break;
    }

    const payerKey = payerKeyOf(input.channel, input.authCode);
    const limit = this.limitFor(payerKey, input.authCode, input.amountFen, now);
    if (!limit.ok) return { answer: { ok: false, error: 'DAILY_LIMIT', limit }, fault };

    const trade: SimTrade = {
      channel: input.channel,
      kind: 'micropay',
      outTradeNo: input.outTradeNo,
      transactionId: this.newTransactionId(input.channel, now),
      amountFen: input.amountFen,
      subject: input.subject,
      authCode: input.authCode,
      payerKey,
      ...this.payerIdentity(input.channel, payerKey),
      state: 'SUCCESS',
      createdAt: now,
      closeAt: now + this.rules.autoCloseMs,
      refunds: [],
      fingerprint,
    };
    if (input.storeId) trade.storeId = input.storeId;
    if (input.terminalId) trade.terminalId = input.terminalId;

    if (outcome === 'SUCCESS' || outcome === 'SYSTEMERROR_PAID') {
      trade.paidAt = now;
    } else {
      trade.state = 'USERPAYING';
      if (outcome === 'USERPAYING' || outcome === 'USERPAYING_FAIL') {
        trade.pendingUntil = now + this.rules.userPayingMs;
        trade.pendingThen = outcome === 'USERPAYING' ? 'SUCCESS' : 'PAYERROR';
      }
      if (outcome === 'PAY_AT_LAST_MOMENT') trade.payAtCancel = true;
    }
    this.store.put(trade);
    if (outcome === 'SYSTEMERROR_PAID') return { answer: { ok: false, error: 'SYSTEM_ERROR', trade }, fault };
    return { answer: { ok: true, trade }, fault };
  }

  query(channel: SimChannel, outTradeNo: string): SimAnswer {
    const t = this.trade(channel, outTradeNo);
    return t ? { ok: true, trade: t } : { ok: false, error: 'NOT_EXIST' };
  }

  /** WeChat reverse / Alipay cancel. */
  reverse(channel: SimChannel, outTradeNo: string): SimAnswer {
    const now = this.clock();
    const t = this.trade(channel, outTradeNo);
    if (!t) return { ok: false, error: 'NOT_EXIST' };
    if (channel === 'wechat' && now - t.createdAt < this.rules.reverseMinDelayMs && t.state !== 'REVOKED') {
      return { ok: false, error: 'REVERSE_TOO_SOON', trade: t };
    }
    if (t.state === 'REVOKED') return { ok: true, trade: t, repeat: true };
    if (t.state === 'CLOSED' || t.state === 'PAYERROR') {
      t.reverseAction = 'close';
      this.store.put(t);
      return { ok: true, trade: t, repeat: true };
    }
    if (t.state === 'USERPAYING' && t.payAtCancel) {
      // The race the checkout must survive: the customer confirmed a moment before.
      t.state = 'SUCCESS';
      t.paidAt = now;
      delete t.payAtCancel;
    }
    if (t.state === 'SUCCESS' && t.refunds.length > 0) return { ok: false, error: 'TRADE_STATE', trade: t, detail: 'refunded' };
    t.reverseAction = t.state === 'SUCCESS' ? 'refund' : 'close';
    t.state = 'REVOKED';
    t.reversedAt = now;
    delete t.pendingUntil;
    delete t.pendingThen;
    this.store.put(t);
    return { ok: true, trade: t };
  }

  refund(channel: SimChannel, outTradeNo: string, input: RefundInput): SimAnswer {
    const now = this.clock();
    const t = this.trade(channel, outTradeNo);
    if (!t) return { ok: false, error: 'NOT_EXIST' };
    if (input.totalFen !== undefined && input.totalFen !== t.amountFen) {
      return { ok: false, error: 'AMOUNT_MISMATCH', trade: t, detail: 'total_fee differs from the order amount' };
    }
    const prior = t.refunds.find((r) => r.outRefundNo === input.outRefundNo);
    if (prior) {
      if (prior.refundFen === input.refundFen) return { ok: true, trade: t, refund: prior, repeat: true };
      return { ok: false, error: 'REFUND_NO_REUSED', trade: t };
    }
    if (t.state !== 'SUCCESS') return { ok: false, error: 'TRADE_STATE', trade: t, detail: `trade is ${t.state}` };
    if (!Number.isSafeInteger(input.refundFen) || input.refundFen <= 0) {
      return { ok: false, error: 'AMOUNT_MISMATCH', trade: t, detail: 'refund amount must be positive' };
    }
    if (refundedFen(t) + input.refundFen > t.amountFen) {
      return { ok: false, error: 'REFUND_EXCEEDS', trade: t, detail: `refunded ${refundedFen(t)} of ${t.amountFen}` };
    }
    const refund: SimRefund = {
      outRefundNo: input.outRefundNo,
      refundId: this.newRefundId(channel, now),
      refundFen: input.refundFen,
      at: now,
    };
    t.refunds.push(refund);
    this.store.put(t);
    return { ok: true, trade: t, refund };
  }

  precreate(channel: SimChannel, input: { outTradeNo: string; amountFen: number; subject: string }): SimAnswer {
    const now = this.clock();
    const fingerprint = this.fingerprint(['precreate', input.amountFen, input.subject]);
    const existing = this.trade(channel, input.outTradeNo);
    if (existing) {
      if (existing.fingerprint === fingerprint && existing.state === 'NOTPAY') return { ok: true, trade: existing, repeat: true };
      return { ok: false, error: existing.state === 'SUCCESS' ? 'ORDER_PAID' : 'OUT_TRADE_NO_USED', trade: existing };
    }
    const token = this.random.chars(22, 'abcdefghijklmnopqrstuvwxyz0123456789');
    const trade: SimTrade = {
      channel,
      kind: 'precreate',
      outTradeNo: input.outTradeNo,
      transactionId: this.newTransactionId(channel, now),
      amountFen: input.amountFen,
      subject: input.subject,
      qrCode: channel === 'wechat' ? `weixin://wxpay/bizpayurl?pr=${token.slice(0, 7)}` : `https://qr.alipay.com/bax0${token}`,
      state: 'NOTPAY',
      createdAt: now,
      closeAt: now + this.rules.precreateExpireMs,
      refunds: [],
      fingerprint,
    };
    this.store.put(trade);
    return { ok: true, trade };
  }

  /** The customer scans a C扫B code and pays; `payerCode` names the customer (limits). */
  scan(channel: SimChannel, outTradeNo: string, payerCode: string): SimAnswer {
    const now = this.clock();
    const t = this.trade(channel, outTradeNo);
    if (!t) return { ok: false, error: 'NOT_EXIST' };
    if (t.state !== 'NOTPAY') return { ok: false, error: t.state === 'SUCCESS' ? 'ORDER_PAID' : 'ORDER_CLOSED', trade: t };
    const payerKey = payerKeyOf(channel, payerCode);
    const limit = this.limitFor(payerKey, payerCode, t.amountFen, now);
    if (!limit.ok) return { ok: false, error: 'DAILY_LIMIT', trade: t, limit };
    Object.assign(t, { state: 'SUCCESS', paidAt: now, payerKey, ...this.payerIdentity(channel, payerKey) });
    this.store.put(t);
    return { ok: true, trade: t };
  }

  // ---- internals -----------------------------------------------------------

  /** Moves a trade along the clock: password entry ends, unpaid trades auto-close. */
  private advance(t: SimTrade): SimTrade {
    const now = this.clock();
    let changed = false;
    if (t.state === 'USERPAYING' && t.pendingUntil !== undefined && t.pendingUntil <= now && t.pendingUntil < t.closeAt) {
      if (t.pendingThen === 'PAYERROR') {
        t.state = 'PAYERROR';
        t.closedAt = t.pendingUntil;
      } else {
        t.state = 'SUCCESS';
        t.paidAt = t.pendingUntil;
      }
      delete t.pendingUntil;
      delete t.pendingThen;
      changed = true;
    }
    if ((t.state === 'USERPAYING' || t.state === 'NOTPAY') && t.closeAt <= now) {
      t.state = 'CLOSED';
      t.closedAt = t.closeAt;
      delete t.pendingUntil;
      delete t.pendingThen;
      delete t.payAtCancel;
      changed = true;
    }
    if (changed) this.store.put(t);
    return t;
  }

  private repeatPay(t: SimTrade, fingerprint: string): SimAnswer {
    if (t.fingerprint !== fingerprint || t.kind !== 'micropay') {
      return { ok: false, error: t.state === 'SUCCESS' ? 'ORDER_PAID' : 'OUT_TRADE_NO_USED', trade: t };
    }
    switch (t.state) {
      case 'SUCCESS':
      case 'USERPAYING':
        return { ok: true, trade: t, repeat: true };
      case 'REVOKED':
        return { ok: false, error: 'ORDER_REVERSED', trade: t };
      default:
        return { ok: false, error: 'ORDER_CLOSED', trade: t };
    }
  }

  private codeUsed(channel: SimChannel, authCode: string): boolean {
    return this.store.all().some((t) => t.channel === channel && t.authCode === authCode);
  }

  /** Today's (Beijing day) charged total of this payer: paid trades and ones still in password entry. */
  private limitFor(payerKey: string, authCode: string, amountFen: number, now: number): LimitCheck {
    const day = storeDayCompact(now);
    let used = 0;
    for (const t of this.store.all()) {
      if (t.payerKey !== payerKey) continue;
      const at = t.paidAt ?? t.createdAt;
      if (storeDayCompact(at) !== day) continue;
      if (t.state === 'SUCCESS' || t.state === 'USERPAYING' || (t.state === 'REVOKED' && t.reverseAction === 'refund')) {
        used += t.amountFen;
      }
    }
    const level = levelFor(authCode, this.rules.payerLevels, this.rules.defaultLevel);
    return checkDailyLimit(level, used, amountFen);
  }

  private payerIdentity(channel: SimChannel, payerKey: string): { payerId: string; payerLogon: string } {
    const h = createHash('sha256').update(payerKey).digest();
    const digits = Array.from(h.subarray(0, 16), (b) => String(b % 10)).join('');
    if (channel === 'wechat') {
      return { payerId: `o${h.toString('base64url').slice(0, 27)}`, payerLogon: `o${h.toString('base64url').slice(0, 27)}` };
    }
    return { payerId: `2088${digits.slice(0, 12)}`, payerLogon: `13${digits[12]}****${digits.slice(12, 16)}` };
  }

  private newTransactionId(channel: SimChannel, now: number): string {
    const seq = String(this.store.nextSeq() % 1_000_000).padStart(6, '0');
    const day = storeDayCompact(now);
    // WeChat transaction_id and Alipay trade_no are 28 digits in real answers.
    return channel === 'wechat'
      ? `4200000${seq.slice(0, 3)}${day}${seq.slice(3)}${this.random.digits(7)}`
      : `${day}22001${seq}${this.random.digits(9)}`;
  }

  private newRefundId(channel: SimChannel, now: number): string {
    const seq = String(this.store.nextSeq() % 1_000_000).padStart(6, '0');
    return channel === 'wechat' ? `50000${seq}${storeDayCompact(now)}${this.random.digits(10)}` : `${storeDayCompact(now)}${seq}${this.random.digits(8)}`;
  }

  private faultOf(kind: SimFaultKind): SimFault {
    return { kind, api: 'pay', delayMs: this.rules.slowMs };
  }

  private fingerprint(parts: (string | number)[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
  }
}
