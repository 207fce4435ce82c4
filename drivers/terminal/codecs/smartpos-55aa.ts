/**
 * CodePay / PayCloud smart-POS ECR frame codec (USB or serial, 115200 8N1):
 * 55 AA | type | ack | msgId | len (2, BE) | data | XOR(type..data) | CC 33
 *
 * Source: vendor-protocols.md §2.2. type 0 = data, 1 = handshake, 2 = handshake
 * confirm; ack = id of the last good packet received (0 = none); msgId 1..255
 * wrapping. The heartbeat is 55AA000000000000CC33 (type 0, no id, no data). A
 * frame with msgId 0, no data and ack != 0 is a bare acknowledgement (inferred:
 * the doc shows piggy-backed acks only).
 */
import { type FrameScanner, ScanningDecoder, type StreamDecoder, xorLrc } from './codec';

export type SmartPosFrameType = 0 | 1 | 2;

export interface SmartPosFrame {
  type: SmartPosFrameType;
  ack: number;
  msgId: number;
  data: Uint8Array;
}

/** "Maximum 1,024 bytes" in the doc; read as the data limit (configurable in the decoder). */
export const SMARTPOS_MAX_DATA = 1024;
const HEAD = [0x55, 0xaa] as const;
const TAIL = [0xcc, 0x33] as const;
const HEADER = 7; // 55 AA type ack id lenHi lenLo
const TRAILER = 3; // xor CC 33

export const SMARTPOS_HANDSHAKE: SmartPosFrame = { type: 1, ack: 0, msgId: 0, data: new Uint8Array(0) };
export const SMARTPOS_HANDSHAKE_CONFIRM: SmartPosFrame = { type: 2, ack: 0, msgId: 0, data: new Uint8Array(0) };
export const SMARTPOS_HEARTBEAT: SmartPosFrame = { type: 0, ack: 0, msgId: 0, data: new Uint8Array(0) };

export function isHeartbeat(f: SmartPosFrame): boolean {
  return f.type === 0 && f.msgId === 0 && f.ack === 0 && f.data.length === 0;
}

export function isAckOnly(f: SmartPosFrame): boolean {
  return f.type === 0 && f.msgId === 0 && f.ack !== 0 && f.data.length === 0;
}

export function encodeSmartPos(frame: SmartPosFrame, maxData = SMARTPOS_MAX_DATA): Uint8Array {
  const n = frame.data.length;
  if (n > maxData) throw new RangeError(`55AA data is ${n} bytes; the limit is ${maxData}`);
  for (const [name, v] of [['ack', frame.ack], ['msgId', frame.msgId]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`55AA ${name} must be 0..255, got ${v}`);
  }
  const out = new Uint8Array(HEADER + n + TRAILER);
  out[0] = HEAD[0];
  out[1] = HEAD[1];
  out[2] = frame.type;
  out[3] = frame.ack;
  out[4] = frame.msgId;
  out[5] = n >> 8;
  out[6] = n & 0xff;
  out.set(frame.data, HEADER);
  out[HEADER + n] = xorLrc(out, 2, HEADER + n);
  out[HEADER + n + 1] = TAIL[0];
  out[HEADER + n + 2] = TAIL[1];
  return out;
}

function scannerFor(maxData: number): FrameScanner<SmartPosFrame> {
  return (buf, at) => {
    if (buf[at] !== HEAD[0]) return { kind: 'garbage' };
    if (buf.length - at < 2) return { kind: 'need' };
    if (buf[at + 1] !== HEAD[1]) return { kind: 'garbage' };
    if (buf.length - at < HEADER) return { kind: 'need' };
    const type = buf[at + 2] ?? 0;
    if (type > 2) return { kind: 'bad', code: 'BAD_PAYLOAD', message: `unknown frame type ${type}`, length: 3 };
    const n = ((buf[at + 5] ?? 0) << 8) | (buf[at + 6] ?? 0);
    if (n > maxData) return { kind: 'bad', code: 'BAD_LENGTH', message: `length ${n} over the ${maxData}-byte limit`, length: HEADER };
    const total = HEADER + n + TRAILER;
    if (buf.length - at < total) return { kind: 'need' };
    if (buf[at + total - 2] !== TAIL[0] || buf[at + total - 1] !== TAIL[1]) {
      return { kind: 'bad', code: 'BAD_TRAILER', message: `no CC 33 after ${n} data bytes`, length: total };
    }
    const x = xorLrc(buf, at + 2, at + HEADER + n);
    const got = buf[at + HEADER + n];
    if (x !== got) {
      return { kind: 'bad', code: 'BAD_CHECKSUM', message: `XOR 0x${hex(got)} should be 0x${hex(x)}`, length: total };
    }
    const frame: SmartPosFrame = {
      type: type as SmartPosFrameType,
      ack: buf[at + 3] ?? 0,
      msgId: buf[at + 4] ?? 0,
      data: buf.slice(at + HEADER, at + HEADER + n),
    };
    return { kind: 'frame', frame, length: total };
  };
}

export function createSmartPosDecoder(maxData = SMARTPOS_MAX_DATA): StreamDecoder<SmartPosFrame> {
  return new ScanningDecoder(scannerFor(maxData), { maxBuffer: HEADER + maxData + TRAILER + 1 });
}

function hex(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, '0');
}
