/**
 * Reads a printer's status over its Transport: DLE EOT 1..4 on demand, ASB when pushed.
 *
 * DLE EOT is a real-time command: the printer answers it even while it is offline, out of
 * paper or busy, and in stream order after the bytes before it, so a query sent after a job's
 * last byte reports the state *after* that job. Replies and ASB packets share the line; the
 * StatusStream from drivers/printer tells them apart (bit patterns, Epson APG).
 */
import { decodeDleEot, DLE_EOT_QUERIES, type PrinterStatus, StatusStream } from '../../../drivers/printer/status';
import type { Transport } from '../../../drivers/transport/transport';

/** setTimeout that returns its own cancel function, injectable so tests control time. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export const realSetTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export class StatusTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly got: number,
  ) {
    super(`no status reply within ${timeoutMs} ms (${got} of 4 DLE EOT bytes)`);
    this.name = 'StatusTimeoutError';
  }
}

export interface StatusReaderOptions {
  timeoutMs: number;
  setTimer?: SetTimer;
  /** Bytes that were neither a status reply nor ASB (logged, never fatal). */
  onNoise?: (byte: number) => void;
}

/** The four queries in one write: one round trip instead of four. */
const QUERY_ALL = Uint8Array.from(DLE_EOT_QUERIES.flatMap((q) => [...q]));

export class StatusReader {
  readonly #transport: Transport;
  readonly #options: StatusReaderOptions;
  readonly #stream = new StatusStream();
  #replies: number[] = [];
  #waiter: (() => void) | undefined;
  #lastAsb: PrinterStatus | undefined;
  readonly #asbListeners = new Set<(s: PrinterStatus) => void>();
  readonly #off: () => void;

  constructor(transport: Transport, options: StatusReaderOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#off = transport.onData((chunk) => this.#onData(chunk));
  }

  /** The last status the printer pushed by ASB, if ASB is on. */
  get lastAsb(): PrinterStatus | undefined {
    return this.#lastAsb;
  }

  onAsb(listener: (s: PrinterStatus) => void): () => void {
    this.#asbListeners.add(listener);
    return () => this.#asbListeners.delete(listener);
  }

  /**
   * Sends DLE EOT 1..4 and decodes the four replies. Rejects with StatusTimeoutError, with
   * the write's TransportError, or with the close error if the link drops while waiting.
   */
  async query(): Promise<PrinterStatus> {
    // Drop anything left from an earlier query that timed out, so replies are not mismatched.
    this.#replies = [];
    let settle: ((error?: Error) => void) | undefined;
    const got = new Promise<PrinterStatus>((resolve, reject) => {
      const stopTimer = (this.#options.setTimer ?? realSetTimer)(
        () => settle?.(new StatusTimeoutError(this.#options.timeoutMs, this.#replies.length)),
        this.#options.timeoutMs,
      );
      const offClose = this.#transport.onClose((error) => settle?.(error ?? new Error('the link was closed')));
      settle = (error) => {
        settle = undefined;
        this.#waiter = undefined;
        stopTimer();
        offClose();
        if (error) reject(error);
        else resolve(decodeDleEot(Uint8Array.from(this.#replies.splice(0, 4))));
      };
      this.#waiter = () => {
        if (this.#replies.length >= 4) settle?.();
      };
    });
    try {
      await this.#transport.write(QUERY_ALL);
    } catch (error) {
      settle?.(error instanceof Error ? error : new Error(String(error)));
    }
    return got;
  }

  #onData(chunk: Buffer): void {
    for (const e of this.#stream.push(chunk)) {
      if (e.kind === 'dle-eot') {
        this.#replies.push(e.byte);
        this.#waiter?.();
      } else if (e.kind === 'asb') {
        this.#lastAsb = e.status;
        for (const l of this.#asbListeners) l(e.status);
      } else {
        this.#options.onNoise?.(e.byte);
      }
    }
  }

  dispose(): void {
    this.#off();
  }
}
