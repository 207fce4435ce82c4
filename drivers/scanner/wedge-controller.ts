/**
 * Glue between a keydown stream and BurstDetector: keeps the one timer the detector needs
 * (tick at nextDeadline) and delivers outputs through a callback. No DOM: the renderer
 * passes `{ key, timeStamp, repeat, ctrlKey, altKey, metaKey }` and calls preventDefault
 * when told to; timers and the clock are injected so tests can drive them.
 *
 *   const wedge = new WedgeController({ onOutput: (o) => …insert text / handle scan… });
 *   window.addEventListener('keydown', (e) => { if (wedge.keydown(e)) e.preventDefault(); }, true);
 */
import { BurstDetector, type BurstDetectorOptions, type DetectorOutput } from './burst-detector';

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

  #rearm(): void {
    this.dispose();
    const deadline = this.detector.nextDeadline();
    if (deadline === null) return;
    this.#timer = this.#setTimer(
      () => {
        this.#timer = undefined;
        // Timers fire late, never early; tick at the later of "now" and the deadline.
        this.#deliver(this.detector.tick(Math.max(this.#now(), deadline)));
        this.#rearm();
      },
      Math.max(0, deadline - this.#now()),
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
