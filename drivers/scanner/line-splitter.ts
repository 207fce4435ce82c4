/**
 * Streaming line codec for serial (USB-CDC / RS-232) scanners: bytes in, scanned lines
 * or errors out. Pure: no I/O, no timers. Handles any chunking, including a CRLF split
 * across two chunks. Over-long runs without a terminator are discarded with an error and
 * the splitter resynchronises at the next terminator, so one bad burst loses only itself.
 */
import iconv from 'iconv-lite';

/** Which byte sequence ends a scan. 'any' accepts CR, LF or CRLF (one line each). */
export type LineTerminator = 'CR' | 'LF' | 'CRLF' | 'any';
export type ScannerEncoding = 'utf-8' | 'gb18030' | 'latin1';

export interface LineSplitterOptions {
  terminator: LineTerminator;
  /** A line longer than this many bytes is garbage (no real code is); it is dropped. */
  maxLineBytes: number;
  /** How the scanner encodes non-ASCII (QR codes with Chinese text: UTF-8 or GB18030). */
  encoding: ScannerEncoding;
}

/** Real codes fit in ~100 bytes (GS1 QR); 512 also fits a long URL in a QR code. */
export const DEFAULT_MAX_LINE_BYTES = 512;

export const DEFAULT_LINE_OPTIONS: Readonly<LineSplitterOptions> = Object.freeze({
  terminator: 'any',
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  encoding: 'utf-8',
});

export type LineEvent = { type: 'line'; text: string } | { type: 'error'; reason: string; bytes: string };

const CR = 0x0d;
const LF = 0x0a;
const GS = 0x1d; // FNC1 in GS1 data: a legitimate control byte
const TAB = 0x09;
/** Bytes of evidence shown in an error (hex); enough to recognise a wrong baud rate. */
const EVIDENCE_BYTES = 32;

const hex = (b: Uint8Array) =>
  Array.from(b.subarray(0, EVIDENCE_BYTES), (x) => x.toString(16).padStart(2, '0')).join(' ') + (b.length > EVIDENCE_BYTES ? ' …' : '');

export class LineSplitter {
  readonly options: Readonly<LineSplitterOptions>;
  #buf: number[] = [];
  /** Length of the over-long line being skipped, or 0 when not skipping. */
  #skipping = 0;
  /** The previous byte was CR: swallow a following LF ('any') or complete CRLF ('CRLF'). */
  #afterCr = false;

  constructor(options?: Partial<LineSplitterOptions>) {
    const o = { ...DEFAULT_LINE_OPTIONS, ...options };
    if (!Number.isInteger(o.maxLineBytes) || o.maxLineBytes < 1) throw new TypeError(`maxLineBytes must be a positive integer, got ${o.maxLineBytes}`);
    if (!['CR', 'LF', 'CRLF', 'any'].includes(o.terminator)) throw new TypeError(`unknown terminator "${o.terminator}"`);
    if (!iconv.encodingExists(o.encoding)) throw new TypeError(`unknown encoding "${o.encoding}"`);
    this.options = Object.freeze(o);
  }

  push(chunk: Uint8Array): LineEvent[] {
    const out: LineEvent[] = [];
    const t = this.options.terminator;
    for (const byte of chunk) {
      const afterCr = this.#afterCr;
      this.#afterCr = byte === CR;
      if (t === 'any') {
        if (byte === LF && afterCr) continue; // second half of CRLF
        if (byte === CR || byte === LF) {
          this.#end(out);
          continue;
        }
      } else if (t === 'CR' && byte === CR) {
        this.#end(out);
        continue;
      } else if (t === 'LF' && byte === LF) {
        this.#end(out);
        continue;
      } else if (t === 'CRLF') {
        if (byte === LF && afterCr) {
          if (this.#skipping === 0) this.#buf.pop(); // the CR kept in case no LF followed
          this.#end(out);
          continue;
        }
      }
      this.#add(byte, out);
    }
    return out;
  }

  /** End the current line without a terminator (idle timeout, or the link closed). */
  flush(): LineEvent[] {
    const out: LineEvent[] = [];
    this.#afterCr = false;
    if (this.#buf.length > 0 || this.#skipping > 0) this.#end(out);
    return out;
  }

  /** Bytes waiting for a terminator. */
  get pending(): number {
    return this.#buf.length;
  }

  #add(byte: number, out: LineEvent[]): void {
    if (this.#skipping > 0) {
      this.#skipping++;
      return;
    }
    this.#buf.push(byte);
    if (this.#buf.length > this.options.maxLineBytes) {
      // Report as soon as we know, not at the terminator: it may never come.
      out.push({
        type: 'error',
        reason: `line longer than ${this.options.maxLineBytes} bytes without a terminator: discarded up to the next line end (wrong terminator setting or not a scanner?)`,
        bytes: hex(Uint8Array.from(this.#buf)),
      });
      this.#skipping = this.#buf.length;
      this.#buf = [];
    }
  }

  #end(out: LineEvent[]): void {
    if (this.#skipping > 0) {
      this.#skipping = 0;
      return;
    }
    const bytes = Uint8Array.from(this.#buf);
    this.#buf = [];
    const ev = decodeLine(bytes, this.options.encoding);
    if (ev !== null) out.push(ev);
  }
}

/** One line's bytes -> trimmed text, or an error naming what was wrong. Null for blank lines. */
export function decodeLine(raw: Uint8Array, encoding: ScannerEncoding): LineEvent | null {
  // A lone LF after a CR-terminated line (or vice versa) is whitespace, not noise.
  let start = 0;
  let end = raw.length;
  while (start < end && isSpaceByte(raw[start] ?? 0)) start++;
  while (end > start && isSpaceByte(raw[end - 1] ?? 0)) end--;
  const bytes = raw.subarray(start, end);
  if (bytes.length === 0) return null;
  const bad = bytes.findIndex((b) => (b < 0x20 && b !== GS && b !== TAB) || b === 0x7f);
  if (bad !== -1) {
    return {
      type: 'error',
      reason: `line contains control byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad}: line noise or a wrong baud rate`,
      bytes: hex(bytes),
    };
  }
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { type: 'error', reason: 'line is not valid UTF-8: wrong baud rate, or set the scanner encoding to GB18030', bytes: hex(bytes) };
    }
  } else {
    text = iconv.decode(Buffer.from(bytes), encoding);
  }
  text = text.trim();
  return text === '' ? null : { type: 'line', text };
}

function isSpaceByte(b: number): boolean {
  return b === 0x20 || b === TAB || b === CR || b === LF;
}
