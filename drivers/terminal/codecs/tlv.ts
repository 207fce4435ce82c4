/**
 * DF-tag TLV used inside MIS-POS frames (bank MIS-POS over RS232).
 *
 * Tag: 2 bytes, always 0xDF nn. The public driver (vendor-protocols.md §2.1) only
 * ever uses DF tags, including DFBE, which a strict BER reader would take as a
 * 3-byte tag (0xBE has bit 8 set); fixed 2-byte tags read it the way the driver does.
 * Length: BER form (inferred): < 0x80 in one byte, else 0x81 nn or 0x82 nn nn,
 * because DF06 (receipt print data) can exceed 127 bytes.
 * Values: ASCII digits or GBK text (Chinese merchant names, receipt lines).
 */
import iconv from 'iconv-lite';

export interface TlvField {
  /** "DF01" … "DFBE" (upper-case hex). */
  tag: string;
  value: Uint8Array;
}

export type TlvEncoding = 'gbk' | 'ascii' | 'utf8';

export type TlvResult = { ok: true; fields: TlvField[] } | { ok: false; message: string; fields: TlvField[] };

/*
 * Tag names from the public driver (documentation; each profile names the tags it uses):
 *   DF01: 'requestFlag'
 *   DF02: 'transactionCode'
 *   DF03: 'amount (12 digits, minor units)'
 *   DF04: 'random'
 *   DF08: 'DF08'
 *   DF09: 'DF09'
 *   DF0B: 'time'
 *   DF16: 'authNo (request)'
 *   DF17: 'date MMDD'
 *   DF18: 'receiptNo'
 *   DF19: 'trace / original trace'
 *   DF46: 'tillNo'
 *   DF47: 'operator'
 *   DF10: 'type'
 *   DF11: 'batch'
 *   DF13: 'merchantNo'
 *   DF1A: 'referenceNo'
 *   DF1B: 'authNo'
 *   DF1C: 'date'
 *   DF1D: 'time'
 *   DF1E: 'cardNo (masked)'
 *   DF1F: 'expiry'
 *   DF22: 'issuerId'
 *   DF06: 'receipt print data'
 *   DF24: 'more packets flag'
 *   DFBE: 'merchantOrderNo'
 */

const TAG_PREFIX = 0xdf;
const LONG_FORM_1 = 0x81;
const LONG_FORM_2 = 0x82;
const MAX_VALUE_LENGTH = 0xffff;

export function encodeTlv(fields: readonly TlvField[]): Uint8Array {
  const parts: number[] = [];
  for (const { tag, value } of fields) {
    const m = /^DF([0-9A-F]{2})$/i.exec(tag);
    if (!m?.[1]) throw new RangeError(`TLV tag must be DFnn, got "${tag}"`);
    if (value.length > MAX_VALUE_LENGTH) throw new RangeError(`TLV ${tag} value too long (${value.length} bytes)`);
    parts.push(TAG_PREFIX, Number.parseInt(m[1], 16));
    const n = value.length;
    if (n < 0x80) parts.push(n);
    else if (n <= 0xff) parts.push(LONG_FORM_1, n);
    else parts.push(LONG_FORM_2, n >> 8, n & 0xff);
    for (const b of value) parts.push(b);
  }
  return Uint8Array.from(parts);
}

/** Never throws: a malformed body returns ok:false with the fields read so far. */
export function decodeTlv(data: Uint8Array): TlvResult {
  const fields: TlvField[] = [];
  let i = 0;
  while (i < data.length) {
    const t0 = data[i];
    const t1 = data[i + 1];
    if (t0 !== TAG_PREFIX || t1 === undefined) {
      return { ok: false, message: `byte ${i}: expected a DFnn tag, got ${hexByte(t0)}`, fields };
    }
    const tag = `DF${hexByte(t1).toUpperCase()}`;
    let n: number | undefined = data[i + 2];
    let head = 3;
    if (n === LONG_FORM_1) {
      n = data[i + 3];
      head = 4;
    } else if (n === LONG_FORM_2) {
      const hi = data[i + 3];
      const lo = data[i + 4];
      n = hi === undefined || lo === undefined ? undefined : (hi << 8) | lo;
      head = 5;
    } else if (n !== undefined && n >= 0x80) {
      return { ok: false, message: `${tag}: unsupported length form ${hexByte(n)}`, fields };
    }
    if (n === undefined || i + head + n > data.length) {
      return { ok: false, message: `${tag}: value runs past the end of the data`, fields };
    }
    fields.push({ tag, value: data.slice(i + head, i + head + n) });
    i += head + n;
  }
  return { ok: true, fields };
}

export function tlvText(value: Uint8Array, encoding: TlvEncoding = 'gbk'): string {
  return iconv.decode(Buffer.from(value), encoding);
}

export function textTlv(tag: string, text: string, encoding: TlvEncoding = 'gbk'): TlvField {
  return { tag, value: Uint8Array.from(iconv.encode(text, encoding)) };
}

/** Fields as { DF01: "00", … } text; a repeated tag keeps its last value. */
export function tlvToRecord(fields: readonly TlvField[], encoding: TlvEncoding = 'gbk'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.tag] = tlvText(f.value, encoding);
  return out;
}

export function recordToTlv(record: Readonly<Record<string, string>>, encoding: TlvEncoding = 'gbk'): TlvField[] {
  return Object.entries(record).map(([tag, text]) => textTlv(tag, text, encoding));
}

function hexByte(b: number | undefined): string {
  return b === undefined ? 'end of data' : b.toString(16).padStart(2, '0');
}
