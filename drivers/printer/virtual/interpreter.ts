import iconv from 'iconv-lite';
import { iconvName } from '../encoding';
import type { PrinterEncoding } from '../profile';
import { FONT_A_CELL, FONT_B_CELL } from '../profile';
import { charWidth } from '../text-width';
import { ean13CheckDigit, eanCheckDigit } from './barcode-patterns';
import type { Alignment, BarcodeItem, FontName, Receipt, ReceiptItem, Span, TextLine } from './model';
import { DEFAULT_LINE_SPACING } from './model';
import type { PrinterState } from './state';
import { asbPacket, dleEotReply, isOffline, READY_STATE } from './state';

/**
 * A streaming ESC/POS interpreter: the virtual printer.
 *
 * feed() takes any chunking of the byte stream (a command or a GB18030 character split across
 * chunks waits for the rest) and returns the bytes the printer answers right away (DLE EOT,
 * GS r, GS a's first packet). What it prints becomes a receipt model; a cut ends a receipt.
 * Unknown commands are recorded as `unknown` items and reported to onError, never thrown.
 *
 * While the paper is out, the cover open or the printer offline, everything except real-time
 * commands (DLE EOT / DLE ENQ / DLE DC4) and GS a is discarded, as a real printer with no
 * paper would lose it: a host must read the status and hold the job, not assume it printed.
 */

export interface VirtualPrinterOptions {
  /** Paper width in dots: 384 (58 mm) or 576 (80 mm). Default 576. */
  widthDots?: number;
  /** How two-byte text is decoded in Kanji mode. Default GB18030. */
  encoding?: PrinterEncoding;
  /** Chinese firmware powers up in Kanji mode; Epson's does not. Default true. */
  kanjiAtPowerOn?: boolean;
  state?: Partial<PrinterState>;
}

export interface InterpreterError {
  /** Byte offset in the whole stream fed so far. */
  offset: number;
  message: string;
}

/** Largest GS v 0 image accepted (8 MB of bits); a bigger header is treated as corrupt. */
const MAX_RASTER_BYTES = 8 * 1024 * 1024;
/** Bytes shown in an `unknown` item, so a flood of garbage does not bloat the model. */
const MAX_UNKNOWN_HEX_BYTES = 16;
/** Epson's default horizontal tab stops are every 8 characters. */
const TAB_COLUMNS = 8;

interface Mode {
  bold: boolean;
  underline: 0 | 1 | 2;
  invert: boolean;
  widthMul: number;
  heightMul: number;
  font: FontName;
  align: Alignment;
  lineSpacing: number;
  kanji: boolean;
  /** QR code state (GS ( k): module size, level, stored data. */
  qrSize: number;
  qrLevel: 'L' | 'M' | 'Q' | 'H';
  qrData: Uint8Array;
  barcodeHeight: number;
  barcodeWidth: number;
  hri: 0 | 1 | 2 | 3;
}

type Step = { need: number } | { used: number };
const NEED_MORE: Step = { need: 1 };

const BARCODE_TYPES: Record<number, BarcodeItem['type']> = {
  0: 'UPC-A', 1: 'UPC-E', 2: 'EAN13', 3: 'EAN8', 4: 'CODE39', 5: 'ITF', 6: 'CODABAR',
  65: 'UPC-A', 66: 'UPC-E', 67: 'EAN13', 68: 'EAN8', 69: 'CODE39', 70: 'ITF', 71: 'CODABAR', 72: 'CODE93', 73: 'CODE128',
};
const QR_LEVELS = ['L', 'M', 'Q', 'H'] as const;

export class VirtualPrinter {
  #widthDots: number;
  #encoding: PrinterEncoding;
  /** Finished (cut) receipts, oldest first. */
  readonly receipts: Receipt[] = [];
  /** Bytes thrown away because the printer could not print (paper out, cover open, offline). */
  discardedBytes = 0;
  private state: PrinterState;
  private mode: Mode;
  private current: Receipt;
  private lineSpans: Span[] = [];
  private lineAlign: Alignment | null = null;
  private lineDots = 0;
  private pending: Buffer = Buffer.alloc(0);
  private offset = 0;
  private asbEnabled = false;
  private kanjiAtPowerOn: boolean;
  private readonly receiptListeners = new Set<(r: Receipt) => void>();
  private readonly unsolicitedListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly errorListeners = new Set<(e: InterpreterError) => void>();

