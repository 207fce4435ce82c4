/**
 * Bank MIS-POS frame codec (RS232): STX | LEN (2-byte BCD, DATA length) | DATA | ETX | LRC.
 *
 * Source: vendor-protocols.md §2.1 (public "银捷" MIS driver). LRC = XOR over
 * LEN + DATA + ETX. The receiver rejects LEN <= 0 or > 1024. Link control is single
 * bytes ACK 06 / NAK 15 / EOT 04; a stray 00 on the line is ignored. DATA is
 * DF-tag TLV (see tlv.ts) or a text notice (LOGLOG…, …ACKACK nnnnnn), so the
 * frame carries raw DATA and TLV is decoded one layer up.
 */
import { CONTROL_BYTES, type FrameCodec, type FrameScanner, ScanningDecoder, type StreamDecoder, xorLrc } from './codec';

export interface MisPosFrame {
  data: Uint8Array;
}

/** The receiver in the public driver rejects longer DATA. */
export const MISPOS_MAX_DATA = 1024;

const HEADER = 3; // STX + LEN(2)
const TRAILER = 2; // ETX + LRC
const NUL = 0x00;

export function encodeMisPos(frame: MisPosFrame): Uint8Array {
  const n = frame.data.length;
  if (n <= 0 || n > MISPOS_MAX_DATA) throw new RangeError(`MIS-POS DATA must be 1..${MISPOS_MAX_DATA} bytes, got ${n}`);
  const out = new Uint8Array(HEADER + n + TRAILER);
  out[0] = CONTROL_BYTES.STX;
  out[1] = toBcd(Math.floor(n / 100));
  out[2] = toBcd(n % 100);
  out.set(frame.data, HEADER);
  out[HEADER + n] = CONTROL_BYTES.ETX;
  out[HEADER + n + 1] = xorLrc(out, 1, HEADER + n + 1);
  return out;
}

const scanMisPos: FrameScanner<MisPosFrame> = (buf, at) => {
  const b = buf[at];
  switch (b) {
    case CONTROL_BYTES.ACK:
      return { kind: 'control', control: 'ACK' };
    case CONTROL_BYTES.NAK:
      return { kind: 'control', control: 'NAK' };
    case CONTROL_BYTES.EOT:
      return { kind: 'control', control: 'EOT' };
    case NUL:
      return { kind: 'ignore' };
    case CONTROL_BYTES.STX:
      break;
    default:
      return { kind: 'garbage' };
  }
  if (buf.length - at < HEADER) return { kind: 'need' };
  const n = fromBcd2(buf[at + 1] ?? 0, buf[at + 2] ?? 0);
  if (n === undefined) return { kind: 'bad', code: 'BAD_LENGTH', message: 'LEN is not BCD', length: HEADER };
  if (n <= 0 || n > MISPOS_MAX_DATA) {
    return { kind: 'bad', code: 'BAD_LENGTH', message: `LEN ${n} outside 1..${MISPOS_MAX_DATA}`, length: HEADER };
  }
  const total = HEADER + n + TRAILER;
  if (buf.length - at < total) return { kind: 'need' };
  const etx = buf[at + HEADER + n];
  if (etx !== CONTROL_BYTES.ETX) {
    return { kind: 'bad', code: 'BAD_TRAILER', message: `no ETX after ${n} DATA bytes (found ${hex(etx)})`, length: total };
  }
  const lrc = xorLrc(buf, at + 1, at + HEADER + n + 1);
  const got = buf[at + total - 1];
  if (lrc !== got) {
    return { kind: 'bad', code: 'BAD_CHECKSUM', message: `LRC ${hex(got)} should be ${hex(lrc)}`, length: total };
  }
  return { kind: 'frame', frame: { data: buf.slice(at + HEADER, at + HEADER + n) }, length: total };
};

export function createMisPosDecoder(): StreamDecoder<MisPosFrame> {
  // Bound: the largest legal frame plus one, so only garbage can overflow.
  return new ScanningDecoder(scanMisPos, { maxBuffer: HEADER + MISPOS_MAX_DATA + TRAILER + 1 });
}

export const misPosCodec: FrameCodec<MisPosFrame> = {
  name: 'mispos',
  encode: encodeMisPos,
  createDecoder: createMisPosDecoder,
};

function toBcd(n: number): number {
  return ((Math.floor(n / 10) % 10) << 4) | (n % 10);
}

function fromBcd2(hi: number, lo: number): number | undefined {
  const d = [hi >> 4, hi & 0xf, lo >> 4, lo & 0xf];
  if (d.some((x) => x > 9)) return undefined;
  return d.reduce((acc, x) => acc * 10 + x, 0);
}

function hex(b: number | undefined): string {
  return b === undefined ? '--' : `0x${b.toString(16).padStart(2, '0')}`;
}
