/**
 * The host driver the counter uses to run card transactions on a terminal: one vendor
 * profile, one message link. One transaction at a time, like the terminal itself.
 *
 * Unknown is a real state (DESIGN.md rule 4): when a money-moving request gets no reply in
 * time, its link dies, or the reply is unreadable, the driver
 *   1. queries the terminal by order number; a final answer there is the result;
 *   2. otherwise reverses (冲正): it calls journal.reversalPending() *before* sending, so the
 *      counter has the reversal in SQLite first, then resends until the terminal acknowledges;
 *   3. a reply that arrives after its timeout is matched to its request (kind + order no.) and
 *      reported through onLateResult, never charged again.
 */
import { Listeners } from '../../transport/listeners';
import type { LinkEvent } from '../links/link';
import {
  emptyResult,
  type OriginalRef,
  type ProgressEvent,
  type Tender,
  type TransactionKind,
  type TransactionRequest,
  TransactionRequestSchema,
  type TransactionResult,
  formatZodIssues,
} from '../model';
import { ProfileMapper } from '../profiles/mapper';
import type { RecordChannel } from '../profiles/profile-channel';
import type { Profile } from '../profiles/profile-schema';
import type { VendorMessage } from '../profiles/vendor-message';

export type Timeouts = Profile['timeouts'];

/** How the driver reached its answer. */
export type Resolution = 'reply' | 'query' | 'reversal' | 'unresolved' | 'notSent';

export interface DriverResult {
  result: TransactionResult;
  resolvedBy: Resolution;
}

export interface ReversalEntry {
  orderNo: string;
  amountFen: number;
  kind: TransactionKind;
  /** Why the result stayed unknown (timeout, link lost, unreadable reply…). */
  reason: string;
}

/** Write-ahead hooks: the counter persists these in SQLite (main/checkout). */
export interface ReversalJournal {
  reversalPending(entry: ReversalEntry): Promise<void> | void;
  reversalDone(entry: ReversalEntry, result: TransactionResult): Promise<void> | void;
}

export interface LateResult {
  request: TransactionRequest;
  result: TransactionResult;
  /** What the driver had already concluded for this request. */
  earlier: DriverResult | undefined;
}

export interface DriverOptions {
  profile: Profile;
  /** Opens the transport and its profile channel; called again after the link is lost. */
  connect: () => Promise<RecordChannel>;
  timeouts?: Partial<Timeouts>;
  journal?: ReversalJournal;
  onProgress?: (event: ProgressEvent, request: TransactionRequest) => void;
  onLateResult?: (late: LateResult) => void;
  onLinkEvent?: (event: LinkEvent) => void;
  /** Times the request is queried before reversing. */
  queryAttempts?: number;
  now?: () => Date;
}

/** Kinds that move money: their unknown results must be resolved, never retried blindly. */
const MONEY_KINDS: ReadonlySet<TransactionKind> = new Set(['sale', 'preAuth', 'qrSale', 'void', 'refund']);
/** Kinds the cardholder takes part in: they get the long transaction timeout. */
const CARDHOLDER_KINDS: ReadonlySet<TransactionKind> = new Set(['sale', 'preAuth', 'qrSale', 'void', 'refund']);
/** Query answers that do not prove a final state. */
const INCONCLUSIVE_CODES: ReadonlySet<string> = new Set(['25', 'L6']);
const DEFAULT_QUERY_ATTEMPTS = 2;
/** Timed-out requests remembered for late-reply matching. */
const LATE_MEMORY = 50;

interface Outstanding {
  request: TransactionRequest;
  /** The order number as the terminal will echo it (Concert carries the original instead). */
  wireOrderNo: string;
  resolve: (reply: { result: TransactionResult } | { error: string }) => void;
}

export class TerminalDriver {
  readonly mapper: ProfileMapper;
  private readonly timeouts: Timeouts;
  private channel: RecordChannel | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  private outstanding: Outstanding | undefined;
  private readonly timedOut: { request: TransactionRequest; wireOrderNo: string; earlier?: DriverResult }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly errors = new Listeners<Error>();

  constructor(private readonly options: DriverOptions) {
    this.mapper = new ProfileMapper(options.profile);
    this.timeouts = { ...options.profile.timeouts, ...options.timeouts };
  }

  // ---------------------------------------------------------------- the counter's calls

  sale(amountFen: number, orderNo: string, tender: Tender = 'card'): Promise<DriverResult> {
    return this.run({ kind: tender === 'qr' ? 'qrSale' : 'sale', amountFen, orderNo, tender });
  }

  void(original: OriginalRef, amountFen: number, orderNo: string): Promise<DriverResult> {
    return this.run({ kind: 'void', amountFen, orderNo, tender: 'card', original });
  }

  refund(original: OriginalRef, amountFen: number, orderNo: string): Promise<DriverResult> {
    return this.run({ kind: 'refund', amountFen, orderNo, tender: 'card', original });
  }

