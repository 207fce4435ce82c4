/**
 * The simulated terminal's brain: the card-transaction state machine of a bank terminal /
 * acquiring app (vendor-protocols.md §5 B, C, F), independent of any vendor's wire format.
 *
 *   sign-in required (after settlement or a new day; only where the vendor needs one, RunPolicy)
 *   -> idle -> waiting card -> reading (chip | tap | swipe; chip failure falls back to swipe)
 *   -> PIN (retry, last try, blocked after 3) -> online -> approved | declined -> print
 *
 * Pure apart from the optional state file: the clock and the pause between stages are
 * injected, card numbers and auth codes come from a seeded PRNG. One transaction runs at a
 * time, like a real terminal.
 */
import { maskPan } from '../../shared/card-data';
import { storeDay, storeMmdd } from '../../shared/store-time';
import {
  type CardType,
  emptyResult,
  isDomesticPan,
  type ProgressEvent,
  type ProgressStage,
  PROGRESS_MESSAGES,
  type SettlementTotals,
  type TransactionKind,
  type TransactionRequest,
  type TransactionResult,
  settlementBucket,
} from '../model';
import { BRAIN_FAULTS, type Fault } from './faults';
import { DEFAULT_OUTCOME_RULES, type OutcomeRule, ruleForAmount } from './outcome-rules';
import { Prng } from './prng';
import { type CardScript, CardScriptSchema, type Scenario, type ScenarioStep } from './scenario';
import {
  batchNo,
  initialState,
  type JournalEntry,
  loadState,
  nextBatch,
  nextReference,
  nextTrace,
  saveState,
  type TerminalState,
} from './terminal-state';

export interface TerminalOptions {
  terminalId?: string;
  merchantId?: string;
  seed?: number;
  now?: () => Date;
  /** Simulated pause between stages; tests pass 0, a demo a few hundred ms. */
  stageDelayMs?: number;
  delay?: (ms: number) => Promise<void>;
  /** JSON file holding counters + journal; absent = in memory only. */
  statePath?: string;
  rules?: readonly OutcomeRule[];
  scenario?: Scenario;
  /** Every online decision waits for decide(); a UI's approve/decline buttons. */
  manual?: boolean;
  /** Business-day boundary offset in minutes east of UTC; China terminals roll over at 00:00 store time (the default). */
  utcOffsetMinutes?: number;
  /**
   * Asked first for every transaction: a control API's queued "next outcome / fault" step.
   * Returning a step takes precedence over the scenario's; undefined falls through to it.
   */
  nextStep?: (request: TransactionRequest) => ScenarioStep | undefined;
}

/** Rules of the vendor the terminal plays, for one transaction (the device passes its profile's). */
export interface RunPolicy {
  /**
   * Card transactions are refused (L1) until a sign-in today; default true. False for a
   * terminal that logs on to its acquirer by itself (Concert): the register never signs in.
   */
  signInRequired?: boolean;
}

export interface TerminalRun {
  result: TransactionResult;
  /** Byte/link faults for the device adapter to apply to the reply. */
  faults: Fault[];
}

export interface PendingDecision {
  id: string;
  request: TransactionRequest;
}

/** Offline PIN tries before the card is blocked (75). */
const PIN_TRIES = 3;
const AUTH_CODE_DIGITS = 6;
const SALE_KINDS: ReadonlySet<TransactionKind> = new Set(['sale', 'preAuth', 'qrSale']);
/** Sample BINs the PRNG draws from: UnionPay debit/credit and one Visa for 外卡. */
const SAMPLE_CARDS: readonly { bin: string; length: number; cardType: '00' | '01' }[] = [
  { bin: '621700', length: 19, cardType: '00' },
  { bin: '622588', length: 16, cardType: '01' },
  { bin: '623668', length: 19, cardType: '00' },
  { bin: '476173', length: 16, cardType: '01' },
];

