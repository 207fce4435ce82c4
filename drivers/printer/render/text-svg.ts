import { FONT_A_CELL, FONT_B_CELL } from '../profile';
import { charWidth } from '../text-width';
import type { Span, TextLine } from '../virtual/model';
import { CJK_FONT_FAMILY } from './font';

/**
 * Text lines -> SVG on the printer's dot grid. Every character sits in its own cell(s): a
 * half-width character takes one 12 x 24 cell (font A), a full-width (CJK) character exactly
 * two, so columns line up as they do on paper whatever the font's own advance widths are.
 * Each glyph is positioned explicitly and centred in its cells (one SVG text chunk per glyph).
 * Output is deterministic: integers or fixed decimals only, no ids, no timestamps.
 */

/** Where the baseline sits inside a 24-dot cell, for this font's ascent (~0.83 em). */
const BASELINE_IN_CELL = 20;
/** Faux bold: a stroke around the glyph, as the printer's emphasized mode double-strikes. */
const BOLD_STROKE = 0.9;

function cellOf(span: Span): { w: number; h: number } {
  const base = span.font === 'B' ? FONT_B_CELL : FONT_A_CELL;
  return { w: base.width * span.widthMul, h: base.height * span.heightMul };
}

/** Width of a span in dots. */
export function spanWidthDots(span: Span): number {
  const cell = cellOf(span);
  let cols = 0;
  for (const ch of span.text) cols += charWidth(ch.codePointAt(0) ?? 0);
  return cols * cell.w;
}

/** Height of a printed line in dots. */
export function lineHeightDots(line: TextLine): number {
  let glyph = 0;
  for (const s of line.spans) glyph = Math.max(glyph, cellOf(s).h);
  if (line.spans.length === 0) glyph = FONT_A_CELL.height;
  return Math.max(glyph, line.lineSpacing);
}

export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (c < 0x20 || (c >= 0xfffe && c <= 0xffff)) out += '\ufffd';
    else out += ch;
  }
  return out;
}

function n(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** SVG elements for one line whose top edge is at `top`. */
export function lineSvg(line: TextLine, top: number, widthDots: number): string {
  let total = 0;
  for (const s of line.spans) total += spanWidthDots(s);
  let x = line.align === 'center' ? Math.floor((widthDots - total) / 2) : line.align === 'right' ? widthDots - total : 0;
  x = Math.max(0, x);
  let glyphHeight: number = FONT_A_CELL.height;
  for (const s of line.spans) glyphHeight = Math.max(glyphHeight, cellOf(s).h);
  const parts: string[] = [];
  for (const span of line.spans) {
    const cell = cellOf(span);
    const spanWidth = spanWidthDots(span);
    // Glyphs of one line share a bottom edge (double-height text stands on the same baseline);
    // the feed beyond the tallest glyph is blank paper below it.
    const glyphTop = top + glyphHeight - cell.h;
    if (span.invert && spanWidth > 0) {
      parts.push(`<rect x="${n(x)}" y="${n(glyphTop)}" width="${n(spanWidth)}" height="${n(cell.h)}" fill="#000"/>`);
    }
    const xs: string[] = [];
    let chars = '';
    let cx = x;
    const sx = span.widthMul / span.heightMul;
    const fontSize = (span.font === 'B' ? 17 : 24) * span.heightMul;
    for (const ch of span.text) {
      const cols = charWidth(ch.codePointAt(0) ?? 0);
      const w = cols * cell.w;
      if (ch !== ' ') {
        xs.push(n((cx + w / 2) / sx));
        chars += ch;
      }
      cx += w;
    }
    if (chars.length > 0) {
      const fill = span.invert ? '#fff' : '#000';
      const stroke = span.bold ? ` stroke="${fill}" stroke-width="${n(BOLD_STROKE)}"` : '';
      const transform = sx === 1 ? '' : ` transform="scale(${n(sx)} 1)"`;
      const baseline = glyphTop + (BASELINE_IN_CELL * cell.h) / FONT_A_CELL.height;
      parts.push(
        `<text x="${xs.join(' ')}" y="${n(baseline)}" font-family="${CJK_FONT_FAMILY}" font-size="${n(fontSize)}" text-anchor="middle" fill="${fill}"${stroke}${transform}>${escapeXml(chars)}</text>`,
      );
    }
    if (span.underline > 0 && spanWidth > 0) {
      parts.push(`<rect x="${n(x)}" y="${n(glyphTop + cell.h - span.underline)}" width="${n(spanWidth)}" height="${span.underline}" fill="${span.invert ? '#fff' : '#000'}"/>`);
    }
    x += spanWidth;
  }
  return parts.join('');
}

/** A standalone SVG of text lines only (used to rasterise CJK for printers without a font). */
export function linesSvg(lines: TextLine[], widthDots: number): { svg: string; height: number } {
  let y = 0;
  const body: string[] = [];
  for (const line of lines) {
    body.push(lineSvg(line, y, widthDots));
    y += lineHeightDots(line);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${widthDots}" height="${y}" viewBox="0 0 ${widthDots} ${y}"><rect width="${widthDots}" height="${y}" fill="#fff"/>${body.join('')}</svg>`;
  return { svg, height: y };
}
