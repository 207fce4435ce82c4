/**
 * SyncWorker: forwards the outbox to HQ in batches (contract: README.md here).
 *
 * - At-least-once: an event is marked sent only after HQ acknowledged it (accepted
 *   or duplicate). A crash or a lost answer means a resend, which HQ deduplicates by
 *   event id: exactly-once effect.
 * - Per-aggregate order: batches follow append order, and an aggregate whose earlier
 *   event is quarantined is held back (OutboxRepo.nextBatch); HQ refuses a gap
 *   (SEQ_GAP), so nothing reaches it out of order even after a partial failure.
 * - Online/offline comes from the sync attempts themselves; while offline the worker
 *   probes `GET /v1/health` (cheap) before sending a batch again.
 * - One exchange at a time: cycles run through a single lock, so flushNow(), the
 *   timer and retryQuarantined() never race each other.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/open';
import { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy, retryDelay } from './sync-retry';
import { capWarning, type OutboxCaps } from './cap-warning';
import { batchResponseSchema, errorBodySchema, eventsPath, HEALTH_PATH, HQ_MAX_BATCH, REJECT_CODES } from './hq-contract';
import { OutboxRepo, type PendingEvent } from './outbox-repo';
import type { QueueStatus } from './types';

/** The subset of a pino logger the worker uses. */
export interface SyncLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SyncWorkerOptions {
  db: Db;
  /** HQ base URL, e.g. http://127.0.0.1:8430 (no trailing path). */
  hqUrl: string;
  storeId: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Events per request (at most HQ_MAX_BATCH). */
  batchSize?: number;
  caps: OutboxCaps;
  now?: () => number;
  fetch?: typeof fetch;
  log?: SyncLog;
  backoff?: RetryPolicy;
  random?: () => number;
  /** A request HQ has not answered in this long is abandoned and retried. */
  requestTimeoutMs?: number;
  /** How often an idle worker looks for new events appended by other code. */
  idlePollMs?: number;
}

export type StatusListener = (s: QueueStatus) => void;

/** 200 events × ~300 bytes ≈ 60 kB a request: one round trip amortises well, and a lost answer costs little. */
export const DEFAULT_BATCH_SIZE = 200;
/** Long enough for HQ to commit a full batch on a slow disk; short enough to notice a hung link. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** appendEvent runs in other code's transactions and cannot wake the worker; this bounds the delay. */
export const DEFAULT_IDLE_POLL_MS = 1_000;
/** The health probe is a tiny GET: fail it fast. */
const PROBE_TIMEOUT_MS = 5_000;
/** Throughput is "acknowledged in the last minute". */
const THROUGHPUT_WINDOW_MS = 60_000;
/** The arrival rate behind the count countdown is averaged over five minutes. */
const ARRIVAL_WINDOW_MS = 5 * 60_000;
/** onStatus re-checks this often so age countdowns move while nothing else happens. */
const STATUS_TICK_MS = 1_000;
/** The status bar needs the head of a poison flood, not all of it; exportQuarantined() gives all. */
const QUARANTINE_LIST_LIMIT = 500;

type CycleResult = { next: 'more' } | { next: 'idle' } | { next: 'failed'; delayMs: number };

export class SyncWorker {
  private readonly repo: OutboxRepo;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private readonly batchSize: number;
  private readonly backoff: RetryPolicy;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly idlePollMs: number;

  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private kicked = false;
  private lock: Promise<unknown> = Promise.resolve();
  private inflight: AbortController | null = null;

  private online: boolean | null = null;
  private failures = 0;
  private lastError: string | null = null;
  private lastSyncAt: string | null = null;
  private sentTotal = 0;
  /** Shrinks when HQ refuses a batch as a whole, to isolate the event it chokes on. */
  private effectiveBatch: number;
  private readonly acks: Array<{ t: number; n: number }> = [];
  private readonly arrivals: Array<{ t: number; pos: number }> = [];
  private readonly listeners = new Set<StatusListener>();
  private lastEmitted = '';

  constructor(private readonly opts: SyncWorkerOptions) {
    this.repo = new OutboxRepo(opts.db);
    this.now = opts.now ?? Date.now;
    this.fetchImpl = opts.fetch ?? fetch;
    this.batchSize = Math.max(1, Math.min(opts.batchSize ?? DEFAULT_BATCH_SIZE, HQ_MAX_BATCH));
    this.effectiveBatch = this.batchSize;
    this.backoff = opts.backoff ?? DEFAULT_RETRY;
    this.random = opts.random ?? Math.random;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.idlePollMs = opts.idlePollMs ?? DEFAULT_IDLE_POLL_MS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
    this.syncStatusTimer();
  }

