import { EncodeHintType, QRCodeDecoderErrorCorrectionLevel, QRCodeEncoder } from '@zxing/library';
import { FONT_A_CELL } from '../profile';
import { CJK_FONT_FAMILY } from '../render/font';
import { escapeXml, lineHeightDots, lineSvg } from '../render/text-svg';
import { code128Modules, ean8Modules, ean13Modules } from './barcode-patterns';
import type { Alignment, BarcodeItem, ImageItem, QrItem, Receipt } from './model';

/**
 * Receipt model -> SVG that looks like the paper: a white strip exactly as wide as the head
 * (384 or 576 dots, one SVG unit per dot) on a grey table, text on the font A 12 x 24 grid,
 * real QR modules and barcode bars, raster images, and a torn edge where the paper was cut.
 * Deterministic: the same receipt always gives the same bytes, so it can be a golden file.
 */

/** Grey margin around the paper strip, in dots. */
const TABLE_MARGIN = 16;
/** Blank paper above the first line and below the last item (the printer's top margin). */
const PAPER_TOP = 24;
const PAPER_BOTTOM = 24;
/** Height and pitch of the zig-zag drawn at a torn/cut edge. */
const TEETH_HEIGHT = 6;
const TEETH_PITCH = 12;
const TABLE_COLOUR = '#d9d9d9';

export function receiptToSvg(receipt: Receipt): string {
  const width = receipt.widthDots;
  const parts: string[] = [];
  const notes: string[] = [];
  let y = PAPER_TOP;
  for (const item of receipt.items) {
    switch (item.kind) {
      case 'line':
        parts.push(lineSvg(item, y, width));
        y += lineHeightDots(item);
        break;
      case 'feed':
        y += item.dots;
        break;
      case 'qr':
        y += qrSvg(item, y, width, parts);
        break;
      case 'barcode':
        y += barcodeSvg(item, y, width, parts);
        break;
      case 'image':
        y += imageSvg(item, y, width, parts);
        break;
      case 'drawer':
        // Not printed: a marker in the margin so QA can see where the drawer was kicked.
        notes.push(`<path d="M${width + 2} ${y} l${TABLE_MARGIN - 4} -6 v12 z" fill="#2a7"><title>drawer pin ${item.pin} ${item.onMs}/${item.offMs} ms</title></path>`);
        break;
      case 'unknown':
        notes.push(`<!-- unknown ${safeComment(item.hex)}: ${safeComment(item.reason)} -->`);
        break;
    }
  }
  const paperHeight = y + PAPER_BOTTOM;
  const total = paperHeight + TABLE_MARGIN * 2 + TEETH_HEIGHT;
  const outline = paperOutline(width, paperHeight, receipt.cut !== null);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width + TABLE_MARGIN * 2}" height="${total}" viewBox="0 0 ${width + TABLE_MARGIN * 2} ${total}">`,
    `<rect width="${width + TABLE_MARGIN * 2}" height="${total}" fill="${TABLE_COLOUR}"/>`,
    `<g transform="translate(${TABLE_MARGIN} ${TABLE_MARGIN})">`,
    `<path d="${outline}" fill="#fff"/>`,
    ...parts,
    ...notes,
    '</g>',
    '</svg>',
  ].join('\n');
}

/** Paper outline: torn top (the previous cut), straight sides, torn bottom when cut. */
function paperOutline(width: number, height: number, cut: boolean): string {
  let d = `M0 ${TEETH_HEIGHT}`;
  for (let x = 0; x < width; x += TEETH_PITCH) d += ` L${Math.min(width, x + TEETH_PITCH / 2)} 0 L${Math.min(width, x + TEETH_PITCH)} ${TEETH_HEIGHT}`;
  d += ` L${width} ${height}`;
  if (cut) {
    for (let x = width; x > 0; x -= TEETH_PITCH) d += ` L${Math.max(0, x - TEETH_PITCH / 2)} ${height + TEETH_HEIGHT} L${Math.max(0, x - TEETH_PITCH)} ${height}`;
  } else {
    d += ` L0 ${height}`;
  }
  return `${d} Z`;
}

function alignedX(align: Alignment, itemWidth: number, paperWidth: number): number {
  if (align === 'center') return Math.max(0, Math.floor((paperWidth - itemWidth) / 2));
  if (align === 'right') return Math.max(0, paperWidth - itemWidth);
  return 0;
}

