/**
 * PacedTransport: a Transport wrapper that lets bytes out no faster than a serial line at a
 * given baud rate would, so QA watching a simulator over a pty sees real line timing (a
 * 600-byte reply at 9600 baud takes about 0.6 s) instead of everything arriving at once.
 *
 * Bytes go out in small slices; each slice is written when its last byte would have finished
 * on the wire (start bit + 8 data bits + stop bit each), measured from when the write started.
 * Writes are serialised, as they are on one physical line. Reads pass through untouched.
 *
 * write() resolves when the last byte has gone out (its slice written at the time its stop
 * bit ends), as a real port's drain does, never when the write starts: links start their ACK
 * timers from that moment (links/waiter.ts), so at 300 baud an 83-byte Concert answer (2.8 s
 * on the wire) is not taken for unanswered and sent again while it is still going out.
 */
import { DelegatingTransport } from '../../drivers/transport/delegating';
import type { Transport } from '../../drivers/transport/transport';

/** 8N1 framing: one start bit, eight data bits, one stop bit. */
export const BITS_PER_BYTE_8N1 = 10;
/**
 * Slices of about 10 ms of line time: fine enough that a receiver's inter-byte timer (tens of
 * ms on every link here) never sees a gap a real line would not have, coarse enough that a
 * timer per slice stays cheap.
 */
const SLICE_MS = 10;
const MS_PER_S = 1_000;

export type Sleep = (ms: number) => Promise<void>;

const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds of line time `bytes` take at `baud` (8N1). */
export function lineSeconds(bytes: number, baud: number): number {
  return (bytes * BITS_PER_BYTE_8N1) / baud;
}

export class PacedTransport extends DelegatingTransport {
  #chain: Promise<void> = Promise.resolve();
  readonly #bytesPerSlice: number;

  constructor(
    inner: Transport,
    readonly baud: number,
    private readonly sleep: Sleep = defaultSleep,
  ) {
    super(inner);
    if (!Number.isInteger(baud) || baud <= 0) throw new RangeError(`baud must be a positive integer, got ${baud}`);
    this.#bytesPerSlice = Math.max(1, Math.floor(((baud / BITS_PER_BYTE_8N1) * SLICE_MS) / MS_PER_S));
  }

  override write(data: Uint8Array): Promise<void> {
    const job = this.#chain.then(() => this.#paced(Uint8Array.from(data)));
    this.#chain = job.catch(() => undefined);
    return job;
  }

  async #paced(data: Uint8Array): Promise<void> {
    const start = performance.now();
    for (let i = 0; i < data.length; i += this.#bytesPerSlice) {
      const slice = data.subarray(i, i + this.#bytesPerSlice);
      const due = start + lineSeconds(i + slice.length, this.baud) * MS_PER_S;
      // A timer may fire a fraction of a millisecond early (clock rounding): loop until due.
      for (let wait = due - performance.now(); wait > 0; wait = due - performance.now()) await this.sleep(wait);
      await this.inner.write(slice);
    }
  }
}
