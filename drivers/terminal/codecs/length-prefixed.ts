/**
 * 4-byte big-endian length + payload, for TCP bridges (e.g. an Android-intent
 * vendor bridged to the PC by a relay app, vendor-protocols.md §1).
 *
 * There is no sync marker and no checksum (TCP already guarantees integrity), so
 * after a bad length the decoder can only slide one byte and try again; a corrupt
 * length that happens to be in range swallows the bytes after it. That is the
 * price of this framing, and why it is only used over TCP.
 */
import { type FrameCodec, type FrameScanner, ScanningDecoder, type StreamDecoder } from './codec';

/** 1 MiB: far above any JSON transaction message, small enough to bound memory. */
export const LENGTH_PREFIXED_DEFAULT_MAX = 1 << 20;
const HEADER = 4;

export function encodeLengthPrefixed(payload: Uint8Array, maxLength = LENGTH_PREFIXED_DEFAULT_MAX): Uint8Array {
  if (payload.length > maxLength) throw new RangeError(`payload is ${payload.length} bytes; the limit is ${maxLength}`);
  const out = new Uint8Array(HEADER + payload.length);
  new DataView(out.buffer).setUint32(0, payload.length, false);
  out.set(payload, HEADER);
  return out;
}

function scannerFor(maxLength: number): FrameScanner<Uint8Array> {
  return (buf, at) => {
    if (buf.length - at < HEADER) return { kind: 'need' };
    const n = new DataView(buf.buffer, buf.byteOffset + at, HEADER).getUint32(0, false);
    if (n > maxLength) return { kind: 'bad', code: 'BAD_LENGTH', message: `length ${n} over the ${maxLength}-byte limit`, length: HEADER };
    if (buf.length - at < HEADER + n) return { kind: 'need' };
    return { kind: 'frame', frame: buf.slice(at + HEADER, at + HEADER + n), length: HEADER + n };
  };
}

export function createLengthPrefixedDecoder(maxLength = LENGTH_PREFIXED_DEFAULT_MAX): StreamDecoder<Uint8Array> {
  return new ScanningDecoder(scannerFor(maxLength), { maxBuffer: HEADER + maxLength });
}

export function lengthPrefixedCodec(maxLength = LENGTH_PREFIXED_DEFAULT_MAX): FrameCodec<Uint8Array> {
  return {
    name: 'length-prefixed',
    encode: (p) => encodeLengthPrefixed(p, maxLength),
    createDecoder: () => createLengthPrefixedDecoder(maxLength),
  };
}
