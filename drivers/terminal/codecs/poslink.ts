/**
 * PAX POSLink frame codec (serial or TCP): STX cmd FS version FS field… ETX LRC.
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
  scanStxEtxLrc,
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
  const scanned = scanStxEtxLrc(
    buf,
    at,
    POSLINK_MAX_FRAME,
    // A new frame starting before this one ended: this one was cut short.
    (c, i) => (c === CONTROL_BYTES.STX ? { kind: 'bad', code: 'TRUNCATED', message: 'STX again before ETX: frame cut short', length: i - at } : null),
    `no ETX within ${POSLINK_MAX_FRAME} bytes`,
  );
  if (scanned.kind !== 'body') return scanned;
  const { text: body, length } = scanned;
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