  constructor(options: VirtualPrinterOptions = {}) {
    this.#widthDots = options.widthDots ?? 576;
    this.#encoding = options.encoding ?? 'GB18030';
    this.kanjiAtPowerOn = options.kanjiAtPowerOn ?? true;
    this.state = { ...READY_STATE, ...options.state };
    this.mode = this.initialMode();
    this.current = this.newReceipt();
  }

  /** Feed bytes from the host; returns the immediate reply bytes (possibly empty). */
  feed(bytes: Uint8Array): Uint8Array {
    this.pending = this.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.pending, bytes]);
    const replies: number[] = [];
    let pos = 0;
    while (pos < this.pending.length) {
      const step = this.step(this.pending, pos, replies);
      if ('need' in step) break;
      pos += step.used;
    }
    this.offset += pos;
    this.pending = pos === 0 ? this.pending : Buffer.from(this.pending.subarray(pos));
    return new Uint8Array(replies);
  }

  get widthDots(): number {
    return this.#widthDots;
  }

  get encoding(): PrinterEncoding {
    return this.#encoding;
  }

  /**
   * Become another printer (the cashier picked a different model or paper for it): head width,
   * font encoding, Kanji mode at power-on. A receipt already on its way keeps its width; an
   * empty one starts again at the new width, as after swapping the roll.
   */
  configure(options: Pick<VirtualPrinterOptions, 'widthDots' | 'encoding' | 'kanjiAtPowerOn'>): void {
    if (options.widthDots !== undefined) this.#widthDots = options.widthDots;
    if (options.encoding !== undefined) this.#encoding = options.encoding;
    if (options.kanjiAtPowerOn !== undefined) this.kanjiAtPowerOn = options.kanjiAtPowerOn;
    if (this.current.items.length === 0 && this.lineSpans.length === 0) this.current = this.newReceipt();
  }

  getState(): PrinterState {
    return { ...this.state };
  }

  /** Change sensors. With ASB on, the new 4-byte status is pushed to onUnsolicited listeners. */
  setState(patch: Partial<PrinterState>): void {
    const before = asbPacket(this.state);
    this.state = { ...this.state, ...patch };
    const after = asbPacket(this.state);
    if (this.asbEnabled && !before.every((b, i) => b === after[i])) {
      for (const l of this.unsolicitedListeners) l(after);
    }
  }

  /** The receipt being printed (not cut yet), including the line still in the buffer. */
  peek(): Receipt {
    const items = [...this.current.items];
    if (this.lineSpans.length > 0) items.push(this.makeLine());
    return { ...this.current, items };
  }

  onReceipt(listener: (r: Receipt) => void): () => void {
    this.receiptListeners.add(listener);
    return () => this.receiptListeners.delete(listener);
  }

  /** Bytes the printer sends without being asked (ASB packets on state change). */
  onUnsolicited(listener: (bytes: Uint8Array) => void): () => void {
    this.unsolicitedListeners.add(listener);
    return () => this.unsolicitedListeners.delete(listener);
  }

  onError(listener: (e: InterpreterError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private get printing(): boolean {
    return !isOffline(this.state);
  }

  private initialMode(): Mode {
    return {
      bold: false,
      underline: 0,
      invert: false,
      widthMul: 1,
      heightMul: 1,
      font: 'A',
      align: 'left',
      lineSpacing: DEFAULT_LINE_SPACING,
      kanji: this.kanjiAtPowerOn,
      qrSize: 3,
      qrLevel: 'L',
      qrData: new Uint8Array(0),
      barcodeHeight: 162,
      barcodeWidth: 3,
      hri: 0,
    };
  }

  private newReceipt(): Receipt {
    return { widthDots: this.widthDots, items: [], cut: null };
  }

  /** Interpret one command or text run at `pos`. */
  private step(buf: Buffer, pos: number, replies: number[]): Step {
    const b = buf[pos] ?? 0;
    if (b === 0x10) return this.realtime(buf, pos, replies);
    if (!this.printing) {
      // Still parse (so a DLE EOT inside an image is not mistaken for a query) but drop it.
      const step = b === 0x1d && buf[pos + 1] === 0x61 ? this.gs(buf, pos, replies) : this.measureOnly(buf, pos, replies);
      if ('used' in step) this.discardedBytes += step.used;
      return step;
    }
    if (b >= 0x20) return this.text(buf, pos);
    switch (b) {
      case 0x0a: // LF
        this.printLine();
        return { used: 1 };
      case 0x0d: // CR: ignored unless auto line feed is on (it is off by default)
        return { used: 1 };
      case 0x0c: // FF in standard mode: print and feed like LF
        this.printLine();
        return { used: 1 };
      case 0x09: // HT
        this.tab();
        return { used: 1 };
      case 0x18: // CAN: page mode only
        return { used: 1 };
      case 0x1b:
        return this.esc(buf, pos);
      case 0x1d:
        return this.gs(buf, pos, replies);
      case 0x1c:
        return this.fs(buf, pos);
      default:
        this.unknown(buf, pos, 1, `control byte 0x${hex2(b)} ignored`);
        return { used: 1 };
    }
  }

  /** Run the parser without effects, for discarded data. */
  private measureOnly(buf: Buffer, pos: number, replies: number[]): Step {
    const saved = { mode: this.mode, current: this.current, spans: this.lineSpans, align: this.lineAlign, dots: this.lineDots, receipts: this.receipts.length };
    this.mode = { ...this.mode };
    this.current = this.newReceipt();
    this.lineSpans = [];
    const muted = [...this.errorListeners];
    this.errorListeners.clear();
    const state = this.state;
    this.state = { ...READY_STATE };
    const listeners = [...this.receiptListeners];
    this.receiptListeners.clear();
    try {
      return this.step(buf, pos, replies);
    } finally {
      this.state = state;
      this.mode = saved.mode;
      this.current = saved.current;
      this.lineSpans = saved.spans;
      this.lineAlign = saved.align;
      this.lineDots = saved.dots;
      this.receipts.length = saved.receipts;
      for (const l of muted) this.errorListeners.add(l);
      for (const l of listeners) this.receiptListeners.add(l);
    }
  }

  // ---- text -------------------------------------------------------------------------------

  private text(buf: Buffer, pos: number): Step {
    let end = pos;
    let invalidAt = -1;
    while (end < buf.length) {
      const b = buf[end] ?? 0;
      if (b < 0x20) break;
      if (b < 0x80 || !this.mode.kanji) {
        end++;
        continue;
      }
      const len = this.multiByteLength(buf, end);
      if (len === 0) {
        if (end === pos) return NEED_MORE; // a character split across chunks: wait
        break; // decode what we have; the split character is handled next time
      }
      if (len < 0) {
        invalidAt = end;
        break;
      }
      end += len;
    }
    if (end > pos) {
      this.appendText(this.decode(buf.subarray(pos, end)));
      return { used: end - pos };
    }
    if (invalidAt >= 0) {
      this.error(this.offset + pos, `invalid ${this.encoding} byte sequence ${hexBytes(buf.subarray(pos, pos + 2))}; printed as U+FFFD`);
      this.appendText('\ufffd');
      return { used: 1 };
    }
    return NEED_MORE;
  }

  /** Length of the multi-byte character at `pos`, 0 if incomplete, -1 if invalid. */
  private multiByteLength(buf: Buffer, pos: number): number {
    const lead = buf[pos] ?? 0;
    if (lead < 0x81 || lead > 0xfe) return -1;
    if (pos + 1 >= buf.length) return 0;
    const second = buf[pos + 1] ?? 0;
    if (this.encoding === 'GB18030' && second >= 0x30 && second <= 0x39) {
      if (pos + 3 >= buf.length) return 0;
      const third = buf[pos + 2] ?? 0;
      const fourth = buf[pos + 3] ?? 0;
      return third >= 0x81 && third <= 0xfe && fourth >= 0x30 && fourth <= 0x39 ? 4 : -1;
    }
    return second >= 0x40 && second <= 0xfe && second !== 0x7f ? 2 : -1;
  }

  private decode(bytes: Buffer): string {
    if (this.mode.kanji && this.encoding !== 'ascii') return iconv.decode(bytes, iconvName(this.encoding));
    // Outside Kanji mode high bytes come from the single-byte code table; PC437 is ESC t 0.
    return iconv.decode(bytes, 'cp437');
  }

  private appendText(text: string): void {
    const m = this.mode;
    const cell = m.font === 'B' ? FONT_B_CELL.width : FONT_A_CELL.width;
    for (const ch of text) {
      const w = charWidth(ch.codePointAt(0) ?? 0) * cell * m.widthMul;
      if (this.lineDots + w > this.widthDots && this.lineDots > 0) this.printLine(); // auto wrap
      if (this.lineAlign === null) this.lineAlign = m.align;
      const last = this.lineSpans[this.lineSpans.length - 1];
      if (last && sameStyle(last, m)) last.text += ch;
      else
        this.lineSpans.push({ text: ch, bold: m.bold, underline: m.underline, invert: m.invert, widthMul: m.widthMul, heightMul: m.heightMul, font: m.font });
      this.lineDots += w;
    }
  }

  private tab(): void {
    const cell = (this.mode.font === 'B' ? FONT_B_CELL.width : FONT_A_CELL.width) * this.mode.widthMul;
    const col = Math.floor(this.lineDots / cell);
    const next = (Math.floor(col / TAB_COLUMNS) + 1) * TAB_COLUMNS;
    this.appendText(' '.repeat(Math.max(1, next - col)));
  }

  private makeLine(): TextLine {
    return { kind: 'line', spans: this.lineSpans, align: this.lineAlign ?? this.mode.align, lineSpacing: this.mode.lineSpacing };
  }

  /** Print the line buffer (LF). An empty buffer prints a blank line, i.e. feeds one line. */
  private printLine(): void {
    this.current.items.push(this.makeLine());
    this.lineSpans = [];
    this.lineAlign = null;
    this.lineDots = 0;
  }

  /** Commands that print "the data in the buffer" first (ESC d, ESC J, images, cut). */
  private flushLine(): void {
    if (this.lineSpans.length > 0) this.printLine();
  }

  private push(item: ReceiptItem): void {
    this.flushLine();
    this.current.items.push(item);
  }

  private cut(kind: 'full' | 'partial'): void {
    this.flushLine();
    if (this.current.items.length === 0) return; // a cut on blank paper is not a receipt
    const done = this.current;
    done.cut = kind;
    this.receipts.push(done);
    this.current = this.newReceipt();
    for (const l of this.receiptListeners) l(done);
  }

  // ---- ESC --------------------------------------------------------------------------------

  private esc(buf: Buffer, pos: number): Step {
    if (pos + 1 >= buf.length) return NEED_MORE;
    const c = buf[pos + 1] ?? 0;
    const arg = (i: number) => buf[pos + 1 + i] ?? 0;
    const need = (n: number) => pos + n > buf.length; // command is n bytes long in total
    const m = this.mode;
    switch (c) {
      case 0x40: // ESC @ initialize
        this.flushLine();
        this.mode = { ...this.initialMode(), qrData: m.qrData };
        return { used: 2 };
      case 0x21: // ESC ! n: print mode
        if (need(3)) return NEED_MORE;
        {
          const n = arg(1);
          m.font = n & 0x01 ? 'B' : 'A';
          m.bold = (n & 0x08) !== 0;
          m.heightMul = n & 0x10 ? 2 : 1;
          m.widthMul = n & 0x20 ? 2 : 1;
          m.underline = n & 0x80 ? 1 : 0;
        }
        return { used: 3 };
      case 0x45: // ESC E n: emphasized
      case 0x47: // ESC G n: double-strike, which prints the same as bold
        if (need(3)) return NEED_MORE;
        m.bold = (arg(1) & 1) === 1;
        return { used: 3 };
      case 0x2d: // ESC - n: underline
        if (need(3)) return NEED_MORE;
        m.underline = underlineOf(arg(1));
        return { used: 3 };
      case 0x4d: // ESC M n: font
        if (need(3)) return NEED_MORE;
        m.font = arg(1) === 1 || arg(1) === 49 ? 'B' : 'A';
        return { used: 3 };
      case 0x61: // ESC a n: justification (only effective at the start of a line)
        if (need(3)) return NEED_MORE;
        m.align = alignOf(arg(1));
        return { used: 3 };
      case 0x64: // ESC d n: print and feed n lines
        if (need(3)) return NEED_MORE;
        this.feedLines(arg(1));
        return { used: 3 };
      case 0x4a: // ESC J n: print and feed n dots
        if (need(3)) return NEED_MORE;
        this.flushLine();
        if (arg(1) > 0) this.current.items.push({ kind: 'feed', dots: arg(1) });
        return { used: 3 };
      case 0x32: // ESC 2: default line spacing
        m.lineSpacing = DEFAULT_LINE_SPACING;
        return { used: 2 };
      case 0x33: // ESC 3 n: line spacing n dots
        if (need(3)) return NEED_MORE;
        m.lineSpacing = arg(1);
        return { used: 3 };
      case 0x70: // ESC p m t1 t2: drawer kick pulse
        if (need(5)) return NEED_MORE;
        this.push({ kind: 'drawer', pin: (arg(1) & 1) === 1 ? 5 : 2, onMs: arg(2) * 2, offMs: arg(3) * 2 });
        return { used: 5 };
      case 0x69: // ESC i: partial cut (obsolete)
        this.cut('partial');
        return { used: 2 };
      case 0x6d: // ESC m: partial cut (obsolete)
        this.cut('partial');
        return { used: 2 };
      case 0x74: // ESC t n: code table
      case 0x52: // ESC R n: international set
      case 0x20: // ESC SP n: right-side character spacing
      case 0x34: // ESC 4 n: italic (not Epson; some Chinese printers; @node-escpos sends it)
      case 0x3d: // ESC = n: peripheral device
      case 0x7b: // ESC { n: upside-down
      case 0x56: // ESC V n: 90° rotation
      case 0x55: // ESC U n: unidirectional printing
      case 0x72: // ESC r n: colour
      case 0x63: // (ESC c is 4 bytes, handled below)
        if (c === 0x63) {
          if (need(4)) return NEED_MORE;
          return { used: 4 };
        }
        if (need(3)) return NEED_MORE;
        return { used: 3 };
      case 0x24: // ESC $ nL nH: absolute position
      case 0x5c: // ESC \ nL nH: relative position
        if (need(4)) return NEED_MORE;
        return { used: 4 };
      case 0x42: // ESC B n t: beeper (Chinese printers)
        if (need(4)) return NEED_MORE;
        return { used: 4 };
      case 0x44: {
        // ESC D n1..nk NUL: tab positions
        const end = buf.indexOf(0, pos + 2);
        if (end < 0) return pos + 2 + 32 < buf.length ? this.skipUnknown(buf, pos, 2, 'ESC D without NUL terminator') : NEED_MORE;
        return { used: end - pos + 1 };
      }
      case 0x2a: // ESC * m nL nH d...: bit image
        return this.bitImage(buf, pos);
      default:
        return this.skipUnknown(buf, pos, 2, `unknown command ESC 0x${hex2(c)}`);
    }
  }

  private feedLines(n: number): void {
    if (this.lineSpans.length > 0) {
      this.printLine();
      n -= 1;
    }
    if (n > 0) this.current.items.push({ kind: 'feed', dots: n * this.mode.lineSpacing });
  }

  /** ESC * m nL nH: one band of 8 or 24 dots, column-major; stored as a row-major image. */
  private bitImage(buf: Buffer, pos: number): Step {
    if (pos + 5 > buf.length) return NEED_MORE;
    const m = buf[pos + 2] ?? 0;
    const width = (buf[pos + 3] ?? 0) | ((buf[pos + 4] ?? 0) << 8);
    const rowsBytes = m === 32 || m === 33 ? 3 : 1;
    if (![0, 1, 32, 33].includes(m)) return this.skipUnknown(buf, pos, 3, `ESC * with invalid mode ${m}`);
    const total = 5 + width * rowsBytes;
    if (pos + total > buf.length) return NEED_MORE;
    const height = rowsBytes * 8;
    const bytesPerRow = Math.ceil(width / 8);
    const bits = new Uint8Array(bytesPerRow * height);
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < rowsBytes; k++) {
        const col = buf[pos + 5 + x * rowsBytes + k] ?? 0;
        for (let bit = 0; bit < 8; bit++) {
          if (col & (0x80 >> bit)) bits[(k * 8 + bit) * bytesPerRow + (x >> 3)] |= 0x80 >> (x & 7);
        }
      }
    }
    this.push({ kind: 'image', width, height, bits, align: this.mode.align });
    return { used: total };
  }

  // ---- GS ---------------------------------------------------------------------------------

  private gs(buf: Buffer, pos: number, replies: number[]): Step {
    if (pos + 1 >= buf.length) return NEED_MORE;
    const c = buf[pos + 1] ?? 0;
    const arg = (i: number) => buf[pos + 1 + i] ?? 0;
    const need = (n: number) => pos + n > buf.length;
    const m = this.mode;
    switch (c) {
      case 0x21: // GS ! n: character size
        if (need(3)) return NEED_MORE;
        m.widthMul = ((arg(1) >> 4) & 0x07) + 1;
        m.heightMul = (arg(1) & 0x07) + 1;
        return { used: 3 };
      case 0x42: // GS B n: reverse (LSB)
        if (need(3)) return NEED_MORE;
        m.invert = (arg(1) & 1) === 1;
        return { used: 3 };
      case 0x56: {
        // GS V m [n]: cut. m = 0/48 full, 1/49 partial; 65/66 feed n dots first.
        if (need(3)) return NEED_MORE;
        const mode = arg(1);
        if (mode === 65 || mode === 66 || mode === 97 || mode === 98 || mode === 103 || mode === 104) {
          if (need(4)) return NEED_MORE;
          if (arg(2) > 0) this.push({ kind: 'feed', dots: arg(2) });
          this.cut(mode % 2 === 1 ? 'full' : 'partial');
          return { used: 4 };
        }
        this.cut(mode === 1 || mode === 49 ? 'partial' : 'full');
        return { used: 3 };
      }
      case 0x68: // GS h n: barcode height
        if (need(3)) return NEED_MORE;
        m.barcodeHeight = arg(1);
        return { used: 3 };
      case 0x77: // GS w n: barcode module width
        if (need(3)) return NEED_MORE;
        m.barcodeWidth = arg(1);
        return { used: 3 };
      case 0x48: // GS H n: HRI position
        if (need(3)) return NEED_MORE;
        m.hri = (arg(1) & 0x03) as 0 | 1 | 2 | 3;
        return { used: 3 };
      case 0x66: // GS f n: HRI font
      case 0x62: // GS b n: smoothing
      case 0x49: // GS I n: printer ID (answered below)
        if (need(3)) return NEED_MORE;
        if (c === 0x49) for (const b of printerId(arg(1))) replies.push(b);
        return { used: 3 };
      case 0x61: // GS a n: automatic status back
        if (need(3)) return NEED_MORE;
        this.asbEnabled = arg(1) !== 0;
        if (this.asbEnabled) for (const b of asbPacket(this.state)) replies.push(b);
        return { used: 3 };
      case 0x72: {
        // GS r n: transmit status. 1/49 paper sensor, 2/50 drawer.
        if (need(3)) return NEED_MORE;
        const n = arg(1);
        if (n === 1 || n === 49) replies.push((this.state.paperNearEnd || this.state.paperOut ? 0x03 : 0) | (this.state.paperOut ? 0x0c : 0));
        else if (n === 2 || n === 50) replies.push(this.state.drawerOpen ? 0x01 : 0);
        return { used: 3 };
      }
      case 0x4c: // GS L nL nH: left margin
      case 0x57: // GS W nL nH: print area width
        if (need(4)) return NEED_MORE;
        return { used: 4 };
      case 0x6b:
        return this.barcode(buf, pos);
      case 0x76:
        return this.raster(buf, pos);
      case 0x28:
        return this.gsParen(buf, pos);
      default:
        return this.skipUnknown(buf, pos, 2, `unknown command GS 0x${hex2(c)}`);
    }
  }

  private barcode(buf: Buffer, pos: number): Step {
    if (pos + 3 > buf.length) return NEED_MORE;
    const m = buf[pos + 2] ?? 0;
    let data: Buffer;
    let used: number;
    if (m <= 6) {
      const end = buf.indexOf(0, pos + 3);
      if (end < 0) return pos + 3 + 255 < buf.length ? this.skipUnknown(buf, pos, 3, 'GS k format A without NUL') : NEED_MORE;
      data = buf.subarray(pos + 3, end);
      used = end - pos + 1;
    } else {
      if (pos + 4 > buf.length) return NEED_MORE;
      const n = buf[pos + 3] ?? 0;
      if (pos + 4 + n > buf.length) return NEED_MORE;
      data = buf.subarray(pos + 4, pos + 4 + n);
      used = 4 + n;
    }
    const type = BARCODE_TYPES[m] ?? 'unknown';
    let text = type === 'CODE128' ? decodeCode128(data) : data.toString('latin1');
    if (type === 'EAN13' && /^\d{12}$/.test(text)) text += String(ean13CheckDigit(text));
    if (type === 'EAN8' && /^\d{7}$/.test(text)) text += String(eanCheckDigit(text));
    if (type === 'unknown') this.error(this.offset + pos, `GS k with unknown barcode system ${m}`);
    const md = this.mode;
    this.push({ kind: 'barcode', type, data: text, height: md.barcodeHeight, moduleWidth: md.barcodeWidth, hri: md.hri, align: md.align });
    return { used };
  }

  private raster(buf: Buffer, pos: number): Step {
    if (pos + 8 > buf.length) return NEED_MORE;
    if (buf[pos + 2] !== 0x30) return this.skipUnknown(buf, pos, 2, 'GS v not followed by 0');
    const scale = buf[pos + 3] ?? 0;
    const bytesPerRow = (buf[pos + 4] ?? 0) | ((buf[pos + 5] ?? 0) << 8);
    const height = (buf[pos + 6] ?? 0) | ((buf[pos + 7] ?? 0) << 8);
    const size = bytesPerRow * height;
    if (size > MAX_RASTER_BYTES || bytesPerRow === 0 || height === 0) {
      return this.skipUnknown(buf, pos, 8, `GS v 0 image ${bytesPerRow * 8}x${height} rejected (empty or over ${MAX_RASTER_BYTES} bytes)`);
    }
    if (pos + 8 + size > buf.length) return NEED_MORE;
    const bits = new Uint8Array(buf.subarray(pos + 8, pos + 8 + size));
    // Double width/height modes (m = 1, 2, 3, 49..51) are recorded at their sent size.
    if ((scale & 0x03) !== 0) this.error(this.offset + pos, `GS v 0 scale mode ${scale} recorded at normal size`);
    this.push({ kind: 'image', width: bytesPerRow * 8, height, bits, align: this.mode.align });
    return { used: 8 + size };
  }

  /** GS ( X pL pH ...: every GS ( function carries its own length, so unknown ones skip cleanly. */
  private gsParen(buf: Buffer, pos: number): Step {
    if (pos + 5 > buf.length) return NEED_MORE;
    const fnClass = buf[pos + 2] ?? 0;
    const len = (buf[pos + 3] ?? 0) | ((buf[pos + 4] ?? 0) << 8);
    if (pos + 5 + len > buf.length) return NEED_MORE;
    const body = buf.subarray(pos + 5, pos + 5 + len);
    const used = 5 + len;
    if (fnClass !== 0x6b) {
      this.unknown(buf, pos, used, `GS ( 0x${hex2(fnClass)} (${len} bytes) not interpreted`);
      return { used };
    }
    const cn = body[0] ?? 0;
    const fn = body[1] ?? 0;
    if (cn !== 49 || len < 2) {
      this.unknown(buf, pos, used, `GS ( k symbol cn=${cn} fn=${fn} not interpreted (only QR, cn 49)`);
      return { used };
    }
    const m = this.mode;
    switch (fn) {
      case 65: // model
        break;
      case 67: // module size
        m.qrSize = body[2] ?? m.qrSize;
        break;
      case 69: {
        const level = (body[2] ?? 48) - 48;
        const named = QR_LEVELS[level];
        if (named) m.qrLevel = named;
        else this.error(this.offset + pos, `QR error-correction byte ${body[2]} is not 48..51; kept ${m.qrLevel}`);
        break;
      }
      case 80: // store data (m = 48)
        m.qrData = new Uint8Array(body.subarray(3));
        break;
      case 81: // print
        this.push({ kind: 'qr', data: Buffer.from(m.qrData).toString('utf8'), moduleSize: m.qrSize, ecLevel: m.qrLevel, align: m.align });
        break;
      default:
        this.unknown(buf, pos, used, `GS ( k QR function ${fn} not interpreted`);
    }
    return { used };
  }

  // ---- FS ---------------------------------------------------------------------------------

  private fs(buf: Buffer, pos: number): Step {
    if (pos + 1 >= buf.length) return NEED_MORE;
    const c = buf[pos + 1] ?? 0;
    const need = (n: number) => pos + n > buf.length;
    switch (c) {
      case 0x26: // FS &: Kanji mode on
        this.mode.kanji = true;
        return { used: 2 };
      case 0x2e: // FS .: Kanji mode off
        this.mode.kanji = false;
        return { used: 2 };
      case 0x21: {
        // FS ! n: Kanji print mode (double width/height, underline)
        if (need(3)) return NEED_MORE;
        const n = buf[pos + 2] ?? 0;
        this.mode.widthMul = n & 0x04 ? 2 : 1;
        this.mode.heightMul = n & 0x08 ? 2 : 1;
        this.mode.underline = n & 0x80 ? 1 : 0;
        return { used: 3 };
      }
      case 0x2d: // FS - n: Kanji underline
        if (need(3)) return NEED_MORE;
        this.mode.underline = underlineOf(buf[pos + 2] ?? 0);
        return { used: 3 };
      case 0x43: // FS C n: Kanji code system
      case 0x57: // FS W n: quadruple size
        if (need(3)) return NEED_MORE;
        return { used: 3 };
      case 0x53: // FS S n1 n2: Kanji spacing
      case 0x70: // FS p n m: print NV bit image
        if (need(4)) return NEED_MORE;
        if (c === 0x70) this.unknown(buf, pos, 4, 'FS p: NV logo not stored in the virtual printer');
        return { used: 4 };
      default:
        return this.skipUnknown(buf, pos, 2, `unknown command FS 0x${hex2(c)}`);
    }
  }

  // ---- DLE (real-time) ----------------------------------------------------------------------

  private realtime(buf: Buffer, pos: number, replies: number[]): Step {
    if (pos + 2 >= buf.length) return NEED_MORE;
    const c = buf[pos + 1] ?? 0;
    const n = buf[pos + 2] ?? 0;
    if (c === 0x04) {
      const reply = dleEotReply(n, this.state);
      if (reply === null) this.error(this.offset + pos, `DLE EOT ${n} not supported; no reply`);
      else replies.push(reply);
      return { used: 3 };
    }
    if (c === 0x05) return { used: 3 }; // DLE ENQ n: recover / clear
    if (c === 0x14) {
      // DLE DC4 fn ...: fn 1 = pulse (5 bytes), fn 2 = power-off (5), fn 8 = clear buffers (10)
      const len = n === 8 ? 10 : 5;
      if (pos + len > buf.length) return NEED_MORE;
      if (n === 1 && this.printing) {
        this.push({ kind: 'drawer', pin: (buf[pos + 3] ?? 0) === 1 ? 5 : 2, onMs: (buf[pos + 4] ?? 0) * 100, offMs: (buf[pos + 4] ?? 0) * 100 });
      }
      return { used: len };
    }
    // DLE alone is not a command: treat as an unknown control byte and move on one byte.
    this.unknown(buf, pos, 1, `DLE followed by 0x${hex2(c)} is not a real-time command`);
    return { used: 1 };
  }

  // ---- errors -----------------------------------------------------------------------------

  private skipUnknown(buf: Buffer, pos: number, length: number, reason: string): Step {
    this.unknown(buf, pos, length, reason);
    return { used: length };
  }

  private unknown(buf: Buffer, pos: number, length: number, reason: string): void {
    const bytes = buf.subarray(pos, pos + Math.min(length, MAX_UNKNOWN_HEX_BYTES));
    if (this.printing) this.current.items.push({ kind: 'unknown', hex: hexBytes(bytes), reason });
    this.error(this.offset + pos, reason);
  }

  private error(offset: number, message: string): void {
    for (const l of this.errorListeners) l({ offset, message });
  }
}

