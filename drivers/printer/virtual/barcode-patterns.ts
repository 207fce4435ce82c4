import { Code128Reader } from '@zxing/library';

/**
 * Bar/space module patterns for drawing barcodes in the preview, as a printer would:
 * a string of '1' (bar) and '0' (space) modules. zxing-js has no 1-D writers, so EAN is coded
 * here from its tables and CODE128 reuses zxing's reader pattern table.
 */

const EAN_L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const EAN_R = EAN_L.map((p) => [...p].map((b) => (b === '1' ? '0' : '1')).join(''));
const EAN_G = EAN_R.map((p) => [...p].reverse().join(''));
/** For EAN-13 the first digit is not drawn; it picks which left digits use the G set. */
const EAN13_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

/** GS1 mod-10 check digit over the digits given (weights 3,1 from the right). */
export function eanCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

export function ean13CheckDigit(twelve: string): number {
  return eanCheckDigit(twelve);
}

function digit(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

export function ean13Modules(code: string): string | null {
  if (!/^\d{13}$/.test(code)) return null;
  const parity = EAN13_PARITY[digit(code, 0)] ?? 'LLLLLL';
  let out = '101';
  for (let i = 1; i <= 6; i++) out += (parity[i - 1] === 'G' ? EAN_G : EAN_L)[digit(code, i)];
  out += '01010';
  for (let i = 7; i <= 12; i++) out += EAN_R[digit(code, i)];
  return `${out}101`;
}

export function ean8Modules(code: string): string | null {
  if (!/^\d{8}$/.test(code)) return null;
  let out = '101';
  for (let i = 0; i < 4; i++) out += EAN_L[digit(code, i)];
  out += '01010';
  for (let i = 4; i < 8; i++) out += EAN_R[digit(code, i)];
  return `${out}101`;
}

const CODE128_START_B = 104;
const CODE128_STOP = 106;

function code128Patterns(): number[][] {
  const table: unknown = Reflect.get(Code128Reader, 'CODE_PATTERNS');
  if (!Array.isArray(table)) throw new Error('zxing Code128Reader.CODE_PATTERNS is not available');
  return table.map((row: unknown) => {
    if (!(row instanceof Int32Array) && !Array.isArray(row)) throw new Error('unexpected CODE128 pattern row');
    return Array.from(row as ArrayLike<number>, Number);
  });
}

let patterns: number[][] | null = null;

/** CODE128 in code set B (printable ASCII), with its checksum and stop pattern. */
export function code128Modules(text: string): string | null {
  if (!/^[\x20-\x7e]*$/.test(text) || text.length === 0) return null;
  patterns ??= code128Patterns();
  const values = [CODE128_START_B];
  for (let i = 0; i < text.length; i++) values.push(text.charCodeAt(i) - 32);
  let check = CODE128_START_B;
  for (let i = 1; i < values.length; i++) check += (values[i] ?? 0) * i;
  values.push(check % 103, CODE128_STOP);
  let out = '';
  for (const v of values) {
    const widths = patterns[v] ?? [];
    widths.forEach((w, i) => {
      out += (i % 2 === 0 ? '1' : '0').repeat(w);
    });
  }
  return out; // zxing's stop row already includes the 2-module termination bar
}
