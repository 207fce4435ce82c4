/**
 * A serial (USB-CDC virtual COM, or RS-232) barcode scanner: the scanner types each code
 * followed by CR/LF over a Transport. No keyboard involved, so no layout or focus trouble:
 * the preferred mode at a counter. Framing lives in LineSplitter; this class is only the
 * glue to the link, plus an optional idle flush for scanners set to send no terminator.
 */
import { Listeners } from '../transport/listeners';
import type { Transport, TransportError } from '../transport/transport';
import { LineSplitter, type LineSplitterOptions } from './line-splitter';

export interface SerialScannerOptions extends LineSplitterOptions {
  /**
   * End a line after this many ms of silence even without a terminator; 0 = never.
   * Scanners send a whole code in one burst (a few ms at 9600 baud for 13 digits), so
   * ~100 ms of silence means the code is complete. Off by default: with a terminator
   * configured, a timer could cut a slow long QR code in two.
   */
  idleFlushMs: number;
}

export interface SerialScan {
  code: string;
  /** Wall-clock ms when the terminator (or idle flush) arrived. */
  receivedAt: number;
  /** The link it came from, e.g. "/dev/ttyACM0@9600". */
  address: string;
}

export interface SerialScannerError {
  reason: string;
  /** Hex of the offending bytes (at most 32), for the device log. */
  bytes: string;
  address: string;
}

export class SerialScanner {
  readonly #transport: Transport;
  readonly #splitter: LineSplitter;
  readonly #idleFlushMs: number;
  readonly #now: () => number;
  readonly #scans = new Listeners<SerialScan>();
  readonly #errors = new Listeners<SerialScannerError>();
  readonly #closes = new Listeners<TransportError | undefined>();
  #unsubscribe: Array<() => void> = [];
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(transport: Transport, options?: Partial<SerialScannerOptions>, now: () => number = Date.now) {
    const { idleFlushMs = 0, ...lineOptions } = options ?? {};
    if (!Number.isFinite(idleFlushMs) || idleFlushMs < 0) throw new TypeError(`idleFlushMs must be >= 0, got ${idleFlushMs}`);
    this.#transport = transport;
    this.#splitter = new LineSplitter(lineOptions);
    this.#idleFlushMs = idleFlushMs;
    this.#now = now;
  }

  get address(): string {
    return this.#transport.address;
  }

  /** Open the link (if needed) and start reading scans. */
  async start(): Promise<void> {
    if (this.#unsubscribe.length > 0) return;
    this.#unsubscribe = [
      this.#transport.onData((chunk) => this.#onData(chunk)),
      this.#transport.onClose((error) => this.#onClose(error)),
    ];
    if (!this.#transport.isOpen) {
      try {
        await this.#transport.open();
      } catch (error) {
        this.#detach();
        throw error;
      }
    }
  }

  /** Stop reading and close the link. A partial line is delivered first. */
  async stop(): Promise<void> {
    this.#emit(this.#splitter.flush());
    this.#detach();
    await this.#transport.close();
  }

  onScan(listener: (scan: SerialScan) => void): () => void {
    return this.#scans.add(listener);
  }

  onError(listener: (error: SerialScannerError) => void): () => void {
    return this.#errors.add(listener);
  }

  /** The link closed; `error` is set when it was not a clean close (e.g. unplugged). */
  onClose(listener: (error?: TransportError) => void): () => void {
    return this.#closes.add(listener);
  }

  #onData(chunk: Buffer): void {
    this.#emit(this.#splitter.push(chunk));
    this.#armIdle();
  }

  #armIdle(): void {
    if (this.#idleFlushMs === 0) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (this.#splitter.pending === 0) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      this.#emit(this.#splitter.flush());
    }, this.#idleFlushMs);
  }

  #onClose(error?: TransportError): void {
    // Whatever arrived before an unplug is still a scan the cashier made.
    this.#emit(this.#splitter.flush());
    this.#detach();
    this.#closes.emit(error);
  }

  #emit(events: ReturnType<LineSplitter['push']>): void {
    const address = this.#transport.address;
    for (const ev of events) {
      if (ev.type === 'line') this.#scans.emit({ code: ev.text, receivedAt: this.#now(), address });
      else this.#errors.emit({ reason: ev.reason, bytes: ev.bytes, address });
    }
  }

  #detach(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }
}