  query(orderNo: string): Promise<DriverResult> {
    return this.run({ kind: 'query', amountFen: 0, orderNo, tender: 'any' });
  }

  signIn(): Promise<DriverResult> {
    return this.run({ kind: 'signIn', amountFen: 0, orderNo: 'signIn', tender: 'any' });
  }

  settle(): Promise<DriverResult> {
    return this.run({ kind: 'settle', amountFen: 0, orderNo: 'settle', tender: 'any' });
  }

  reprint(traceNo?: string): Promise<DriverResult> {
    return this.run({ kind: 'reprint', amountFen: 0, orderNo: 'reprint', tender: 'any', ...(traceNo ? { original: { traceNo } } : {}) });
  }

  /** Reverse an order whose result is unknown (crash recovery calls this too). */
  reverse(orderNo: string, amountFen = 0, reason = 'requested'): Promise<DriverResult> {
    return this.serial(() => this.reversal({ orderNo, amountFen, kind: 'sale', reason }));
  }

  /** Any canonical request (validated). */
  run(request: TransactionRequest): Promise<DriverResult> {
    const parsed = TransactionRequestSchema.safeParse(request);
    if (!parsed.success) return Promise.reject(new Error(`invalid request: ${formatZodIssues(parsed.error)}`));
    return this.serial(() => this.transact(parsed.data));
  }

  /** Frames that decoded but were not valid vendor replies, and other protocol trouble. */
  onError(listener: (error: Error) => void): () => void {
    return this.errors.add(listener);
  }

  async close(): Promise<void> {
    const ch = this.channel;
    this.detach();
    if (ch) await ch.close();
  }

  // ------------------------------------------------------------------------- internals

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async transact(request: TransactionRequest): Promise<DriverResult> {
    const reply = await this.exchange(request);
    if ('result' in reply) return { result: { ...reply.result, orderNo: request.orderNo }, resolvedBy: 'reply' };
    // The link could not even be opened (a cable still out, a port gone): not a byte of this
    // request left the PC, so nothing can have been charged. That is a plain failure the
    // cashier may retry, not an unknown to be queried and reversed over the same dead link.
    if (reply.notSent) return { result: emptyResult(request, 'L8', this.now().toISOString(), `无法连接终端，交易未发出：${reply.error}`), resolvedBy: 'notSent' };
    if (!MONEY_KINDS.has(request.kind)) {
      return { result: emptyResult(request, '06', this.now().toISOString(), `终端无应答：${reply.error}`), resolvedBy: 'unresolved' };
    }
    const resolved = await this.recover(request, reply.error);
    const memo = this.timedOut.find((t) => t.request === request);
    if (memo) memo.earlier = resolved;
    return resolved;
  }

  /** Sends one request and waits for its reply; never throws. */
  private async exchange(request: TransactionRequest): Promise<{ result: TransactionResult } | { error: string; notSent?: true }> {
    let channel: RecordChannel;
    try {
      channel = await this.ensureChannel();
    } catch (error) {
      return { error: `cannot open the link: ${messageOf(error)}`, notSent: true };
    }
    const message = this.mapper.toVendor(request, this.now());
    let wireOrderNo: string;
    try {
      wireOrderNo = this.mapper.parseRequest(message).orderNo;
    } catch {
      wireOrderNo = request.orderNo;
    }
    const waitMs = CARDHOLDER_KINDS.has(request.kind) ? this.timeouts.txnMs : this.timeouts.queryMs;
    const reply = new Promise<{ result: TransactionResult } | { error: string }>((resolve) => {
      const timer = setTimeout(() => {
        if (this.outstanding?.request === request) this.outstanding = undefined;
        this.remember(request, wireOrderNo);
        resolve({ error: `no reply within ${waitMs} ms` });
      }, waitMs);
      this.outstanding = {
        request,
        wireOrderNo,
        resolve: (r) => {
          clearTimeout(timer);
          this.outstanding = undefined;
          if ('error' in r) this.remember(request, wireOrderNo);
          resolve(r);
        },
      };
    });
    try {
      await channel.send(message);
    } catch (error) {
      this.errors.emit(new Error(`${request.kind} ${request.orderNo}: send failed: ${messageOf(error)}`));
      this.outstanding?.resolve({ error: `send failed: ${messageOf(error)}` });
      // A busy or NAKing peer is not a dead link: keep it, so replies already on their way
      // (a late approval) still arrive. Only a closed transport is dropped and reopened.
      if (this.channel === channel && !channel.transport.isOpen) await this.dropChannel();
    }
    return reply;
  }

  private remember(request: TransactionRequest, wireOrderNo: string): void {
    if (this.timedOut.some((t) => t.request === request)) return;
    this.timedOut.push({ request, wireOrderNo });
    if (this.timedOut.length > LATE_MEMORY) this.timedOut.shift();
  }