export class SimulatedTerminal {
  private readonly prng: Prng;
  private readonly rules: readonly OutcomeRule[];
  private readonly steps: ScenarioStep[];
  private readonly scenarioFaults: Fault[];
  private injected: Fault[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pendingDecisions = new Map<
    string,
    { request: TransactionRequest; resolve: (code: string) => void }
  >();
  private readonly pendingListeners = new Set<(pending: PendingDecision[]) => void>();

  private constructor(
    private state: TerminalState,
    private readonly options: TerminalOptions,
  ) {
    this.prng = new Prng(options.seed ?? options.scenario?.seed ?? 1);
    this.rules = options.rules ?? DEFAULT_OUTCOME_RULES;
    this.steps = [...(options.scenario?.steps ?? [])];
    this.scenarioFaults = [...(options.scenario?.faults ?? [])];
  }

  static async open(options: TerminalOptions = {}): Promise<SimulatedTerminal> {
    const state = options.statePath ? await loadState(options.statePath) : initialState();
    return new SimulatedTerminal(state, options);
  }

  get terminalId(): string {
    return this.options.terminalId ?? '10000001';
  }
  get merchantId(): string {
    return this.options.merchantId ?? '898310048990001';
  }

  /**
   * Read-only copy of the in-terminal journal (for a UI and for tests); with `last`, only
   * the newest entries — what a screen shows, copied without copying a whole day's journal.
   */
  journal(last?: number): readonly JournalEntry[] {
    return structuredClone(last === undefined ? this.state.journal : this.state.journal.slice(-last));
  }

  counters(): { trace: number; batch: number; reference: number; signedInDay: string | null } {
    const { trace, batch, reference, signedInDay } = this.state;
    return { trace, batch, reference, signedInDay };
  }

  /** Forgets counters, sign-in and journal (a factory reset) and saves that; queued faults go too. */
  async wipeState(): Promise<void> {
    this.state = initialState();
    this.injected = [];
    await this.persist();
  }

  /** Faults for the next transaction only (a QA "break the next one" button). */
  injectFaults(faults: readonly Fault[]): void {
    this.injected.push(...faults);
  }

  pending(): PendingDecision[] {
    return [...this.pendingDecisions].map(([id, p]) => ({ id, request: p.request }));
  }

  onPending(listener: (pending: PendingDecision[]) => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }

  /** Manual mode: answer a pending transaction with a field-39 code ('00', '51', 'L2' cancel). */
  decide(id: string, responseCode: string): boolean {
    const p = this.pendingDecisions.get(id);
    if (!p) return false;
    this.pendingDecisions.delete(id);
    this.notifyPending();
    p.resolve(responseCode);
    return true;
  }

  /** Runs one transaction. Calls queue behind each other: a terminal does one thing at a time. */
  execute(request: TransactionRequest, onProgress?: (e: ProgressEvent) => void, policy: RunPolicy = {}): Promise<TerminalRun> {
    const run = this.queue.then(() => this.run(request, onProgress ?? (() => {}), policy));
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ------------------------------------------------------------------------------------------

  private async run(request: TransactionRequest, onProgress: (e: ProgressEvent) => void, policy: RunPolicy): Promise<TerminalRun> {
    const step = this.options.nextStep?.(request) ?? this.takeStep(request);
    const rule = SALE_KINDS.has(request.kind) ? ruleForAmount(request.amountFen, this.rules) : undefined;
    const faults = [...this.scenarioFaults, ...this.injected, ...(step?.faults ?? []), ...(rule?.faults ?? [])];
    this.injected = [];
    const deviceFaults = faults.filter((f) => !BRAIN_FAULTS.has(f));
    const ctx: RunContext = {
      request,
      step,
      ruleCode: rule?.responseCode ?? '00',
      faults: new Set(faults),
      signInRequired: policy.signInRequired ?? true,
      emit: async (stage, message) => {
        onProgress({ stage, message: message ?? PROGRESS_MESSAGES[stage] });
        await this.pause();
      },
    };
    const result = await this.dispatch(ctx);
    await this.persist();
    return { result, faults: deviceFaults };
  }

  private dispatch(ctx: RunContext): Promise<TransactionResult> | TransactionResult {
    const { request } = ctx;
    if (ctx.faults.has('functionNotEnabled')) return this.fail(request, '40');
    switch (request.kind) {
      case 'signIn':
        return this.signIn(request);
      case 'query':
        return this.query(request);
      case 'reverse':
        return this.reverse(request);
      case 'reprint':
        return this.reprint(ctx);
      default:
        break;
    }
    if (ctx.signInRequired && !this.signedIn()) return this.fail(request, 'L1');
    switch (request.kind) {
      case 'sale':
      case 'preAuth':
      case 'qrSale':
        return this.sale(ctx);
      case 'void':
        return this.voidTxn(ctx);
      case 'refund':
        return this.refund(ctx);
      case 'settle':
        return this.settle(ctx);
    }
  }

  private takeStep(request: TransactionRequest): ScenarioStep | undefined {
    const i = this.steps.findIndex(
      (s) =>
        // A step without a kind scripts the next sale, so sign-ins and queries don't eat it.
        (s.match?.kind === undefined ? SALE_KINDS.has(request.kind) : s.match.kind === request.kind) &&
        (s.match?.orderNo === undefined || s.match.orderNo === request.orderNo) &&
        (s.match?.amountFen === undefined || s.match.amountFen === request.amountFen),
    );
    if (i < 0) return undefined;
    return this.steps.splice(i, 1)[0];
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async pause(): Promise<void> {
    const ms = this.options.stageDelayMs ?? 0;
    if (ms > 0) await (this.options.delay ?? defaultDelay)(ms);
  }

  /** Local business day and MMDD, shifted by the terminal's UTC offset. */
  private localDay(): { day: string; mmdd: string } {
    const offset = this.options.utcOffsetMinutes; // undefined: the store's
    const now = this.now();
    return { day: storeDay(now, offset), mmdd: storeMmdd(now, offset) };
  }

  private signedIn(): boolean {
    return this.state.signedInDay === this.localDay().day;
  }

  private base(request: TransactionRequest, code: string, message?: string): TransactionResult {
    return {
      ...emptyResult(request, code, this.now().toISOString(), message),
      terminalId: this.terminalId,
      merchantId: this.merchantId,
      batchNo: batchNo(this.state),
    };
  }

  private fail(request: TransactionRequest, code: string, message?: string): TransactionResult {
    return this.base(request, code, message);
  }

  private async persist(): Promise<void> {
    if (this.options.statePath) await saveState(this.options.statePath, this.state);
  }

  private notifyPending(): void {
    const list = this.pending();
    for (const l of this.pendingListeners) l(list);
  }

  private signIn(request: TransactionRequest): TransactionResult {
    this.state.signedInDay = this.localDay().day;
    return this.base(request, '00', '签到成功');
  }

  /** Online decision: scenario code, else a manual decision, else the amount rules. */
  private async decideOnline(ctx: RunContext, traceNo: string): Promise<string> {
    if (ctx.step?.responseCode) return ctx.step.responseCode;
    if (this.options.manual || ctx.step?.manual) {
      return new Promise<string>((resolve) => {
        this.pendingDecisions.set(traceNo, { request: ctx.request, resolve });
        this.notifyPending();
      });
    }
    return ctx.ruleCode;
  }

  private drawCard(script: CardScript): { pan: string; cardType: CardType } {
    if (script.pan) return { pan: script.pan, cardType: script.cardType ?? '00' };
    const sample = this.prng.pick(SAMPLE_CARDS);
    const pan = sample.bin + this.prng.digits(sample.length - sample.bin.length);
    return { pan, cardType: script.cardType ?? sample.cardType };
  }

  /** Card presentation and PIN entry; returns a local stop code, or the card read. */
  private async presentCard(
    ctx: RunContext,
  ): Promise<{ stop: string } | { pan: string; cardType: CardType }> {
    const script = ctx.step?.card ?? CardScriptSchema.parse({});
    await ctx.emit('waitingCard');
    if (script.cancelAt === 'waitingCard') return { stop: 'L2' };
    await ctx.emit('readingCard');
    if (script.entry === 'chip' && script.chipFails) {
      // 降级交易: chip read failed, the terminal asks for a swipe instead.
      await ctx.emit('waitingCard', '芯片读卡失败，请刷卡');
      await ctx.emit('readingCard');
    }
    const card = this.drawCard(script);
    let wrong = 0;
    for (const attempt of script.pin) {
      const left = PIN_TRIES - wrong;
      await ctx.emit('waitingPin', wrong === 0 ? undefined : left === 1 ? '密码错误，最后一次输入' : '密码错误，请重新输入');
      if (script.cancelAt === 'waitingPin') return { stop: 'L2' };
      if (attempt === 'ok') break;
      wrong += 1;
      if (wrong >= PIN_TRIES) return { stop: '75' };
    }
    return card;
  }

  private async sale(ctx: RunContext): Promise<TransactionResult> {
    const { request } = ctx;
    // findSale finds nothing for a blank order number: a register that sends none (Concert's
    // blank private field) cannot be told from one repeating itself, so nothing is a duplicate.
    if (ctx.faults.has('duplicateOrderNo') || this.findSale(request.orderNo)?.result.outcome === 'approved') {
      return this.fail(request, '94');
    }
    let pan = '';
    let cardType: TransactionResult['cardType'] = '';
    let channel: TransactionResult['channel'];
    if (request.kind === 'qrSale' || request.tender === 'qr') {
      channel = ctx.step?.channel ?? this.prng.pick(['wechat', 'alipay', 'unionpay'] as const);
    } else {
      const card = await this.presentCard(ctx);
      if ('stop' in card) return this.fail(request, card.stop);
      pan = card.pan;
      cardType = card.cardType;
    }
    await ctx.emit('processing');
    const traceNo = nextTrace(this.state);
    const entry: JournalEntry = {
      kind: request.kind,
      result: {
        ...this.base(request, 'L6'),
        traceNo,
        maskedPan: maskPan(pan),
        cardType,
        ...(channel ? { channel } : {}),
      },
      inProgress: true,
      voided: false,
      reversed: false,
      refundedFen: 0,
      date: this.localDay().mmdd,
      domestic: pan === '' || isDomesticPan(pan),
    };
    // Journal before the online step: an app killed mid-way still knows the order on query.
    this.state.journal.push(entry);
    await this.persist();
    const code = await this.decideOnline(ctx, traceNo);
    return this.finish(ctx, entry, code);
  }

  private async finish(ctx: RunContext, entry: JournalEntry, code: string): Promise<TransactionResult> {
    if (entry.reversed) return entry.result; // reversed while waiting for a manual decision
    const fresh = this.base(ctx.request, code);
    entry.result = {
      ...entry.result,
      outcome: fresh.outcome,
      responseCode: code,
      message: fresh.message,
      refNo: code.startsWith('L') ? '' : nextReference(this.state),
      authCode: fresh.outcome === 'approved' ? this.prng.digits(AUTH_CODE_DIGITS) : '',
    };
    entry.inProgress = false;
    if (fresh.outcome === 'approved') await ctx.emit('printing');
    return structuredClone(entry.result);
  }

  /** The latest standing sale of `orderNo`; none for a blank one (no key to find it by). */
  private findSale(orderNo: string): JournalEntry | undefined {
    if (orderNo === '') return undefined;
    for (let i = this.state.journal.length - 1; i >= 0; i--) {
      const e = this.state.journal[i];
      if (e && SALE_KINDS.has(e.kind) && e.result.orderNo === orderNo && !e.reversed) return e;
    }
    return undefined;
  }

  private async voidTxn(ctx: RunContext): Promise<TransactionResult> {
    const { request } = ctx;
    const batch = batchNo(this.state);
    const original = this.state.journal.find(
      (e) =>
        SALE_KINDS.has(e.kind) &&
        e.result.traceNo === request.original?.traceNo &&
        e.result.batchNo === batch &&
        e.result.outcome === 'approved' &&
        !e.reversed,
    );
    if (!original) return this.fail(request, '25');
    if (original.voided) return this.fail(request, 'L5');
    if (request.amountFen !== 0 && request.amountFen !== original.result.amountFen) {
      return this.fail(request, '64');
    }
    return this.adjust(ctx, original, original.result.amountFen, () => {
      original.voided = true;
    });
  }

  private async refund(ctx: RunContext): Promise<TransactionResult> {
    const { request } = ctx;
    const ref = request.original;
    const original = this.state.journal.find(
      (e) =>
        SALE_KINDS.has(e.kind) &&
        // By 参考号 (the usual key); profiles whose wire has no room for it send the trace.
        (ref?.refNo !== undefined
          ? e.result.refNo === ref.refNo
          : ref?.traceNo !== undefined && e.result.traceNo === ref.traceNo) &&
        (ref?.date === undefined || e.date === ref.date) &&
        e.result.outcome === 'approved' &&
        !e.voided &&
        !e.reversed,
    );
    if (!original) return this.fail(request, '25');
    if (request.amountFen <= 0 || request.amountFen > original.result.amountFen - original.refundedFen) {
      return this.fail(request, '13');
    }
    return this.adjust(ctx, original, request.amountFen, () => {
      original.refundedFen += request.amountFen;
    });
  }

  /** Void and refund: an online transaction against an original sale. */
  private async adjust(
    ctx: RunContext,
    original: JournalEntry,
    amountFen: number,
    apply: () => void,
  ): Promise<TransactionResult> {
    await ctx.emit('processing');
    const entry: JournalEntry = {
      kind: ctx.request.kind,
      result: {
        ...this.base({ ...ctx.request, amountFen }, 'L6'),
        traceNo: nextTrace(this.state),
        maskedPan: original.result.maskedPan,
        cardType: original.result.cardType,
        ...(original.result.channel ? { channel: original.result.channel } : {}),
      },
      inProgress: true,
      voided: false,
      reversed: false,
      refundedFen: 0,
      date: this.localDay().mmdd,
      domestic: original.domestic,
    };
    this.state.journal.push(entry);
    const code = ctx.step?.responseCode ?? '00';
    const result = await this.finish(ctx, entry, code);
    if (result.outcome === 'approved') apply();
    return result;
  }

  private query(request: TransactionRequest): TransactionResult {
    const trace = request.original?.traceNo;
    const entry = [...this.state.journal]
      .reverse()
      .find((e) =>
        trace ? e.result.traceNo === trace : request.orderNo === '' || e.result.orderNo === request.orderNo,
      );
    if (!entry) return this.fail(request, '25');
    if (entry.reversed) return { ...structuredClone(entry.result), outcome: 'cancelled', responseCode: 'L7', message: '交易已冲正' };
    return structuredClone(entry.result);
  }

  /** 冲正: undo whatever the order did; idempotent so the host can retry until acknowledged. */
  private reverse(request: TransactionRequest): TransactionResult {
    const entry = this.findSale(request.orderNo);
    const alreadyReversed = this.state.journal.some(
      (e) => SALE_KINDS.has(e.kind) && e.result.orderNo === request.orderNo && e.reversed,
    );
    if (!entry) return this.base(request, '00', alreadyReversed ? '已冲正' : '无需冲正');
    entry.reversed = true;
    if (entry.inProgress) {
      entry.inProgress = false;
      entry.result = { ...entry.result, outcome: 'cancelled', responseCode: 'L7', message: '交易已冲正' };
    }
    return { ...this.base(request, '00', '冲正成功'), traceNo: entry.result.traceNo, amountFen: entry.result.amountFen };
  }

  private async reprint(ctx: RunContext): Promise<TransactionResult> {
    const trace = ctx.request.original?.traceNo;
    const entry = [...this.state.journal]
      .reverse()
      .find((e) => (trace ? e.result.traceNo === trace : e.result.outcome === 'approved'));
    if (!entry) return this.fail(ctx.request, '25');
    await ctx.emit('printing');
    return { ...structuredClone(entry.result), outcome: 'approved', responseCode: '00', message: '重打印成功' };
  }

  private async settle(ctx: RunContext): Promise<TransactionResult> {
    await ctx.emit('processing');
    const batch = batchNo(this.state);
    const zero = () => ({ count: 0, amountFen: 0 });
    const totals: SettlementTotals = {
      domestic: { debit: zero(), credit: zero() },
      foreign: { debit: zero(), credit: zero() },
    };
    for (const e of this.state.journal) {
      const r = e.result;
      if (r.batchNo !== batch || r.outcome !== 'approved' || e.reversed || r.channel) continue;
      if (e.kind !== 'sale' && e.kind !== 'refund') continue;
      if (e.kind === 'sale' && e.voided) continue;
      const side = e.domestic ? totals.domestic : totals.foreign;
      const bucket = side[settlementBucket(r.cardType)];
      bucket.count += 1;
      bucket.amountFen += e.kind === 'refund' ? -r.amountFen : r.amountFen;
    }
    for (const side of [totals.domestic, totals.foreign]) {
      for (const b of [side.debit, side.credit]) b.amountFen = Math.max(0, b.amountFen);
    }
    const result: TransactionResult = { ...this.base(ctx.request, '00', '结算成功'), settlement: totals };
    nextBatch(this.state);
    this.state.signedInDay = null; // a closed batch needs a new sign-in
    await ctx.emit('printing');
    return result;
  }
}

interface RunContext {
  request: TransactionRequest;
  step: ScenarioStep | undefined;
  ruleCode: string;
  faults: ReadonlySet<Fault>;
  signInRequired: boolean;
  emit: (stage: ProgressStage, message?: string) => Promise<void>;
}

function defaultDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
