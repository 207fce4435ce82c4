/**
 * The simulator's serial port, kept open across replugs. A real terminal's ECR port comes back
 * when its cable is plugged in again, so a simulated one must too: when the port vanishes (cable
 * pulled, socat restarted, the simulator's own `linkGone` fault) the same path is reopened with
 * backoff, and each opening is handed to the device as a new connection. close() stops it.
 *
 * Only a port that opened once is reopened: a wrong path at start-up is an error the user sees
 * at once (`posdesk sim` exits with it), not a simulator waiting forever for a typo.
 */
import { SerialTransport } from '../../drivers/transport/serial';
import { type ReconnectPolicy, reconnectDelay } from '../devices/manager/reconnect-backoff';

/** `waiting-for-port`: the port vanished and is being reopened; `closed`: close() was called. */
export type LineState = 'open' | 'waiting-for-port' | 'closed';

export interface LineStatus {
  state: LineState;
  /** Times the port was opened again after it vanished. */
  reopens: number;
  /** Failed opens since it vanished (0 while open). */
  failedOpens: number;
  /** Why it is not open: how it went away, then the last open's error. Null while open. */
  lastError: string | null;
  /** When the next open is tried (ISO time), while waiting for the port. */
  nextTryAt: string | null;
}

/**
 * 100 ms first: a restarted socat or a `linkGone` fault has the path back within tens of ms, and
 * the simulator must be listening again before the host's query for the lost reply (sent after
 * its transaction timeout, a second or more). Doubling to 5 s: a cable left out for an hour
 * costs one open() every 5 s, and a plugged-back terminal answers within 5 s, before a cashier
 * gives up on the retry.
 */
export const SIM_REOPEN_BACKOFF: ReconnectPolicy = { baseMs: 100, maxMs: 5_000, factor: 2 };
/**
 * A port that stayed open this long was really back, so its next loss starts again at the first
 * delay; one that opens and drops at once (a half-present adapter) keeps backing off instead of
 * reopening every 100 ms. Bytes from the host prove it back sooner.
 */
const STABLE_OPEN_MS = 5_000;

export interface SerialLineOptions {
  path: string;
  baudRate: number;
  backoff?: ReconnectPolicy;
  /** Each opening of the port (the first and every reopen): serve it. */
  onOpen: (transport: SerialTransport) => void;
  /** State changes, and a new reason while waiting, with a line for the transcript. */
  onChange: (status: LineStatus, note: string) => void;
}

export class SerialLine {
  readonly address: string;
  #state: LineState = 'closed';
  #transport: SerialTransport | undefined;
  #opening: Promise<void> | undefined;
  #cancelRetry: (() => void) | undefined;
  #nextTryAt: number | null = null;
  /** Backoff step: reset once a reopened port proves itself (see STABLE_OPEN_MS). */
  #attempt = 0;
  #reopens = 0;
  #failedOpens = 0;
  #lastError: string | null = null;
  #stopped = false;

  constructor(private readonly options: SerialLineOptions) {
    this.address = `${options.path}@${options.baudRate}`;
  }

  status(): LineStatus {
    return {
      state: this.#state,
      reopens: this.#reopens,
      failedOpens: this.#failedOpens,
      lastError: this.#lastError,
      nextTryAt: this.#nextTryAt === null ? null : new Date(this.#nextTryAt).toISOString(),
    };
  }

  /** The first open; throws (NOT_FOUND, LOCKED, PERMISSION…) when the port cannot be opened. */
  async open(): Promise<void> {
    const t = await this.#openPort();
    if (!t) return;
    this.#adopt(t);
    this.options.onOpen(t);
  }

  /** Stops reopening and closes the port. */
  async close(): Promise<void> {
    this.#stopped = true;
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    this.#nextTryAt = null;
    await this.#opening?.catch(() => undefined);
    const t = this.#transport;
    this.#transport = undefined;
    await t?.close();
    if (this.#state !== 'closed') {
      this.#state = 'closed';
      this.options.onChange(this.status(), 'serial port closed (simulator stopped)');
    }
  }

  /** A freshly opened port, or undefined when close() came while it was opening. */
  async #openPort(): Promise<SerialTransport | undefined> {
    // A new transport per opening: the old one's listeners belong to the old connection.
    const t = new SerialTransport({ path: this.options.path, baudRate: this.options.baudRate });
    const opening = t.open();
    this.#opening = opening;
    try {
      await opening;
    } finally {
      this.#opening = undefined;
    }
    if (!this.#stopped) return t;
    // Nobody is left to serve the port.
    await t.close();
    return undefined;
  }

  #adopt(t: SerialTransport): void {
    const openedAt = Date.now();
    this.#transport = t;
    this.#state = 'open';
    this.#lastError = null;
    this.#nextTryAt = null;
    const offData = t.onData(() => {
      this.#attempt = 0;
      offData();
    });
    t.onClose((error) => {
      offData();
      if (Date.now() - openedAt >= STABLE_OPEN_MS) this.#attempt = 0;
      // A close with no error that close() did not ask for is the device side's own doing.
      this.#lost(t, error?.message ?? 'the simulator closed the port (a linkGone fault)');
    });
  }

  #lost(t: SerialTransport, why: string): void {
    if (this.#stopped || this.#transport !== t) return;
    this.#transport = undefined;
    this.#state = 'waiting-for-port';
    this.#failedOpens = 0;
    this.#lastError = why;
    const delay = this.#schedule();
    this.options.onChange(this.status(), `serial port gone: ${why}; reopening ${this.options.path} (first try in ${delay} ms)`);
  }

  #schedule(): number {
    const delay = reconnectDelay(this.#attempt, this.options.backoff ?? SIM_REOPEN_BACKOFF);
    this.#attempt += 1;
    this.#nextTryAt = Date.now() + delay;
    const timer = setTimeout(() => {
      this.#cancelRetry = undefined;
      void this.#retry();
    }, delay);
    // Waiting for a cable must not keep a process alive on its own; close() is the way to stop.
    timer.unref();
    this.#cancelRetry = () => clearTimeout(timer);
    return delay;
  }

  async #retry(): Promise<void> {
    if (this.#stopped) return;
    let t: SerialTransport | undefined;
    try {
      t = await this.#openPort();
    } catch (error) {
      if (this.#stopped) return;
      this.#failedOpens += 1;
      const why = error instanceof Error ? error.message : String(error);
      const changed = why !== this.#lastError;
      this.#lastError = why;
      const delay = this.#schedule();
      // One note per new reason: a cable out for an hour must not fill the transcript.
      if (changed) this.options.onChange(this.status(), `reopen failed: ${why}; retrying every ≤${this.#maxMs()} ms (next in ${delay} ms)`);
      return;
    }
    if (!t) return;
    const failed = this.#failedOpens;
    this.#adopt(t);
    this.#reopens += 1;
    this.#failedOpens = 0;
    this.options.onOpen(t);
    this.options.onChange(this.status(), `serial port reopened: ${this.address} (after ${failed} failed tries)`);
  }

  #maxMs(): number {
    return (this.options.backoff ?? SIM_REOPEN_BACKOFF).maxMs;
  }
}