  private async recover(request: TransactionRequest, reason: string): Promise<DriverResult> {
    const attempts = this.options.queryAttempts ?? DEFAULT_QUERY_ATTEMPTS;
    for (let i = 0; i < attempts; i++) {
      const q = await this.exchange({ kind: 'query', amountFen: 0, orderNo: request.orderNo, tender: 'any' });
      if (!('result' in q)) continue;
      const r = q.result;
      if (r.outcome === 'unknown' || INCONCLUSIVE_CODES.has(r.responseCode)) break;
      // A final state on the terminal: approved, declined, cancelled or already reversed.
      return { result: { ...r, orderNo: request.orderNo, amountFen: r.amountFen || request.amountFen }, resolvedBy: 'query' };
    }
    return this.reversal({ orderNo: request.orderNo, amountFen: request.amountFen, kind: request.kind, reason });
  }

  private async reversal(entry: ReversalEntry): Promise<DriverResult> {
    // Write-ahead: the counter records the reversal before a byte of it is sent.
    await this.options.journal?.reversalPending(entry);
    const request: TransactionRequest = { kind: 'reverse', amountFen: 0, orderNo: entry.orderNo, tender: 'any' };
    let last = '';
    for (let attempt = 1; attempt <= this.timeouts.reversalAttempts; attempt++) {
      const reply = await this.exchange(request);
      if ('result' in reply && reply.result.outcome === 'approved') {
        const result: TransactionResult = {
          ...reply.result,
          outcome: 'cancelled',
          responseCode: 'L7',
          message: `交易已冲正（${reply.result.message}）`,
          orderNo: entry.orderNo,
          amountFen: entry.amountFen,
        };
        await this.options.journal?.reversalDone(entry, result);
        return { result, resolvedBy: 'reversal' };
      }
      last = 'result' in reply ? `${reply.result.responseCode} ${reply.result.message}` : reply.error;
      if (attempt < this.timeouts.reversalAttempts) await delay(this.timeouts.reversalRetryMs);
    }
    const result = emptyResult(
      { orderNo: entry.orderNo, amountFen: entry.amountFen },
      'L6',
      this.now().toISOString(),
      `冲正未确认（${last}），结果未知，请稍后重试冲正`,
    );
    return { result, resolvedBy: 'unresolved' };
  }

  private async ensureChannel(): Promise<RecordChannel> {
    if (this.channel) return this.channel;
    const ch = await this.options.connect();
    this.channel = ch;
    this.unsubscribe.push(
      ch.onMessage((m) => this.received(m)),
      ch.onError((e) => this.errors.emit(e)),
      ch.onEvent((e) => {
        this.options.onLinkEvent?.(e);
        if (e.type === 'closed' || (e.type === 'error' && !ch.transport.isOpen)) void this.linkLost(ch, e.message);
      }),
      ch.transport.onClose((error) => void this.linkLost(ch, error?.message ?? 'link closed')),
    );
    return ch;
  }

  private async linkLost(ch: RecordChannel, why: string): Promise<void> {
    if (this.channel !== ch) return;
    this.detach();
    this.outstanding?.resolve({ error: `link lost: ${why}` });
    await ch.close().catch(() => undefined);
  }

  private async dropChannel(): Promise<void> {
    const ch = this.channel;
    this.detach();
    await ch?.close().catch(() => undefined);
  }

  private detach(): void {
    this.channel = undefined;
    for (const u of this.unsubscribe.splice(0)) u();
  }

  private received(message: VendorMessage): void {
    let decoded: ReturnType<ProfileMapper['fromVendor']>;
    try {
      decoded = this.mapper.fromVendor(message, this.now());
    } catch (error) {
      this.errors.emit(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const o = this.outstanding;
    if (decoded.type === 'progress') {
      if (o) this.options.onProgress?.(decoded.event, o.request);
      return;
    }
    const { result, kind } = decoded;
    if (o && matches(o.request.kind, o.wireOrderNo, kind, result)) {
      o.resolve({ result });
      return;
    }
    const late = [...this.timedOut].reverse().find((t) => matches(t.request.kind, t.wireOrderNo, kind, result));
    if (late) {
      this.timedOut.splice(this.timedOut.indexOf(late), 1);
      this.options.onLateResult?.({ request: late.request, result: { ...result, orderNo: late.request.orderNo }, earlier: late.earlier });
      return;
    }
    this.errors.emit(new Error(`unsolicited ${kind ?? 'reply'} for order "${result.orderNo}" ignored (duplicate or stale)`));
  }
}

function matches(kind: TransactionKind, wireOrderNo: string, replyKind: TransactionKind | undefined, r: TransactionResult): boolean {
  if (replyKind !== undefined && replyKind !== kind) return false;
  // A reprint answers with the reprinted transaction's order number.
  if (kind === 'reprint') return true;
  return r.orderNo === '' || r.orderNo === wireOrderNo;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