  /** Stops the loop and abandons an in-flight request (its events stay pending). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.syncStatusTimer();
    this.inflight?.abort(new Error('sync worker stopped'));
    await this.lock;
  }

  /**
   * Sends now, ignoring any backoff wait, until the queue is empty or an attempt
   * fails; resolves with the status afterwards. Works whether or not start() was called.
   */
  async flushNow(): Promise<QueueStatus> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const last = await this.exclusive(async () => {
      let r: CycleResult;
      do r = await this.cycle();
      while (r.next === 'more');
      return r;
    });
    this.afterCycle(last);
    return this.status();
  }

  /** Puts a quarantined event back in the queue (after HQ was fixed); false if there is none with that id. */
  retryQuarantined(id: string): boolean {
    const released = this.repo.release(id);
    if (released) {
      this.opts.log?.info({ id }, 'quarantined outbox event released for retry');
      this.kick();
      this.emitIfChanged();
    }
    return released;
  }

  /** Every quarantined event with its error, one JSON object per line, for support. */
  exportQuarantined(): string {
    return this.repo
      .quarantined()
      .map((q) => `${JSON.stringify(q)}\n`)
      .join('');
  }

  /** Subscribes to status changes (fired only when something visible changed); returns the unsubscribe. */
  onStatus(cb: StatusListener): () => void {
    this.listeners.add(cb);
    this.syncStatusTimer();
    return () => {
      this.listeners.delete(cb);
      this.syncStatusTimer();
    };
  }

  status(): QueueStatus {
    const now = this.now();
    const c = this.repo.counts();
    this.sampleArrivals(now);
    const oldestAgeMs = c.oldestAtMs === null ? 0 : Math.max(0, now - c.oldestAtMs);
    while (this.acks.length > 0 && this.acks[0].t < now - THROUGHPUT_WINDOW_MS) this.acks.shift();
    return {
      online: this.online,
      pending: c.pending,
      oldestAgeMs,
      sentTotal: this.sentTotal,
      throughputPerMin: this.acks.reduce((sum, a) => sum + a.n, 0),
      lastError: this.lastError,
      lastSyncAt: this.lastSyncAt,
      quarantined: c.quarantined > 0 ? this.repo.quarantined().slice(0, QUARANTINE_LIST_LIMIT) : [],
      capWarning: capWarning({ unforwarded: c.pending + c.quarantined, oldestAgeMs, caps: this.opts.caps, arrivalPerMs: this.arrivalRate(now) }),
    };
  }

  // ---- the loop ------------------------------------------------------------

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private schedule(delayMs: number): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.exclusive(() => this.cycle()).then((r) => this.afterCycle(r));
    }, delayMs);
  }

  private afterCycle(r: CycleResult): void {
    this.emitIfChanged();
    const kicked = this.kicked;
    this.kicked = false;
    if (kicked || r.next === 'more') this.schedule(0);
    else this.schedule(r.next === 'idle' ? this.idlePollMs : r.delayMs);
  }

  /**
   * Tells a running worker that events were just committed, so it sends now
   * instead of at the next idle poll. Does not skip a backoff wait after a failure.
   */
  nudge(): void {
    if (this.failures === 0) this.kick();
  }

  /** Re-runs the loop now: after a retry request, or new work the caller knows of. */
  private kick(): void {
    if (!this.running) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.schedule(0);
    } else {
      this.kicked = true;
    }
  }

  /** One exchange with HQ. Never throws: every failure becomes a result and a lastError. */
  private async cycle(): Promise<CycleResult> {
    try {
      if (this.online === false && !(await this.probe())) return this.failed(null);
      const batch = this.repo.nextBatch(this.effectiveBatch);
      if (batch.length === 0) return { next: 'idle' };
      return await this.send(batch);
    } catch (err) {
      // A bug or a database error: report it and retry later rather than kill the loop.
      return this.failed(`sync failed: ${explainError(err)}`);
    }
  }

  private async probe(): Promise<boolean> {
    try {
      const res = await this.request(HEALTH_PATH, { method: 'GET' }, PROBE_TIMEOUT_MS);
      await res.body?.cancel();
      if (!res.ok) return false;
      this.setOnline(true);
      return true;
    } catch (err) {
      this.noteError(`HQ unreachable: ${explainError(err)}`);
      return false;
    }
  }

  private async send(batch: PendingEvent[]): Promise<CycleResult> {
    const ids = batch.map((e) => e.id);
    const body = JSON.stringify({ events: batch.map(({ pos: _pos, ...e }) => e) });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey(this.opts.storeId, ids),
    };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;

    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await this.request(eventsPath(this.opts.storeId), { method: 'POST', headers, body }, this.requestTimeoutMs);
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      this.repo.settle(this.isoNow(), [], [], batch);
      if (!this.running && this.inflightAborted) return this.failed('sync stopped with a request in flight; its events stay queued');
      this.setOnline(false);
      return this.failed(`HQ unreachable: ${explainError(err)}`);
    }

    if (status === 200) return this.applyAnswer(batch, text);

    const hqMessage = errorMessage(text);
    if (status === 400 || status === 413 || status === 422) {
      this.setOnline(true);
      if (batch.length > 1) {
        // HQ refused the batch as a whole: halve it until the event it chokes on is alone.
        this.effectiveBatch = Math.max(1, Math.floor(batch.length / 2));
        this.noteError(`HQ refused a batch of ${batch.length} (${status}: ${hqMessage}); retrying in smaller batches`);
        return { next: 'more' };
      }
      const [only] = batch;
      this.repo.settle(this.isoNow(), [], [{ event: only, code: `HTTP_${status}`, message: hqMessage }], []);
      this.noteError(`HQ refused event ${only.type} ${only.aggregateId}#${only.seq} (${status}: ${hqMessage}); quarantined`);
      return { next: 'more' };
    }

    this.repo.settle(this.isoNow(), [], [], batch);
    if (status === 401 || status === 403) {
      this.setOnline(true);
      return this.failed(`HQ refused the store's credentials (${status}: ${hqMessage}); check the HQ token for store ${this.opts.storeId}`);
    }
    if (status === 429) {
      this.setOnline(true);
      const wait = parseRetryAfter(retryAfter, this.now());
      return this.failed(`HQ asked the store to slow down (429: ${hqMessage})`, wait);
    }
    // 502/503/504 come from a proxy that cannot reach HQ: that is "offline" to the cashier.
    this.setOnline(!(status === 502 || status === 503 || status === 504));
    return this.failed(`HQ answered ${status}: ${hqMessage}`);
  }

  private applyAnswer(batch: PendingEvent[], text: string): CycleResult {
    this.setOnline(true);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const answer = batchResponseSchema.safeParse(parsed);
    if (!answer.success) {
      this.repo.settle(this.isoNow(), [], [], batch);
      return this.failed(`HQ answered 200 with a body that does not follow the contract: ${text.slice(0, 200)}`);
    }
    const byId = new Map(batch.map((e) => [e.id, e]));
    const ackedSet = new Set([...answer.data.accepted, ...answer.data.duplicates].filter((id) => byId.has(id)));
    const acked = batch.filter((e) => ackedSet.has(e.id));
    const quarantine: Array<{ event: PendingEvent; code: string; message: string }> = [];
    const rewinds: Array<{ aggregateId: string; from: number; before: number }> = [];
    for (const r of answer.data.rejected) {
      const e = byId.get(r.id);
      if (!e || ackedSet.has(r.id)) continue;
      if (r.code === REJECT_CODES.SEQ_GAP) {
        if (r.expectedSeq !== undefined && r.expectedSeq < e.seq) rewinds.push({ aggregateId: e.aggregateId, from: r.expectedSeq, before: e.seq });
      } else {
        quarantine.push({ event: e, code: r.code, message: r.message });
      }
    }
    const settled = new Set([...acked, ...quarantine.map((q) => q.event)]);
    const retried = batch.filter((e) => !settled.has(e));
    const at = this.isoNow();
    this.repo.settle(at, acked, quarantine, retried);
    let rewound = 0;
    for (const r of rewinds) rewound += this.repo.rewind(r.aggregateId, r.from, r.before);
    if (rewound > 0) this.opts.log?.warn({ rewound, rewinds }, 'HQ lacks events the store had sent; resending them in order');

    this.sentTotal += acked.length;
    if (acked.length > 0) this.acks.push({ t: this.now(), n: acked.length });
    this.lastSyncAt = at;
    if (this.effectiveBatch < this.batchSize) this.effectiveBatch = Math.min(this.batchSize, this.effectiveBatch * 2);

    if (quarantine.length > 0) {
      const { event: e, code, message } = quarantine[0];
      this.noteError(`HQ rejected ${quarantine.length} event(s), quarantined; first: ${e.type} ${e.aggregateId}#${e.seq} ${code}: ${message}`);
    }
    if (acked.length === 0 && quarantine.length === 0 && rewound === 0) {
      return this.failed(`HQ accepted none of ${batch.length} events (${answer.data.rejected[0]?.code ?? 'no answer for them'}); retrying`);
    }
    this.failures = 0;
    if (quarantine.length === 0) this.lastError = null;
    return { next: 'more' };
  }

  // ---- helpers -------------------------------------------------------------

  private inflightAborted = false;

  private async request(path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    const controller = new AbortController();
    this.inflight = controller;
    this.inflightAborted = false;
    controller.signal.addEventListener('abort', () => {
      this.inflightAborted = true;
    });
    try {
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]);
      return await this.fetchImpl(new URL(path, this.opts.hqUrl), { ...init, signal });
    } finally {
      if (this.inflight === controller) this.inflight = null;
    }
  }

  private failed(message: string | null, minDelayMs: number | null = null): CycleResult {
    this.failures++;
    if (message !== null) this.noteError(message);
    const delay = retryDelay(this.failures, this.backoff, this.random);
    return { next: 'failed', delayMs: Math.max(delay, minDelayMs ?? 0) };
  }

  private noteError(message: string): void {
    if (message !== this.lastError) this.opts.log?.warn({ storeId: this.opts.storeId, failures: this.failures }, message);
    this.lastError = message;
  }

  private setOnline(online: boolean): void {
    if (online !== this.online) this.opts.log?.info({ storeId: this.opts.storeId, online }, online ? 'HQ reachable' : 'HQ unreachable: store-and-forward');
    this.online = online;
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  private sampleArrivals(now: number): void {
    const last = this.arrivals[this.arrivals.length - 1];
    if (last && now - last.t < STATUS_TICK_MS) return;
    this.arrivals.push({ t: now, pos: this.repo.lastPos() });
    while (this.arrivals.length > 2 && this.arrivals[0].t < now - ARRIVAL_WINDOW_MS) this.arrivals.shift();
  }

  private arrivalRate(now: number): number | null {
    const first = this.arrivals[0];
    const last = this.arrivals[this.arrivals.length - 1];
    if (!first || !last || now - first.t < STATUS_TICK_MS || last.t === first.t) return null;
    return (last.pos - first.pos) / (last.t - first.t);
  }

  private syncStatusTimer(): void {
    const want = this.running && this.listeners.size > 0;
    if (want && !this.statusTimer) {
      this.statusTimer = setInterval(() => this.emitIfChanged(), STATUS_TICK_MS);
      this.statusTimer.unref();
    } else if (!want && this.statusTimer) {
      clearInterval(this.statusTimer);
      this.statusTimer = null;
    }
  }

  private emitIfChanged(): void {
    if (this.listeners.size === 0) return;
    const s = this.status();
    const key = changeKey(s);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    for (const cb of this.listeners) {
      try {
        cb(s);
      } catch (err) {
        this.opts.log?.warn({ err: explainError(err) }, 'outbox status listener threw');
      }
    }
  }
}

