import { Printer } from '@node-escpos/core';
import { normalizeForPrinter } from '../encoding';
import type { PrinterProfile } from '../profile';
import { columnsFor, DEFAULT_DRAWER_PULSE, widthDotsOf } from '../profile';
import { rasterizeLines } from '../render/text-raster';
import { displayWidth, justify, padEndToWidth, padStartToWidth, truncateToWidth } from '../text-width';
import { wrapToWidth } from '../text-wrap';
import type { Alignment, TextLine } from '../virtual/model';
import { DEFAULT_LINE_SPACING, plainSpan } from '../virtual/model';
import * as cmd from './commands';
import { MemoryAdapter } from './memory-adapter';

export interface TextStyle {
  align?: Alignment;
  bold?: boolean;
  underline?: 0 | 1 | 2;
  invert?: boolean;
  /** Character width and height multipliers. Double width halves the columns of a line. */
  width?: 1 | 2;
  height?: 1 | 2;
}

export interface Column {
  text: string;
  /** Width in half-width columns. */
  width: number;
  align?: 'left' | 'right';
}

const ALIGN_CODE = { left: 'lt', center: 'ct', right: 'rt' } as const;
/** Feed lines before GS V so the last printed line clears the cutter blade (head-to-blade gap), unless the model says otherwise. */
const FEED_BEFORE_CUT = 4;
/** Without a cutter, feed enough to tear below the last line at the tear bar. */
const FEED_TO_TEAR_BAR = 5;

/**
 * One receipt's ESC/POS bytes, built line by line with @node-escpos/core as the encoder
 * (alignment, size, reverse, text encoding, cut, drawer) and our own commands where the
 * library is wrong or missing (QR, barcodes, bold/underline without its ESC 4 italic byte).
 * Style commands are only sent when the style changes. Layout is in columns of the profile's
 * font A grid; callers pass unstyled strings and the writer pads, justifies and truncates.
 *
 * In 'raster' CJK mode, runs of text lines containing non-ASCII are collected and sent as one
 * GS v 0 image each, drawn with the same cell grid as the preview.
 */
export class ReceiptWriter {
  readonly columns: number;
  readonly widthDots: number;
  private readonly adapter = new MemoryAdapter();
  private readonly printer: Printer<[]>;
  private align: Alignment = 'left';
  private bold = false;
  private underline: 0 | 1 | 2 = 0;
  private invert = false;
  private sizeW = 1;
  private sizeH = 1;
  private pendingRaster: TextLine[] = [];

  constructor(readonly profile: PrinterProfile) {
    this.columns = columnsFor(profile);
    this.widthDots = widthDotsOf(profile);
    this.printer = new Printer(this.adapter, { encoding: profile.encoding === 'ascii' ? 'ascii' : profile.encoding, width: this.columns });
    this.printer.raw(cmd.INIT);
    // Chinese firmware usually boots in Kanji mode, Epson's does not: say which one we mean.
    const kanjiOff = profile.encoding === 'ascii' || profile.cjkMode === 'raster';
    this.printer.raw(kanjiOff ? cmd.KANJI_OFF : cmd.KANJI_ON);
    // With Kanji mode on every high byte is half of a GB/Big5 character and ESC t is moot.
    if (kanjiOff && profile.codePage !== undefined) this.printer.raw(cmd.codeTable(profile.codePage));
  }

  /** Columns available on one line at the given width multiplier. */
  columnsAt(width: 1 | 2 = 1): number {
    return Math.floor(this.columns / width);
  }

  /** Normalise text for this printer's encoding (¥ -> ￥, ASCII fallbacks). */
  prepare(text: string): string {
    return this.profile.cjkMode === 'raster' ? normalizeForPrinter(text, 'GB18030') : normalizeForPrinter(text, this.profile.encoding);
  }

  /** One printed line; truncated to the line's width, never wrapped. */
  line(text: string, style: TextStyle = {}): this {
    const w = style.width ?? 1;
    const fitted = truncateToWidth(this.prepare(text), this.columnsAt(w));
    if (this.profile.cjkMode === 'raster' && (this.pendingRaster.length > 0 || /[^\x00-\x7f]/.test(fitted))) {
      this.pendingRaster.push({
        kind: 'line',
        align: style.align ?? 'left',
        lineSpacing: DEFAULT_LINE_SPACING,
        spans: [
          plainSpan(fitted, {
            bold: style.bold ?? false,
            underline: style.underline ?? 0,
            invert: style.invert ?? false,
            widthMul: w,
            heightMul: style.height ?? 1,
          }),
        ],
      });
      return this;
    }
    this.flushRaster();
    this.applyStyle(style);
    this.printer.text(fitted);
    return this;
  }

  /** Several lines of the same style. */
  lines(texts: string[], style: TextStyle = {}): this {
    for (const t of texts) this.line(t, style);
    return this;
  }

