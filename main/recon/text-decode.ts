/**
 * Statement bytes -> text. WeChat bills are UTF-8 (often with a BOM); Alipay bills are
 * GBK ("ANSI" on Chinese Windows); acquirer files are either. Decoding is strict: bytes
 * that are not valid in the expected encoding are one clear whole-file error, never
 * U+FFFD characters silently spread through amounts and names.
 */
import iconv from 'iconv-lite';
import { both } from './bilingual';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export class EncodingError extends Error {
  override name = 'EncodingError';
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, i) => bytes[i] === b);
}

/** Strict UTF-8 (BOM stripped); throws EncodingError on invalid bytes. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  const body = hasUtf8Bom(bytes) ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new EncodingError(both(`${what} 不是有效的 UTF-8 文本（是不是 GBK？微信对账单为 UTF-8）`, `${what} is not valid UTF-8 (is it GBK? WeChat bills are UTF-8)`));
  }
}

/**
 * Strict GBK. iconv-lite replaces undecodable bytes with U+FFFD instead of throwing, so a
 * replacement character in the output is the signal. A UTF-8 file read as GBK decodes to
 * mojibake without FFFD only rarely; callers also check the expected header words.
 */
export function decodeGbk(bytes: Uint8Array, what: string): string {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gbk');
  if (text.includes('\uFFFD')) throw new EncodingError(both(`${what} 不是有效的 GBK 文本（支付宝对账单为 GBK）`, `${what} is not valid GBK (Alipay bills are GBK)`));
  return text;
}

/** UTF-8 when the bytes are valid UTF-8, else GBK (acquirer files come in either). */
export function decodeUtf8OrGbk(bytes: Uint8Array, what: string): { text: string; encoding: 'utf-8' | 'gbk' } {
  try {
    return { text: decodeUtf8(bytes, what), encoding: 'utf-8' };
  } catch {
    return { text: decodeGbk(bytes, what), encoding: 'gbk' };
  }
}

/** The whole-file error of an empty statement, the same from every parser. */
export function emptyFile(source: string): string {
  return both(`${source} 是空文件`, `${source} is empty`);
}

/** The whole-file error of a statement with only blank lines. */
export function noLines(source: string): string {
  return both(`${source} 没有内容`, `${source} has no lines`);
}

/** Splits text into lines, keeping 1-based numbers; accepts CRLF or LF; drops the final empty line. */
export function numberedLines(text: string): { line: number; text: string }[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines.map((t, i) => ({ line: i + 1, text: t }));
}
