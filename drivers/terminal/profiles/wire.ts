/**
 * Vendor message <-> codec frame, per wire kind. The mapper speaks in field paths; these pure
 * functions lay the fields out the way each codec wants them:
 *
 *   json     JSON text (UTF-8 or GBK bytes, or the json-lines object as is)
 *   tlv      DF-tag TLV, every value as text (MIS-POS)
 *   poslink  command + version + fields by position (PAX)
 *   concert  fixed-width E+ fields; the 55-char reply report is split into named parts
 */
import iconv from 'iconv-lite';
import type { ConcertMessage, ConcertReply, ConcertRequest } from '../codecs/concert';
import type { PosLinkFrame } from '../codecs/poslink';
import { decodeTlv, encodeTlv, recordToTlv, tlvToRecord } from '../codecs/tlv';
import type { Profile } from './profile-schema';
import { isVendorMessage, parseJsonMessage, type VendorMessage, type VendorValue } from './vendor-message';

/** Which way a message travels decides the positional layout (PAX) and frame kind (Concert). */
export type Direction = 'request' | 'response';

// ------------------------------------------------------------------------------- JSON

export function jsonToBytes(message: VendorMessage, encoding: Profile['textEncoding']): Uint8Array {
  return Uint8Array.from(iconv.encode(JSON.stringify(message), encoding));
}

export function bytesToJson(bytes: Uint8Array, encoding: Profile['textEncoding']): VendorMessage {
  return parseJsonMessage(iconv.decode(Buffer.from(bytes), encoding));
}

/** Narrows a decoded JSON object (unknown values) to a vendor message, or says what is wrong. */
export function toVendorMessage(value: unknown, where = 'message'): VendorMessage {
  if (!isVendorMessage(value)) throw new Error(`${where} is not an object`);
  const out: VendorMessage = {};
  for (const [k, v] of Object.entries(value)) out[k] = toVendorValue(v, `${where}.${k}`);
  return out;
}

function toVendorValue(v: unknown, where: string): VendorValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isVendorMessage(v)) return toVendorMessage(v, where);
  throw new Error(`${where} holds an unsupported value (${Array.isArray(v) ? 'array' : typeof v})`);
}

// -------------------------------------------------------------------------------- TLV

export function tlvToBytes(message: VendorMessage, encoding: Profile['textEncoding']): Uint8Array {
  const record: Record<string, string> = {};
  for (const [tag, v] of Object.entries(message)) {
    if (v === null || v === '') continue;
    if (typeof v === 'object') throw new Error(`TLV tag ${tag} cannot hold a nested object`);
    if (!/^DF[0-9A-F]{2}$/.test(tag)) throw new Error(`"${tag}" is not a DF tag`);
    record[tag] = String(v);
  }
  return encodeTlv(recordToTlv(record, encoding));
}

export function bytesToTlv(bytes: Uint8Array, encoding: Profile['textEncoding']): VendorMessage {
  const r = decodeTlv(bytes);
  if (!r.ok) throw new Error(`TLV data is malformed: ${r.message}`);
  return tlvToRecord(r.fields, encoding);
}

// ---------------------------------------------------------------------------- POSLink

export function toPosLink(message: VendorMessage, names: readonly string[]): PosLinkFrame {
  const text = (key: string) => {
    const v = message[key];
    if (v !== null && typeof v === 'object') throw new Error(`POSLink field ${key} cannot hold an object`);
    return v === undefined || v === null ? '' : String(v);
  };
  return { command: text('command'), version: text('version'), fields: names.map(text) };
}

export function fromPosLink(frame: PosLinkFrame, names: readonly string[]): VendorMessage {
  const out: VendorMessage = { command: frame.command, version: frame.version };
  names.forEach((name, i) => {
    out[name] = frame.fields[i] ?? '';
  });
  return out;
}

// ---------------------------------------------------------------------------- Concert

