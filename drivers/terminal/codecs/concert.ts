/**
 * Ingenico Telium "Caisse Concert" protocol E+ codec: STX msg ETX LRC with
 * fixed-length ASCII messages.
 *
 * Source: vendor-protocols.md §2.4 and pyTeliumManager's payment.py:
 * - request (34 chars): pos(2) amount(8, minor units) answerFlag(1) mode(1)
 *   type(1) currency(3) private(10) delay(4) auth(4)
 * - full reply (80 chars, 83 bytes framed): pos(2) status(1) amount(8) mode(1)
 *   report(55) currency(3) private(10)
 * - short reply (25 chars, 28 bytes framed): pos status amount mode currency private
 * LRC = XOR over msg + ETX. ENQ/ACK/NAK/EOT are single bytes (session in links/).
 * The message length tells request from reply, so one decoder serves both sides.
 */
import {
  CONTROL_BYTES,
  type FrameCodec,
  type FrameScanner,
  ScanningDecoder,
  type StreamDecoder,
  hexByte,
  scanStxEtxLrc,
  xorLrc,
} from './codec';

export const CONCERT_REQUEST_LENGTH = 34;
export const CONCERT_REPLY_FULL_LENGTH = 80;
export const CONCERT_REPLY_SHORT_LENGTH = 25;
/** The amount field holds 8 digits of minor units. */
const MAX_AMOUNT_MINOR = 99_999_999;
const MAX_MSG = CONCERT_REPLY_FULL_LENGTH;

export interface ConcertRequest {
  kind: 'request';
  posNumber: string;
  amountMinor: number;
  answerFlag: string;
  mode: string;
  type: string;
  currency: string;
  privateData: string;
  delay: string;
  auth: string;
}

export interface ConcertReply {
  kind: 'reply';
  posNumber: string;
  status: string;
  amountMinor: number;
  mode: string;
  /** 55-char report (card number etc.) in a full reply; undefined in a short one. */
  report?: string;
  currency: string;
  privateData: string;
}

export type ConcertMessage = ConcertRequest | ConcertReply;

export function encodeConcert(message: ConcertMessage): Uint8Array {
  const text = message.kind === 'request' ? requestText(message) : replyText(message);
  const out = new Uint8Array(text.length + 3);
  out[0] = CONTROL_BYTES.STX;
  for (let i = 0; i < text.length; i++) out[i + 1] = text.charCodeAt(i);
  out[text.length + 1] = CONTROL_BYTES.ETX;
  out[text.length + 2] = xorLrc(out, 1, text.length + 2);
  return out;
}

function requestText(m: ConcertRequest): string {
  return [
    fixed('posNumber', m.posNumber, 2),
    amount(m.amountMinor),
    fixed('answerFlag', m.answerFlag, 1),
    fixed('mode', m.mode, 1),
    fixed('type', m.type, 1),
    fixed('currency', m.currency, 3),
    fixed('privateData', m.privateData, 10),
    fixed('delay', m.delay, 4),
    fixed('auth', m.auth, 4),
  ].join('');
}

function replyText(m: ConcertReply): string {
  return [
    fixed('posNumber', m.posNumber, 2),
    fixed('status', m.status, 1),
    amount(m.amountMinor),
    fixed('mode', m.mode, 1),
    m.report === undefined ? '' : fixed('report', m.report, 55),
    fixed('currency', m.currency, 3),
    fixed('privateData', m.privateData, 10),
  ].join('');
}

function fixed(name: string, value: string, width: number): string {
  if (value.length !== width || !/^[\x20-\x7e]*$/.test(value)) {
    throw new RangeError(`Concert ${name} must be ${width} printable ASCII chars, got "${value}"`);
  }
  return value;
}

function amount(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0 || minor > MAX_AMOUNT_MINOR) {
    throw new RangeError(`Concert amount must be 0..${MAX_AMOUNT_MINOR} minor units, got ${minor}`);
  }
  return String(minor).padStart(8, '0');
}

function parseMessage(text: string): ConcertMessage | string {
  const amountAt = (from: number): number | undefined => {
    const digits = text.slice(from, from + 8);
    return /^\d{8}$/.test(digits) ? Number(digits) : undefined;
  };
  if (text.length === CONCERT_REQUEST_LENGTH) {
    const amountMinor = amountAt(2);
    if (amountMinor === undefined) return 'amount is not 8 digits';
    return {
      kind: 'request',
      posNumber: text.slice(0, 2),
      amountMinor,
      answerFlag: text.slice(10, 11),
      mode: text.slice(11, 12),
      type: text.slice(12, 13),
      currency: text.slice(13, 16),
      privateData: text.slice(16, 26),
      delay: text.slice(26, 30),
      auth: text.slice(30, 34),
    };
  }
  if (text.length === CONCERT_REPLY_FULL_LENGTH || text.length === CONCERT_REPLY_SHORT_LENGTH) {
    const amountMinor = amountAt(3);
    if (amountMinor === undefined) return 'amount is not 8 digits';
    const full = text.length === CONCERT_REPLY_FULL_LENGTH;
    const tail = full ? 67 : 12;
    const reply: ConcertReply = {
      kind: 'reply',
      posNumber: text.slice(0, 2),
      status: text.slice(2, 3),
      amountMinor,
      mode: text.slice(11, 12),
      currency: text.slice(tail, tail + 3),
      privateData: text.slice(tail + 3, tail + 13),
    };
    if (full) reply.report = text.slice(12, 67);
    return reply;
  }
  return `message is ${text.length} chars; E+ uses ${CONCERT_REQUEST_LENGTH}, ${CONCERT_REPLY_SHORT_LENGTH} or ${CONCERT_REPLY_FULL_LENGTH}`;
}

const scanConcert: FrameScanner<ConcertMessage> = (buf, at) => {
  const b = buf[at];
  if (b === CONTROL_BYTES.ACK) return { kind: 'control', control: 'ACK' };
  if (b === CONTROL_BYTES.NAK) return { kind: 'control', control: 'NAK' };
  if (b === CONTROL_BYTES.EOT) return { kind: 'control', control: 'EOT' };
  if (b === CONTROL_BYTES.ENQ) return { kind: 'control', control: 'ENQ' };
  if (b !== CONTROL_BYTES.STX) return { kind: 'garbage' };
  const body = scanStxEtxLrc(
    buf,
    at,
    MAX_MSG + 2,
    (c, i) =>
      c === undefined || c < 0x20 || c > 0x7e
        ? { kind: 'bad', code: 'BAD_PAYLOAD', message: `control or non-ASCII byte 0x${hexByte(c)} inside the message`, length: i - at }
        : null,
    `no ETX within ${MAX_MSG} chars`,
  );
  if (body.kind !== 'body') return body;
  const { text, length } = body;
  const parsed = parseMessage(text);
  if (typeof parsed === 'string') return { kind: 'bad', code: 'BAD_PAYLOAD', message: parsed, length };
  return { kind: 'frame', frame: parsed, length };
};

export function createConcertDecoder(): StreamDecoder<ConcertMessage> {
  return new ScanningDecoder(scanConcert, { maxBuffer: MAX_MSG + 4 });
}

export const concertCodec: FrameCodec<ConcertMessage> = {
  name: 'concert',
  encode: encodeConcert,
  createDecoder: createConcertDecoder,
};

