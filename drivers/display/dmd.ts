/**
 * Epson DM-D style 2 x 20 character customer display (VFD220, LD220 and clones): the pure encoder.
 *
 * Source: shared/reference/bills-displays.md §3 (lsongdev/node-escpos packages/screen SCREEN
 * constants; fastfd uses `US $ x y` with 1 <= x <= 0x14 and 1 <= y <= 2 for a 20 x 2 VFD220).
 * CJK is sent in GB18030 (node-escpos screen's default) and takes two columns per character.
 */
import iconv from 'iconv-lite';
import { normalizeForPrinter } from '../printer/encoding';
import { padEndToWidth } from '../printer/text-width';

export const DMD_COLUMNS = 20;
export const DMD_ROWS = 2;

/** GB18030 for Chinese-firmware displays; 'ascii' for an import model without a CJK font. */
export type DmdEncoding = 'GB18030' | 'ascii';

const ESC = 0x1b;
const US = 0x1f;

/** `ESC @`: initialise (clears the screen, cursor home). */
export function dmdInit(): Uint8Array {
  return Uint8Array.of(ESC, 0x40);
}

/** `CLR` (0C): clear the screen, cursor home. */
export function dmdClear(): Uint8Array {
  return Uint8Array.of(0x0c);
}

/** `US MD1` (1F 01): overwrite mode, so writing a full line never scrolls the other one. */
export function dmdOverwriteMode(): Uint8Array {
  return Uint8Array.of(US, 0x01);
}

/** `US $ n m`: cursor to column n (1..20), row m (1..2). */
export function dmdMoveTo(column: number, row: number): Uint8Array {
  if (!Number.isInteger(column) || column < 1 || column > DMD_COLUMNS) throw new RangeError(`column must be 1..${DMD_COLUMNS}, got ${column}`);
  if (!Number.isInteger(row) || row < 1 || row > DMD_ROWS) throw new RangeError(`row must be 1..${DMD_ROWS}, got ${row}`);
  return Uint8Array.of(US, 0x24, column, row);
}

/** Text bytes as the display's character generator expects them. */
export function dmdText(text: string, encoding: DmdEncoding): Uint8Array {
  const normal = normalizeForPrinter(text, encoding);
  return new Uint8Array(iconv.encode(normal, encoding === 'ascii' ? 'ascii' : 'gb18030'));
}

/**
 * One whole row: cursor to its start, then the text padded (or cut, never through a wide
 * character) to exactly 20 columns, so whatever was there before is overwritten.
 */
export function dmdLine(row: number, text: string, encoding: DmdEncoding): Uint8Array {
  const fitted = padEndToWidth(normalizeForPrinter(text, encoding), DMD_COLUMNS);
  return concat([dmdMoveTo(1, row), dmdText(fitted, encoding)]);
}

/** Both rows, in overwrite mode. */
export function dmdTwoLines(top: string, bottom: string, encoding: DmdEncoding): Uint8Array {
  return concat([dmdOverwriteMode(), dmdLine(1, top, encoding), dmdLine(2, bottom, encoding)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
