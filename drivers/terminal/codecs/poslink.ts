/**
 * PAX POSLink frame codec (serial or TCP): STX cmd FS version FS field… ETX LRC.
 * Exports: PosLinkFrame, posLinkCodec, encodePosLink, createPosLinkDecoder,
 *          splitSubfields, joinSubfields, POSLINK_DEFAULT_VERSION, POSLINK_MAX_FRAME
 *
 * Source: vendor-protocols.md §2.3 (globalpayments/java-sdk TerminalUtilities):
 * LRC = XOR of every byte after STX up to and including ETX. Fields are split on
 * FS (0x1C); a field holding a group (amounts, trace info) splits on US (0x1F) —
 * see splitSubfields. Text is ASCII. ACK/NAK/EOT are single bytes.
 */
import {
  CONTROL_BYTES,
  type FrameCodec,
  type FrameScanner,
  ScanningDecoder,
  type StreamDecoder,
  xorLrc,
} from './codec';

export interface PosLinkFrame {
  /** "T00", "B00", "A00"… */
  command: string;
  /** "1.35" in the SDK. */
  version: string;
  /** Everything after the version, split on FS. May be empty. */
  fields: string[];
}

export const POSLINK_DEFAULT_VERSION = '1.35';
/** No POSLink message in the SDK comes near this; it bounds the ETX search. */
export const POSLINK_MAX_FRAME = 4096;

export function encodePosLink(frame: PosLinkFrame): Uint8Array {
  const body = [frame.command, frame.version, ...frame.fields].join(String.fromCharCode(CONTROL_BYTES.FS));
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c > 0x7e || c === CONTROL_BYTES.STX || c === CONTROL_BYTES.ETX) {
      throw new RangeError(`POSLink text must be printable ASCII (bad char 0x${c.toString(16)} at ${i})`);
    }
  }
  if (body.length + 3 > POSLINK_MAX_FRAME) throw new RangeError(`POSLink frame over ${POSLINK_MAX_FRAME} bytes`);
  const out = new Uint8Array(body.length + 3);
  out[0] = CONTROL_BYTES.STX;
  for (let i = 0; i < body.length; i++) out[i + 1] = body.charCodeAt(i);
  out[body.length + 1] = CONTROL_BYTES.ETX;
  out[body.length + 2] = xorLrc(out, 1, body.length + 2);
  return out;
}

const scanPosLink: FrameScanner<PosLinkFrame> = (buf, at) => {
  const b = buf[at];
  if (b === CONTROL_BYTES.ACK) return { kind: 'control', control: 'ACK' };
  if (b === CONTROL_BYTES.NAK) return { kind: 'control', control: 'NAK' };
  if (b === CONTROL_BYTES.EOT) return { kind: 'control', control: 'EOT' };
  if (b !== CONTROL_BYTES.STX) return { kind: 'garbage' };
  const limit = Math.min(buf.length, at + POSLINK_MAX_FRAME);
  let etx = -1;
  for (let i = at + 1; i < limit; i++) {
    const c = buf[i];
    if (c === CONTROL_BYTES.ETX) {
      etx = i;
      break;
    }
    if (c === CONTROL_BYTES.STX) {
      // A new frame starts before this one ended: this one was cut short.
      return { kind: 'bad', code: 'TRUNCATED', message: 'STX again before ETX: frame cut short', length: i - at };
    }
  }
  if (etx < 0) {
    if (limit - at >= POSLINK_MAX_FRAME) {
      return { kind: 'bad', code: 'BAD_LENGTH', message: `no ETX within ${POSLINK_MAX_FRAME} bytes`, length: limit - at };
    }
    return { kind: 'need' };
  }
  if (etx + 1 >= buf.length) return { kind: 'need' };
  const length = etx + 2 - at;
  const lrc = xorLrc(buf, at + 1, etx + 1);
  if (lrc !== buf[etx + 1]) {
    return { kind: 'bad', code: 'BAD_CHECKSUM', message: `LRC 0x${hex(buf[etx + 1])} should be 0x${hex(lrc)}`, length };
  }
  let body = '';
  for (let i = at + 1; i < etx; i++) body += String.fromCharCode(buf[i] ?? 0);
  const parts = body.split(String.fromCharCode(CONTROL_BYTES.FS));
  const [command, version, ...fields] = parts;
  if (command === undefined || version === undefined || !/^[A-Z]\d\d$/.test(command)) {
    return { kind: 'bad', code: 'BAD_PAYLOAD', message: `not a POSLink message (command "${body.slice(0, 8)}")`, length };
  }
  return { kind: 'frame', frame: { command, version, fields }, length };
};

export function createPosLinkDecoder(): StreamDecoder<PosLinkFrame> {
  return new ScanningDecoder(scanPosLink, { maxBuffer: POSLINK_MAX_FRAME + 1 });
}

export const posLinkCodec: FrameCodec<PosLinkFrame> = {
  name: 'poslink',
  encode: encodePosLink,
  createDecoder: createPosLinkDecoder,
};

/** "100[US]0[US]0" -> ["100","0","0"]. */
export function splitSubfields(field: string): string[] {
  return field.split(String.fromCharCode(CONTROL_BYTES.US));
}

export function joinSubfields(parts: readonly string[]): string {
  return parts.join(String.fromCharCode(CONTROL_BYTES.US));
}

function hex(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, '0');
}