function sameStyle(s: Span, m: Mode): boolean {
  return s.bold === m.bold && s.underline === m.underline && s.invert === m.invert && s.widthMul === m.widthMul && s.heightMul === m.heightMul && s.font === m.font;
}

function underlineOf(n: number): 0 | 1 | 2 {
  const v = n >= 48 ? n - 48 : n;
  return v === 1 ? 1 : v === 2 ? 2 : 0;
}

function alignOf(n: number): Alignment {
  const v = n >= 48 ? n - 48 : n;
  return v === 1 ? 'center' : v === 2 ? 'right' : 'left';
}

/** GS I n: model id 1/49, type id 2/50, firmware version 65 etc. Answers are made up but shaped right. */
function printerId(n: number): number[] {
  if (n === 1 || n === 49) return [0x20];
  if (n === 2 || n === 50) return [0x02];
  if (n === 3 || n === 51) return [0x00];
  if (n >= 65 && n <= 69) return [0x5f, ...Buffer.from('POSDESK-VP', 'ascii'), 0x00];
  return [];
}

/** CODE128 as sent to GS k m=73: "{A"/"{B"/"{C" switch code sets; in C each byte is 2 digits. */
function decodeCode128(data: Buffer): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i] ?? 0;
    if (b === 0x7b && i + 1 < data.length) {
      const sel = String.fromCharCode(data[i + 1] ?? 0);
      i++;
      if (sel === 'A' || sel === 'B' || sel === 'C') set = sel;
      else if (sel === '{') out += '{';
      continue; // FNC1..4 and shift are dropped from the human-readable data
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, hex2).join(' ');
}