/** Names the batch: the same events give the same key on every resend. */
export function idempotencyKey(storeId: string, ids: readonly string[]): string {
  return createHash('sha256').update(storeId).update('\n').update(ids.join('\n')).digest('hex');
}

/** Ages and countdowns move every millisecond; the status bar cares about whole seconds. */
function changeKey(s: QueueStatus): string {
  const sec = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
  const cap = s.capWarning && {
    kind: s.capWarning.kind,
    remaining: s.capWarning.kind === 'age' ? sec(s.capWarning.remaining) : s.capWarning.remaining,
    etaMs: sec(s.capWarning.etaMs),
  };
  return JSON.stringify({ ...s, oldestAgeMs: sec(s.oldestAgeMs), capWarning: cap, quarantined: s.quarantined.map((q) => `${q.id}:${q.code}`) });
}

function errorMessage(text: string): string {
  try {
    const body = errorBodySchema.safeParse(JSON.parse(text));
    if (body.success) return `${body.data.error.code}: ${body.data.error.message}`;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200) || '(empty body)';
}

function explainError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici puts the useful part (ECONNREFUSED, socket closed) in `cause`.
  const cause = err.cause instanceof Error ? ` (${(err.cause as Error & { code?: string }).code ?? err.cause.message})` : '';
  return `${err.name === 'TimeoutError' ? 'no answer in time' : err.message}${cause}`;
}
