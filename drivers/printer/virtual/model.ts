/**
 * The receipt model: what a printer put on paper, as the virtual printer interprets it and as
 * the preview draws it. Units are printer dots (203 dpi: 8 dots per mm).
 */

export type Alignment = 'left' | 'center' | 'right';
export type FontName = 'A' | 'B';

export interface Span {
  text: string;
  bold: boolean;
  /** 0 none, 1 or 2 dots thick (ESC -). */
  underline: 0 | 1 | 2;
  /** White on black (GS B). */
  invert: boolean;
  /** Character size multipliers (GS ! / ESC !), 1..8. */
  widthMul: number;
  heightMul: number;
  font: FontName;
}

export interface TextLine {
  kind: 'line';
  spans: Span[];
  align: Alignment;
  /** Line feed amount in effect (ESC 2 / ESC 3); the line is at least as tall as its glyphs. */
  lineSpacing: number;
}

export interface QrItem {
  kind: 'qr';
  data: string;
  /** Module size in dots (GS ( k fn 167). */
  moduleSize: number;
  ecLevel: 'L' | 'M' | 'Q' | 'H';
  align: Alignment;
}

export interface BarcodeItem {
  kind: 'barcode';
  /** Symbology as decoded from GS k m. */
  type: 'UPC-A' | 'UPC-E' | 'EAN13' | 'EAN8' | 'CODE39' | 'ITF' | 'CODABAR' | 'CODE93' | 'CODE128' | 'unknown';
  /** Data as sent (CODE128 keeps its {A/{B/{C selectors stripped). */
  data: string;
  height: number;
  moduleWidth: number;
  hri: 0 | 1 | 2 | 3;
  align: Alignment;
}

export interface ImageItem {
  kind: 'image';
  width: number;
  height: number;
  /** Rows packed MSB first, ceil(width/8) bytes per row, 1 = black. */
  bits: Uint8Array;
  align: Alignment;
}

export interface FeedItem {
  kind: 'feed';
  dots: number;
}

export interface DrawerItem {
  kind: 'drawer';
  pin: 2 | 5;
  onMs: number;
  offMs: number;
}

export interface UnknownItem {
  kind: 'unknown';
  /** Hex of the command bytes that were skipped, e.g. "1b 74 11". */
  hex: string;
  reason: string;
}

export type ReceiptItem = TextLine | QrItem | BarcodeItem | ImageItem | FeedItem | DrawerItem | UnknownItem;

export interface Receipt {
  /** Paper width in dots (384 for 58 mm, 576 for 80 mm). */
  widthDots: number;
  items: ReceiptItem[];
  /** How the receipt ended: a cut, or null when it is still open (no cut seen yet). */
  cut: 'full' | 'partial' | null;
}

export const DEFAULT_LINE_SPACING = 30;

export function plainSpan(text: string, overrides: Partial<Span> = {}): Span {
  return { text, bold: false, underline: 0, invert: false, widthMul: 1, heightMul: 1, font: 'A', ...overrides };
}

/** The text of a line (all spans), handy in tests and logs. */
export function lineText(line: TextLine): string {
  return line.spans.map((s) => s.text).join('');
}

/** All text lines of a receipt as plain strings, blank lines included. */
export function receiptText(receipt: Receipt): string[] {
  return receipt.items.filter((i): i is TextLine => i.kind === 'line').map(lineText);
}
