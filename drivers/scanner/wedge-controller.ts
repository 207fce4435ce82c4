/**
 * Glue between a keydown stream and BurstDetector: keeps the one timer the detector needs
 * (tick at nextDeadline) and delivers outputs through a callback. No DOM: the renderer
 * passes `{ key, timeStamp, repeat, ctrlKey, altKey, metaKey }` and calls preventDefault
 * when told to; timers and the clock are injected so tests can drive them.
 *
 *   const wedge = new WedgeController({ onOutput: (o) => …insert text / handle scan… });
 *   window.addEventListener('keydown', (e) => { if (wedge.keydown(e)) e.preventDefault(); }, true);
 *
 * Two clocks. A key's timeStamp is when the OS took it from the scanner; the controller sees
 * it later, when the page gets to it. The gaps *between* keys are judged on timeStamps (the
 * scanner's own rhythm), but "no key came for N ms" can only be judged on arrivals: keys that
 * were stamped 3 ms apart may reach the page 20 ms apart, or all at once after the page was
 * busy. So the timer counts silence from the last key's arrival, and a timer that fires late
 * (the page was busy, keys may be queued behind it) yields once before it decides.
 */
import { BurstDetector, type BurstDetectorOptions, type DetectorOutput } from './burst-detector';

/** A timer this late (ms) means the page was busy: keys may be waiting in the queue. */
const LATE_TIMER_MS = 15;

export interface KeydownLike {
  key: string;
  /** KeyboardEvent.timeStamp (performance.now() clock). */
  timeStamp: number;
  repeat?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export interface WedgeControllerOptions {
  detector?: Partial<BurstDetectorOptions>;
  onOutput: (output: DetectorOutput) => void;
  /** Same clock as KeydownLike.timeStamp. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** A throwing onOutput lands here (default: rethrown asynchronously, so it is still seen). */
  onHandlerError?: (error: unknown) => void;
}

export class WedgeController {
  readonly detector: BurstDetector;
  readonly #onOutput: (output: DetectorOutput) => void;
  readonly #now: () => number;
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  readonly #onHandlerError: (error: unknown) => void;
  #timer: unknown;
  /** The last key's timeStamp, and when it reached us (same clock as now()). */
  #lastStamp = 0;
  #lastArrival = 0;

  constructor(o: WedgeControllerOptions) {
    this.detector = new BurstDetector(o.detector);
    this.#onOutput = o.onOutput;
    this.#now = o.now ?? (() => performance.now());
    this.#setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.#onHandlerError =
      o.onHandlerError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  /** Feed a keydown; returns true when the caller must preventDefault it. */
  keydown(e: KeydownLike): boolean {
    this.#lastStamp = e.timeStamp;
    this.#lastArrival = this.#now();
    const r = this.detector.key(e.key, e.timeStamp, e);
    this.#deliver(r.out);
    this.#rearm();
    return r.swallow;
  }

  /** Focus left the window: release held keys as text now rather than lose them. */
  blur(): void {
    const text = this.detector.reset();
    if (text !== '') this.#deliver([{ type: 'text', text }]);
    this.#rearm();
  }

  dispose(): void {
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
  }

  #rearm(yielded = false): void {
    this.dispose();
    const deadline = this.detector.nextDeadline();
    if (deadline === null) return;
    // The deadline is on the keys' clock; wait that long after the last key *arrived*.
    const due = this.#lastArrival + (deadline - this.#lastStamp);
    this.#timer = this.#setTimer(
      () => {
        this.#timer = undefined;
        const now = this.#now();
        if (!yielded && now - due > LATE_TIMER_MS) {
          // Let keys queued while the page was busy arrive first (input runs before a new task).
          this.#rearm(true);
          return;
        }
        // Silence since the last arrival, moved onto the keys' clock; never before the deadline.
        this.#deliver(this.detector.tick(Math.max(this.#lastStamp + (now - this.#lastArrival), deadline)));
        this.#rearm();
      },
      Math.max(0, due - this.#now()),
    );
  }

  #deliver(out: DetectorOutput[]): void {
    for (const o of out) {
      try {
        this.#onOutput(o);
      } catch (error) {
        // A UI bug in one handler must not stall the keyboard or drop later outputs.
        this.#onHandlerError(error);
      }
    }
  }
}
