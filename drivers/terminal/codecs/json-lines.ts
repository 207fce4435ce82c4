/**
 * Raw JSON objects over a COM port (Newland 星POS "PC invoke POS").
 *
 * The vendor docs (vendor-protocols.md §1.1) give no framing: the PC sends a bare
 * JSON string and the POS answers with one. So objects are delimited by brace
 * matching (string literals and escapes respected), which also accepts
 * newline-delimited JSON: whitespace between objects is skipped. Anything else
 * between objects is garbage. Text is UTF-8 by default; with encoding 'gbk' a
 * GBK lead byte inside a string swallows its trail byte, since GBK trail bytes
 * can be 0x5C ('\') or braces.
 */
import iconv from 'iconv-lite';
import { type DecodeEvent, type FrameCodec, type StreamDecoder, toHex } from './codec';

export type JsonObject = { [key: string]: unknown };

export interface JsonCodecOptions {
  encoding?: 'utf8' | 'gbk';
  /** Largest object accepted, in bytes; larger ones are dropped and reported. */
  maxObjectBytes?: number;
  /** Append "\n" after each encoded object (off by default: the vendor sends bare JSON). */
  newline?: boolean;
}

/** 64 KiB: a transaction reply is well under 2 KiB; this bounds a runaway sender. */
export const JSON_DEFAULT_MAX_OBJECT = 64 * 1024;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const GBK_LEAD_MIN = 0x81;
const MAX_GARBAGE_RUN = 256;

export function encodeJson(value: JsonObject, options: JsonCodecOptions = {}): Uint8Array {
  const text = JSON.stringify(value) + (options.newline ? '\n' : '');
  return Uint8Array.from(iconv.encode(text, options.encoding ?? 'utf8'));
}

class JsonDecoder implements StreamDecoder<JsonObject> {
  readonly #encoding: 'utf8' | 'gbk';
  readonly #max: number;
  /** Bytes of the object in progress (or empty). */
  #obj: number[] = [];
  #depth = 0;
  #inString = false;
  #escape = false;
  #gbkTrail = false;
  /** Dropping an oversize object until its braces balance. */
  #discarding = false;
  #discarded = 0;
  #garbage: number[] = [];

  constructor(options: JsonCodecOptions) {
    this.#encoding = options.encoding ?? 'utf8';
    this.#max = options.maxObjectBytes ?? JSON_DEFAULT_MAX_OBJECT;
  }

  get buffered(): number {
    return this.#obj.length;
  }

  push(chunk: Uint8Array): DecodeEvent<JsonObject>[] {
    const out: DecodeEvent<JsonObject>[] = [];
    for (const b of chunk) this.#byte(b, out);
    return out;
  }

  flush(): DecodeEvent<JsonObject>[] {
    const out: DecodeEvent<JsonObject>[] = [];
    this.#flushGarbage(out);
    if (this.#obj.length > 0) {
      out.push({ type: 'error', code: 'TRUNCATED', message: `line went idle ${this.#obj.length} bytes into a JSON object`, raw: Uint8Array.from(this.#obj) });
    }
    if (this.#discarding) {
      out.push({ type: 'error', code: 'TRUNCATED', message: `line went idle inside an oversize object (${this.#discarded} bytes dropped)`, raw: new Uint8Array(0) });
    }
    this.#resetObject();
    return out;
  }

  reset(): void {
    this.#resetObject();
    this.#garbage = [];
  }

  #resetObject(): void {
    this.#obj = [];
    this.#depth = 0;
    this.#inString = false;
    this.#escape = false;
    this.#gbkTrail = false;
    this.#discarding = false;
    this.#discarded = 0;
  }

  #byte(b: number, out: DecodeEvent<JsonObject>[]): void {
    if (this.#depth === 0) {
      if (b === OPEN) {
        this.#flushGarbage(out);
        this.#depth = 1;
        this.#obj.push(b);
      } else if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
        this.#garbage.push(b);
        if (this.#garbage.length >= MAX_GARBAGE_RUN) this.#flushGarbage(out);
      }
      return;
    }
    if (this.#discarding) this.#discarded++;
    else this.#obj.push(b);
    if (this.#inString) {
      if (this.#gbkTrail) this.#gbkTrail = false;
      else if (this.#escape) this.#escape = false;
      else if (b === BACKSLASH) this.#escape = true;
      else if (b === QUOTE) this.#inString = false;
      else if (this.#encoding === 'gbk' && b >= GBK_LEAD_MIN && b !== 0xff) this.#gbkTrail = true;
    } else if (b === QUOTE) this.#inString = true;
    else if (b === OPEN) this.#depth++;
    else if (b === CLOSE) this.#depth--;

    if (!this.#discarding && this.#obj.length > this.#max) {
      out.push({
        type: 'error',
        code: 'OVERFLOW',
        message: `JSON object over ${this.#max} bytes; dropping it up to its closing brace`,
        raw: Uint8Array.from(this.#obj.slice(0, 64)),
      });
      this.#discarded = this.#obj.length;
      this.#obj = [];
      this.#discarding = true;
    }
    if (this.#depth === 0) {
      if (this.#discarding) {
        this.#resetObject();
        return;
      }
      const raw = Uint8Array.from(this.#obj);
      this.#resetObject();
      out.push(this.#parse(raw));
    }
  }

  #parse(raw: Uint8Array): DecodeEvent<JsonObject> {
    let value: unknown;
    try {
      value = JSON.parse(iconv.decode(Buffer.from(raw), this.#encoding));
    } catch (error) {
      return { type: 'error', code: 'BAD_PAYLOAD', message: `not JSON: ${error instanceof Error ? error.message : String(error)}`, raw };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { type: 'error', code: 'BAD_PAYLOAD', message: 'JSON is not an object', raw };
    }
    return { type: 'frame', frame: value as JsonObject, raw };
  }

  #flushGarbage(out: DecodeEvent<JsonObject>[]): void {
    if (this.#garbage.length === 0) return;
    const raw = Uint8Array.from(this.#garbage);
    this.#garbage = [];
    out.push({ type: 'error', code: 'GARBAGE', message: `${raw.length} byte(s) outside any JSON object: ${toHex(raw.subarray(0, 16))}`, raw });
  }
}

export function createJsonDecoder(options: JsonCodecOptions = {}): StreamDecoder<JsonObject> {
  return new JsonDecoder(options);
}

export function jsonCodec(options: JsonCodecOptions = {}): FrameCodec<JsonObject> {
  return {
    name: 'json',
    encode: (value) => encodeJson(value, options),
    createDecoder: () => createJsonDecoder(options),
  };
}
