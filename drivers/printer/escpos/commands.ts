/**
 * ESC/POS command bytes that @node-escpos/core gets wrong or lacks (toolchain.md §5):
 * native Epson GS ( k QR (its own QR path is legacy GS Z / buggy QS), GS k barcodes with an
 * explicit length, GS v 0 raster, and Kanji mode switching. Pure functions returning bytes.
 */

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const LF = 0x0a;

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
/** GS ( k fn 169 level bytes: 48..51 = L, M, Q, H. */
const QR_LEVEL_BYTE: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };
/** fn 180 stores at most 7089 bytes (model 2, version 40, level L, numeric) – a printer limit. */
export const QR_MAX_BYTES = 7089;

/** GS ( k with the 2-byte little-endian length pL pH counting cn + fn + params. */
function gsParenK(fn: number, params: Uint8Array): Buffer {
  const len = params.length + 2; // cn (49 = QR) + fn
  return Buffer.concat([Buffer.from([GS, 0x28, 0x6b, len & 0xff, len >> 8, 49, fn]), params]);
}

/**
 * QR code: model 2 (fn 165), module size (fn 167), error level (fn 169), store (fn 180),
 * print (fn 181). Data is UTF-8 and its *byte* length is what goes in pL pH.
 */
export function qrCode(data: string, moduleSize = 6, level: QrErrorLevel = 'M'): Buffer {
  const bytes = Buffer.from(data, 'utf8');
  if (bytes.length === 0) throw new RangeError('QR data is empty');
  if (bytes.length > QR_MAX_BYTES) throw new RangeError(`QR data is ${bytes.length} bytes; printers store at most ${QR_MAX_BYTES}`);
  if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > 16) throw new RangeError(`QR module size must be 1..16 dots, got ${moduleSize}`);
  return Buffer.concat([
    gsParenK(65, Buffer.from([50, 0])), // fn 165 ('A'): model 2
    gsParenK(67, Buffer.from([moduleSize])), // fn 167 ('C')
    gsParenK(69, Buffer.from([QR_LEVEL_BYTE[level]])), // fn 169 ('E')
    gsParenK(80, Buffer.concat([Buffer.from([48]), bytes])), // fn 180 ('P'), m = 48
    gsParenK(81, Buffer.from([48])), // fn 181 ('Q'), m = 48
  ]);
}

export type BarcodeType = 'EAN13' | 'EAN8' | 'CODE128' | 'CODE39';
/** GS k format B (m = 65..73) symbol ids; the data length is sent explicitly as n. */
const BARCODE_M: Record<BarcodeType, number> = { EAN13: 67, EAN8: 68, CODE39: 69, CODE128: 73 };

export interface BarcodeOptions {
  /** Bar height in dots (GS h), 1..255. */
  height?: number;
  /** Narrowest module in dots (GS w), 2..6. */
  moduleWidth?: number;
  /** Human-readable digits below the bars (GS H 2). */
  hri?: boolean;
}

export function barcode(type: BarcodeType, data: string, options: BarcodeOptions = {}): Buffer {
  const height = options.height ?? 80;
  const moduleWidth = options.moduleWidth ?? 2;
  let payload = data;
  if (type === 'EAN13' || type === 'EAN8') {
    const digits = type === 'EAN13' ? 12 : 7;
    if (!/^\d+$/.test(data) || (data.length !== digits && data.length !== digits + 1)) {
      throw new RangeError(`${type} needs ${digits} or ${digits + 1} digits, got "${data}"`);
    }
    payload = data.slice(0, digits); // the printer appends the check digit itself
  } else if (type === 'CODE128') {
    if (!/^[\x20-\x7e]+$/.test(data)) throw new RangeError(`CODE128 here takes printable ASCII only, got "${data}"`);
    payload = `{B${data}`; // Epson requires a code set selector first; B covers printable ASCII
  } else if (!/^[0-9A-Z \-.$/+%]+$/.test(data)) {
    throw new RangeError(`CODE39 takes 0-9 A-Z space - . $ / + %, got "${data}"`);
  }
  const body = Buffer.from(payload, 'ascii');
  if (body.length > 255) throw new RangeError('barcode data longer than 255 bytes');
  return Buffer.concat([
    Buffer.from([GS, 0x68, clamp(height, 1, 255)]),
    Buffer.from([GS, 0x77, clamp(moduleWidth, 2, 6)]),
    Buffer.from([GS, 0x48, options.hri === false ? 0 : 2]),
    Buffer.from([GS, 0x6b, BARCODE_M[type], body.length]),
    body,
  ]);
}

/** A 1-bit image, rows packed MSB-first, `bytesPerRow` = ceil(width / 8). 1 = black dot. */
export interface Bitmap {
  width: number;
  height: number;
  bits: Uint8Array;
}

/** GS v 0 m=0 (normal density) raster image. */
export function rasterImage(image: Bitmap): Buffer {
  const bytesPerRow = Math.ceil(image.width / 8);
  if (image.bits.length !== bytesPerRow * image.height) {
    throw new RangeError(`raster bits are ${image.bits.length} bytes, expected ${bytesPerRow * image.height}`);
  }
  if (image.height > 0xffff || bytesPerRow > 0xffff) throw new RangeError('raster image too large');
  return Buffer.concat([
    Buffer.from([GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, image.height & 0xff, image.height >> 8]),
    image.bits,
  ]);
}

/** FS & / FS . : Kanji (two-byte) mode on or off. Chinese firmware often starts with it on. */
export const KANJI_ON = Buffer.from([FS, 0x26]);
export const KANJI_OFF = Buffer.from([FS, 0x2e]);
/** ESC @: reset modes (not the buffer) – the first bytes of every job. */
export const INIT = Buffer.from([ESC, 0x40]);
/** ESC E n: emphasized (bold). */
export function bold(on: boolean): Buffer {
  return Buffer.from([ESC, 0x45, on ? 1 : 0]);
}
/** ESC - n: underline 0 / 1 / 2 dots. */
export function underline(n: 0 | 1 | 2): Buffer {
  return Buffer.from([ESC, 0x2d, n]);
}

/** ESC t n: the single-byte character code table (0 = PC437 on Epson and most clones). */
export function codeTable(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`code table must be 0..255, got ${n}`);
  return Buffer.from([ESC, 0x74, n]);
}

/** ESC p m t1 t2: drawer kick on connector pin 2 (m = 0) or 5 (m = 1); t1, t2 count 2 ms each. */
export function drawerPulse(pulse: { pin: 2 | 5; onMs: number; offMs: number }): Buffer {
  return Buffer.from([ESC, 0x70, pulse.pin === 5 ? 1 : 0, clamp(pulse.onMs / 2, 1, 255), clamp(pulse.offMs / 2, 1, 255)]);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(n)));
}
