/**
 * The common shape of every terminal framing codec, and the scanning engine
 * the binary codecs share.
 *
 * Decoders are pure (no I/O, no timers) and never throw out of push()/flush():
 * bad input becomes an `error` event naming what was wrong, with the raw bytes.
 *
 * Resynchronisation rule (shared): when a candidate frame turns out bad, only its
 * first byte is dropped and scanning resumes at the next byte. A corrupted length
 * can therefore never swallow an intact frame that follows. Bytes already shown
 * in an error's `raw` are not reported again, and control bytes found inside them
 * are ignored (a 0x06 inside a corrupt frame must not read as an ACK).
 */

export type ControlName = 'ACK' | 'NAK' | 'EOT' | 'ENQ';

/** The single control bytes of the STX/ETX family of protocols. */
export const CONTROL_BYTES = {
  STX: 0x02,
  ETX: 0x03,
  EOT: 0x04,
  ENQ: 0x05,
  ACK: 0x06,
  NAK: 0x15,
  FS: 0x1c,
  US: 0x1f,
} as const;

export type DecodeErrorCode =
  /** Checksum (LRC/XOR) does not match: the frame was corrupted on the line. */
  | 'BAD_CHECKSUM'
  /** Length field malformed (not BCD) or out of the protocol's range. */
  | 'BAD_LENGTH'
  /** ETX / trailer not where the length says it should be. */
  | 'BAD_TRAILER'
  /** Frame well-formed but its content is not a valid message. */
  | 'BAD_PAYLOAD'
  /** Bytes outside any frame. */
  | 'GARBAGE'
  /** The line went idle (flush) in the middle of a frame. */
  | 'TRUNCATED'
  /** A frame grew beyond the buffer bound; its bytes were dropped. */
  | 'OVERFLOW';

export type DecodeEvent<F> =
  | { type: 'frame'; frame: F; raw: Uint8Array }
  | { type: 'control'; control: ControlName; raw: Uint8Array }
  | { type: 'error'; code: DecodeErrorCode; message: string; raw: Uint8Array };

export interface StreamDecoder<F> {
  /** Feed bytes as they arrive, in any chunking; returns what completed. Never throws. */
  push(chunk: Uint8Array): DecodeEvent<F>[];
  /**
   * The line went idle (inter-byte timeout) or is closing: a partial frame will not
   * complete. Reports it (TRUNCATED) and rescans the bytes after its start.
   */
  flush(): DecodeEvent<F>[];
  /** Drops everything buffered, silently (e.g. after a reconnect). */
  reset(): void;
  /** Bytes currently held waiting for more input. Always <= the decoder's bound. */
  readonly buffered: number;
}

export interface FrameCodec<F> {
  readonly name: string;
  encode(frame: F): Uint8Array;
  createDecoder(): StreamDecoder<F>;
}

/** What a codec's scanner says about the bytes at `buf[at..]`. */
export type ScanResult<F> =
  | { kind: 'need' }
  | { kind: 'frame'; frame: F; length: number }
  | { kind: 'control'; control: ControlName }
  | { kind: 'bad'; code: DecodeErrorCode; message: string; length: number }
  | { kind: 'garbage' }
  | { kind: 'ignore' };

/** A pure function that looks at one position; the engine does buffering and resync. */
export type FrameScanner<F> = (buf: Uint8Array, at: number) => ScanResult<F>;

export interface ScanningDecoderOptions {
  /** Upper bound of bytes held (a partial frame); beyond it they are dropped with OVERFLOW. */
  maxBuffer: number;
  /** Garbage is reported in runs of at most this many bytes. */
  maxGarbageRun?: number;
}

/** Garbage bytes are coalesced into one error per run, capped so a noisy line still reports. */
const DEFAULT_MAX_GARBAGE_RUN = 256;

export class ScanningDecoder<F> implements StreamDecoder<F> {
  #buf: Uint8Array = new Uint8Array(0);
  /** Bytes of #buf before this index were already shown in an error's raw. */
  #reportedUntil = 0;
  #garbage: number[] = [];
  readonly #maxGarbageRun: number;

  constructor(
    private readonly scan: FrameScanner<F>,
    private readonly options: ScanningDecoderOptions,
  ) {
    this.#maxGarbageRun = options.maxGarbageRun ?? DEFAULT_MAX_GARBAGE_RUN;
  }

  get buffered(): number {
    return this.#buf.length;
  }

  push(chunk: Uint8Array): DecodeEvent<F>[] {
    if (chunk.length === 0) return [];
    this.#buf = this.#buf.length === 0 ? Uint8Array.from(chunk) : concatBytes(this.#buf, chunk);
    return this.#run(false);
  }

  flush(): DecodeEvent<F>[] {
    const out = this.#run(true);
    this.#flushGarbage(out);
    return out;
  }

  reset(): void {
    this.#buf = new Uint8Array(0);
    this.#reportedUntil = 0;
    this.#garbage = [];
  }

