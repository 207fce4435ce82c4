import iconv from 'iconv-lite';
import type { PrinterEncoding } from './profile';

/**
 * Text -> printer bytes, with the substitutions real printers need.
 *
 * - '¥' (U+00A5) is 4 bytes in GB18030 (81 30 84 36) and missing from GBK and Big5; GBK-only
 *   heads print it as garbage ("0 6", node-escpos#332). Full-width '￥' (GB A3A4, Big5 A244)
 *   prints everywhere, so it is used for every CJK encoding, GB18030 included, because most
 *   printers sold as "GB18030" only implement its two-byte (GBK) part.
 * - An 'ascii' printer has no CJK font: currency becomes "RMB" and any other non-ASCII
 *   character '?', before layout, so column widths match what is printed.
 */
const YEN_HALF = '\u00a5';
const YEN_FULL = '\uffe5';

export function normalizeForPrinter(text: string, encoding: PrinterEncoding): string {
  if (encoding === 'ascii') {
    let out = '';
    for (const ch of text) {
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x80) out += ch;
      else if (ch === YEN_HALF || ch === YEN_FULL) out += 'RMB';
      else out += '?';
    }
    return out;
  }
  return text.includes(YEN_HALF) ? text.replaceAll(YEN_HALF, YEN_FULL) : text;
}

/** iconv-lite names for each printer encoding. */
const ICONV_NAME: Record<PrinterEncoding, string> = {
  GB18030: 'gb18030',
  GBK: 'gbk',
  Big5: 'big5',
  ascii: 'ascii',
};

export function iconvName(encoding: PrinterEncoding): string {
  return ICONV_NAME[encoding];
}

/** Encode already-normalised text. Characters the code page lacks become '?'. */
export function encodeText(text: string, encoding: PrinterEncoding): Buffer {
  return iconv.encode(text, ICONV_NAME[encoding]);
}

export function decodeText(bytes: Uint8Array, encoding: PrinterEncoding): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), ICONV_NAME[encoding]);
}