/**
 * Layout of the 55-character report field of an extended E+ answer. The public sources give
 * its length, not its content, except that clients read the card number first: pyTeliumManager
 * takes everything before the first space (`repport.split(' ')[0]`) as the card number. So the
 * masked PAN (first 6 / last 4: no full card number leaves the terminal, DESIGN.md rule 7)
 * leads, in a field one wider than the longest PAN so a space always ends it. The rest is
 * modelled (profiles/README.md). What the counter needs to go on stays: the code (a query's
 * L6/L7), trace (void), reference no. (refund, reconciliation) and the time; batch and auth
 * code no longer fit.
 */
export const CONCERT_REPORT_LAYOUT: readonly { name: string; width: number }[] = [
  /** 19 digits at most, then at least one space. */
  { name: 'pan', width: 20 },
  { name: 'code', width: 2 },
  { name: 'trace', width: 6 },
  { name: 'ref', width: 12 },
  { name: 'cardType', width: 2 },
  { name: 'date', width: 4 },
  { name: 'time', width: 6 },
  /** Echo of the request's type, so a late sale reply is never taken for a query's. */
  { name: 'type', width: 1 },
];
/** The request's answer flag: '0' asks for the short answer (no report), '1' the extended one. */
const CONCERT_SHORT_ANSWER = '0';
const CONCERT_REPORT_WIDTH = 55;
const CONCERT_PRIVATE_WIDTH = 10;

function ascii(v: VendorValue | undefined, width: number, name: string): string {
  const s = v === undefined || v === null ? '' : String(v);
  if (s.length > width) throw new Error(`Concert ${name} "${s}" is longer than ${width} characters`);
  return s.padEnd(width, ' ');
}

export function toConcert(message: VendorMessage, direction: Direction): ConcertMessage {
  const num = (key: string) => {
    const v = message[key];
    const n = typeof v === 'number' ? v : Number(v ?? 0);
    if (!Number.isSafeInteger(n)) throw new Error(`Concert ${key} is not a whole number: ${String(v)}`);
    return n;
  };
  const text = (key: string, width: number) => ascii(message[key], width, key);
  if (direction === 'request') {
    const req: ConcertRequest = {
      kind: 'request',
      posNumber: text('posNumber', 2),
      amountMinor: num('amountMinor'),
      answerFlag: text('answerFlag', 1),
      mode: text('mode', 1),
      type: text('type', 1),
      currency: text('currency', 3),
      privateData: text('privateData', CONCERT_PRIVATE_WIDTH),
      delay: text('delay', 4),
      auth: text('auth', 4),
    };
    return req;
  }
  const reply: ConcertReply = {
    kind: 'reply',
    posNumber: text('posNumber', 2),
    status: text('status', 1),
    amountMinor: num('amountMinor'),
    mode: text('mode', 1),
    currency: text('currency', 3),
    privateData: text('privateData', CONCERT_PRIVATE_WIDTH),
  };
  // The answer flag travels back as an echo (profile response.echo) only to pick the form: a
  // client that asked for the short answer reads 28 bytes, and 55 more would block its line.
  if (message.answerFlag === CONCERT_SHORT_ANSWER) return reply;
  const report = isVendorMessage(message.report) ? message.report : {};
  const parts: Record<string, string> = Object.fromEntries(Object.entries(report).map(([k, v]) => [k, v === null ? '' : String(v)]));
  reply.report = CONCERT_REPORT_LAYOUT.map((f) => ascii(parts[f.name], f.width, `report.${f.name}`))
    .join('')
    .padEnd(CONCERT_REPORT_WIDTH, ' ');
  return reply;
}

export function fromConcert(frame: ConcertMessage): VendorMessage {
  if (frame.kind === 'request') {
    const { kind: _kind, ...fields } = frame;
    return { ...fields };
  }
  const { kind: _kind, report, ...fields } = frame;
  const out: VendorMessage = { ...fields };
  if (report !== undefined) {
    const parts: VendorMessage = {};
    let at = 0;
    for (const f of CONCERT_REPORT_LAYOUT) {
      parts[f.name] = report.slice(at, at + f.width).trim();
      at += f.width;
    }
    out.report = parts;
  }
  return out;
}