  #run(final: boolean): DecodeEvent<F>[] {
    const out: DecodeEvent<F>[] = [];
    const buf = this.#buf;
    let pos = 0;
    while (pos < buf.length) {
      let r: ScanResult<F>;
      try {
        r = this.scan(buf, pos);
      } catch (error) {
        // A scanner bug must not take the stream down; report and move on.
        r = { kind: 'bad', code: 'BAD_PAYLOAD', message: `decoder fault: ${String(error)}`, length: 1 };
      }
      if (r.kind === 'need') {
        const held = buf.length - pos;
        if (final) {
          r = { kind: 'bad', code: 'TRUNCATED', message: `line went idle ${held} bytes into a frame`, length: held };
        } else if (held > this.options.maxBuffer) {
          r = {
            kind: 'bad',
            code: 'OVERFLOW',
            message: `frame exceeds the ${this.options.maxBuffer}-byte buffer bound; dropped`,
            length: held,
          };
        } else {
          break;
        }
      }
      switch (r.kind) {
        case 'frame':
          this.#flushGarbage(out);
          out.push({ type: 'frame', frame: r.frame, raw: buf.slice(pos, pos + r.length) });
          pos += r.length;
          break;
        case 'control':
          if (pos >= this.#reportedUntil) {
            this.#flushGarbage(out);
            out.push({ type: 'control', control: r.control, raw: buf.slice(pos, pos + 1) });
          }
          pos += 1;
          break;
        case 'bad': {
          const end = Math.min(buf.length, pos + Math.max(1, r.length));
          if (end > this.#reportedUntil) {
            this.#flushGarbage(out);
            out.push({ type: 'error', code: r.code, message: r.message, raw: buf.slice(pos, end) });
            this.#reportedUntil = end;
          }
          pos += 1;
          break;
        }
        case 'garbage':
          if (pos >= this.#reportedUntil) {
            this.#garbage.push(buf[pos] ?? 0);
            if (this.#garbage.length >= this.#maxGarbageRun) this.#flushGarbage(out);
          }
          pos += 1;
          break;
        case 'ignore':
          pos += 1;
          break;
      }
    }
    this.#buf = pos === 0 ? buf : buf.slice(pos);
    this.#reportedUntil = Math.max(0, this.#reportedUntil - pos);
    return out;
  }

  #flushGarbage(out: DecodeEvent<F>[]): void {
    if (this.#garbage.length === 0) return;
    const raw = Uint8Array.from(this.#garbage);
    this.#garbage = [];
    out.push({ type: 'error', code: 'GARBAGE', message: `${raw.length} byte(s) outside any frame: ${toHex(raw.subarray(0, 16))}${raw.length > 16 ? '…' : ''}`, raw });
  }
}

/** XOR of buf[from..to) — the "LRC" of every protocol here. */
export function xorLrc(buf: Uint8Array, from = 0, to = buf.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= buf[i] ?? 0;
  return x;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * "02 00 03". Every transcript entry goes through here (both sides of every frame), so it
 * writes the digits into one buffer and makes one flat string of it: a string built up
 * piece by piece would stay a rope of tiny strings for as long as the transcript keeps it.
 */
export function toHex(bytes: Uint8Array, separator = ' '): string {
  if (bytes.length === 0) return '';
  // One ASCII separator (or none) is every caller; anything else takes the plain path.
  if (separator.length > 1 || separator.charCodeAt(0) > 0x7f) return Array.from(bytes, (b) => toHex(Uint8Array.of(b))).join(separator);
  const step = separator.length === 1 ? 3 : 2;
  const sep = separator.charCodeAt(0);
  const out = Buffer.allocUnsafe(bytes.length * step - (step - 2));
  for (let i = 0, j = 0; i < bytes.length; i++, j += step) {
    out[j] = HEX_DIGITS[bytes[i] >> 4];
    out[j + 1] = HEX_DIGITS[bytes[i] & 15];
    if (step === 3 && i < bytes.length - 1) out[j + 2] = sep;
  }
  return out.toString('latin1');
}

/** Parses "02 00 03" or "020003" (whitespace ignored). Throws on odd length or non-hex. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`not a hex byte string: ${hex.slice(0, 40)}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** An ASCII body between STX and ETX, its LRC checked: what Concert and POSLink frames share. */
export type StxEtxScan = { kind: 'body'; text: string; length: number } | Extract<ScanResult<never>, { kind: 'need' | 'bad' }>;

/**
 * Scans `STX body ETX LRC` starting at `at` (buf[at] is STX). The LRC is the XOR of every
 * byte after STX up to and including ETX. `maxFrame` bounds the search for ETX; `inner` may
 * refuse a byte of the body (returns a 'bad' result) before ETX is found.
 */
export function scanStxEtxLrc(
  buf: Uint8Array,
  at: number,
  maxFrame: number,
  inner: (byte: number | undefined, index: number) => Extract<ScanResult<never>, { kind: 'bad' }> | null,
  tooLong: string,
): StxEtxScan {
  const limit = Math.min(buf.length, at + maxFrame);
  let etx = -1;
  for (let i = at + 1; i < limit; i++) {
    const c = buf[i];
    if (c === CONTROL_BYTES.ETX) {
      etx = i;
      break;
    }
    const refused = inner(c, i);
    if (refused) return refused;
  }
  if (etx < 0) return limit - at >= maxFrame ? { kind: 'bad', code: 'BAD_LENGTH', message: tooLong, length: limit - at } : { kind: 'need' };
  if (etx + 1 >= buf.length) return { kind: 'need' };
  const length = etx + 2 - at;
  const lrc = xorLrc(buf, at + 1, etx + 1);
  if (lrc !== buf[etx + 1]) {
    return { kind: 'bad', code: 'BAD_CHECKSUM', message: `LRC 0x${hexByte(buf[etx + 1])} should be 0x${hexByte(lrc)}`, length };
  }
  let text = '';
  for (let i = at + 1; i < etx; i++) text += String.fromCharCode(buf[i] ?? 0);
  return { kind: 'body', text, length };
}

export function hexByte(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, '0');
}