  /** `left ... right` on one line, right part flush right; on two lines when both do not fit. */
  pair(left: string, right: string, style: TextStyle = {}): this {
    const cols = this.columnsAt(style.width ?? 1);
    const l = this.prepare(left);
    const r = this.prepare(right);
    // Nothing on the right: the label alone, not padded out with blanks to the edge.
    if (r === '') return this.line(l, { ...style, align: 'left' });
    if (displayWidth(l) + 1 + displayWidth(r) > cols) {
      this.line(l, { ...style, align: 'left' });
      return this.line(r, { ...style, align: 'right' });
    }
    return this.line(justify(l, r, cols), { ...style, align: 'left' });
  }

  /** Text wrapped over as many lines as it needs: between words for Latin, per character for CJK. */
  wrap(text: string, style: TextStyle = {}): this {
    return this.lines(wrapToWidth(this.prepare(text), this.columnsAt(style.width ?? 1)), style);
  }

  /** Fixed-width columns; the last one absorbs any rounding. */
  row(columns: Column[], style: TextStyle = {}): this {
    let out = '';
    for (const c of columns) {
      const text = this.prepare(c.text);
      out += c.align === 'right' ? padStartToWidth(text, c.width) : padEndToWidth(text, c.width);
    }
    return this.line(out.replace(/\s+$/, ''), { ...style, align: 'left' });
  }

  /** A full-width rule of `char` ('-' or '='). */
  rule(char = '-'): this {
    return this.line(char.repeat(Math.floor(this.columns / displayWidth(char))));
  }

  blank(count = 1): this {
    for (let i = 0; i < count; i++) this.line('');
    return this;
  }

  qr(data: string, options: { moduleSize?: number; level?: cmd.QrErrorLevel; align?: Alignment } = {}): this {
    this.flushRaster();
    this.applyStyle({ align: options.align ?? 'center' });
    this.printer.raw(cmd.qrCode(data, options.moduleSize ?? 6, options.level ?? 'M'));
    this.printer.raw(Buffer.from([cmd.LF]));
    return this;
  }

  barcode(type: cmd.BarcodeType, data: string, options: cmd.BarcodeOptions & { align?: Alignment } = {}): this {
    this.flushRaster();
    this.applyStyle({ align: options.align ?? 'center' });
    this.printer.raw(cmd.barcode(type, data, options));
    this.printer.raw(Buffer.from([cmd.LF]));
    return this;
  }

  image(bitmap: cmd.Bitmap, align: Alignment = 'center'): this {
    this.flushRaster();
    this.applyStyle({ align });
    this.printer.raw(cmd.rasterImage(bitmap));
    return this;
  }

  /** Pulse the cash drawer with the model's pulse (default pin 2, 50 ms on, 240 ms off); nothing without a drawer port. */
  drawer(): this {
    this.flushRaster();
    if (this.profile.drawer !== null) this.printer.raw(cmd.drawerPulse(this.profile.drawer ?? DEFAULT_DRAWER_PULSE));
    return this;
  }

  /** Feed past the cutter and cut (GS V 0), or feed to the tear bar when there is no cutter. */
  cut(): this {
    this.flushRaster();
    this.applyStyle({});
    if (this.profile.cut) this.printer.cut(false, this.profile.cutFeedLines ?? FEED_BEFORE_CUT);
    else this.printer.feed(FEED_TO_TEAR_BAR);
    return this;
  }

  /** The bytes so far (sync: the in-memory adapter has nothing to wait for). */
  bytes(): Uint8Array {
    this.flushRaster();
    this.adapter.write(this.printer.buffer.flush());
    return new Uint8Array(this.adapter.take());
  }

  private flushRaster(): void {
    if (this.pendingRaster.length === 0) return;
    const lines = this.pendingRaster;
    this.pendingRaster = [];
    this.applyStyle({});
    this.printer.raw(cmd.rasterImage(rasterizeLines(lines, this.widthDots)));
  }

  private applyStyle(style: TextStyle): void {
    const align = style.align ?? 'left';
    if (align !== this.align) {
      this.printer.align(ALIGN_CODE[align]);
      this.align = align;
    }
    const bold = style.bold ?? false;
    if (bold !== this.bold) {
      this.printer.raw(cmd.bold(bold));
      this.bold = bold;
    }
    const underline = style.underline ?? 0;
    if (underline !== this.underline) {
      this.printer.raw(cmd.underline(underline));
      this.underline = underline;
    }
    const invert = style.invert ?? false;
    if (invert !== this.invert) {
      this.printer.setReverseColors(invert);
      this.invert = invert;
    }
    const w = style.width ?? 1;
    const h = style.height ?? 1;
    if (w !== this.sizeW || h !== this.sizeH) {
      this.printer.size(w, h);
      this.sizeW = w;
      this.sizeH = h;
    }
  }
}