/** Dark runs of one row as path segments: `M x y h w v s h -w z`. */
function runsPath(row: (x: number) => boolean, count: number, x0: number, y: number, scaleX: number, scaleY: number): string {
  let d = '';
  let x = 0;
  while (x < count) {
    if (!row(x)) {
      x++;
      continue;
    }
    const start = x;
    while (x < count && row(x)) x++;
    d += `M${x0 + start * scaleX} ${y}h${(x - start) * scaleX}v${scaleY}h${-(x - start) * scaleX}z`;
  }
  return d;
}

function qrSvg(item: QrItem, top: number, paperWidth: number, parts: string[]): number {
  let matrix: { width: number; get: (x: number, y: number) => number };
  try {
    const hints = new Map<EncodeHintType, unknown>([[EncodeHintType.CHARACTER_SET, 'UTF-8']]);
    const qr = QRCodeEncoder.encode(item.data, QRCodeDecoderErrorCorrectionLevel.fromString(item.ecLevel), hints);
    const m = qr.getMatrix();
    matrix = { width: m.getWidth(), get: (x, y) => m.get(x, y) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    parts.push(`<!-- QR not drawable: ${safeComment(msg)} -->`);
    return 0;
  }
  const size = matrix.width * item.moduleSize;
  const x0 = alignedX(item.align, size, paperWidth);
  let d = '';
  for (let r = 0; r < matrix.width; r++) {
    d += runsPath((x) => matrix.get(x, r) === 1, matrix.width, x0, top + r * item.moduleSize, item.moduleSize, item.moduleSize);
  }
  parts.push(`<path d="${d}" fill="#000"><title>QR ${escapeXml(item.ecLevel)}: ${escapeXml(item.data)}</title></path>`);
  return size;
}

function barcodeModules(item: BarcodeItem): string | null {
  if (item.type === 'EAN13') return ean13Modules(item.data);
  if (item.type === 'EAN8') return ean8Modules(item.data);
  if (item.type === 'CODE128') return code128Modules(item.data);
  return null;
}

function barcodeSvg(item: BarcodeItem, top: number, paperWidth: number, parts: string[]): number {
  const modules = barcodeModules(item);
  const hriAbove = item.hri === 1 || item.hri === 3;
  const hriBelow = item.hri === 2 || item.hri === 3;
  let y = top;
  const barsWidth = modules ? modules.length * item.moduleWidth : Math.min(paperWidth, item.data.length * FONT_A_CELL.width + 24);
  const x0 = alignedX(item.align, barsWidth, paperWidth);
  const hri = (at: number) =>
    `<text x="${x0 + barsWidth / 2}" y="${at + 20}" font-family="${CJK_FONT_FAMILY}" font-size="20" text-anchor="middle" fill="#000">${escapeXml(item.data)}</text>`;
  if (hriAbove) {
    parts.push(hri(y));
    y += FONT_A_CELL.height;
  }
  if (modules) {
    const d = runsPath((x) => modules[x] === '1', modules.length, x0, y, item.moduleWidth, item.height);
    parts.push(`<path d="${d}" fill="#000"><title>${item.type}: ${escapeXml(item.data)}</title></path>`);
  } else {
    parts.push(
      `<rect x="${x0}" y="${y}" width="${barsWidth}" height="${item.height}" fill="none" stroke="#000" stroke-dasharray="4 4"><title>${item.type} (not drawn): ${escapeXml(item.data)}</title></rect>`,
    );
  }
  y += item.height;
  if (hriBelow) {
    parts.push(hri(y));
    y += FONT_A_CELL.height;
  }
  return y - top;
}

function imageSvg(item: ImageItem, top: number, paperWidth: number, parts: string[]): number {
  const bytesPerRow = Math.ceil(item.width / 8);
  const x0 = alignedX(item.align, item.width, paperWidth);
  let d = '';
  for (let r = 0; r < item.height; r++) {
    const base = r * bytesPerRow;
    d += runsPath((x) => ((item.bits[base + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0, item.width, x0, top + r, 1, 1);
  }
  if (d) parts.push(`<path d="${d}" fill="#000"/>`);
  return item.height;
}

function safeComment(text: string): string {
  return escapeXml(text).replace(/--/g, '- -');
}
