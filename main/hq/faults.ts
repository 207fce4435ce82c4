/**
 * Fault injection for the reference HQ receiver: what a head office does to a
 * store on a bad day, on demand, so the sync worker is tested against real
 * failures on a real socket rather than a mocked fetch.
 *
 * Faults are consumed one per POST of events, in order; `always` applies to every
 * request once the queue is empty.
 */
import type { ErrorBody } from '../outbox/hq-contract';

export type HqFault =
  /** Answer normally: a placeholder to put faults later in the sequence. */
  | { kind: 'pass' }
  /** Wait before touching the database (the store may time out; nothing is committed yet). */
  | { kind: 'delay'; ms: number }
  /** Commit, then wait before answering: a slow answer to a batch HQ already holds. */
  | { kind: 'delay-after-commit'; ms: number }
  /** Answer this status without touching the database (500, 503, 429, 401…). */
  | { kind: 'status'; status: number; body?: ErrorBody; retryAfterS?: number }
  /** Close the connection without answering and without committing. */
  | { kind: 'drop-before-commit' }
  /** Commit, then close the connection without answering: the store must resend, HQ must dedupe. */
  | { kind: 'drop-after-commit' }
  /** Commit, then SIGKILL this process: a receiver dying mid-batch. Only for a receiver in its own process. */
  | { kind: 'die-after-commit' };

export class FaultPlan {
  private readonly queue: HqFault[] = [];
  private steady: HqFault | null = null;
  /** How many requests each kind of fault was applied to, for test assertions. */
  readonly applied = new Map<HqFault['kind'], number>();

  constructor(initial: readonly HqFault[] = []) {
    this.queue.push(...initial);
  }

  push(...faults: HqFault[]): this {
    this.queue.push(...faults);
    return this;
  }

  always(fault: HqFault | null): this {
    this.steady = fault;
    return this;
  }

  clear(): this {
    this.queue.length = 0;
    this.steady = null;
    return this;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** The fault for the next request, if any; counted as applied. */
  take(): HqFault | null {
    const f = this.queue.shift() ?? this.steady;
    if (f) this.applied.set(f.kind, (this.applied.get(f.kind) ?? 0) + 1);
    return f;
  }
}
