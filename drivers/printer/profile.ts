/**
 * What the encoder needs to know about one physical printer: the resolved profile a receipt
 * is encoded for. Where the numbers come from for a given model is models/*.json; how a
 * device's settings pick one is resolve-profile.ts.
 */
export type PrinterEncoding = 'GB18030' | 'GBK' | 'Big5' | 'ascii';

/** The cash drawer pulse: which connector pin and how long it is driven (ESC p m t1 t2). */
export interface DrawerPulse {
  pin: 2 | 5;
  /** ESC p counts in 2 ms units, so these are even numbers from 2 to 510. */
  onMs: number;
  offMs: number;
}

export interface PrinterProfile {
  /** Paper roll width. */
  widthMm: 58 | 80;
  encoding: PrinterEncoding;
  /**
   * 'native': send encoded text and let the printer's CJK font draw it.
   * 'raster': the printer has no Chinese font; text lines with non-ASCII characters are drawn
   * here and sent as GS v 0 raster images.
   */
  cjkMode: 'native' | 'raster';
  /** Whether the printer has an auto-cutter (GS V); without one we only feed past the tear bar. */
  cut: boolean;
  /**
   * Printable dots per line. Absent: the 203-dpi figure for the paper (DOTS_BY_WIDTH). A 180-dpi
   * head (Epson TM-T88) prints 512 dots on 80 mm paper, so 42 columns, not 48.
   */
  widthDots?: number;
  /**
   * ESC t n: the single-byte code table, sent when Kanji mode is off (raster / ascii printers).
   * ESC @ returns to the table the memory switches chose, which a dealer may have changed.
   */
  codePage?: number;
  /** Absent: pin 2, 50 ms on, 240 ms off — what most drawers' solenoids want. null: no drawer port. */
  drawer?: DrawerPulse | null;
  /** Lines fed before GS V so the last line clears the blade (head-to-cutter gap). Default 4. */
  cutFeedLines?: number;
  /** The model id (models/*.json) this profile was resolved from, for the test page and logs. */
  model?: string;
}

/** Printable dots per line at 203 dpi: 58 mm heads print 384 dots, 80 mm heads 576. */
export const DOTS_BY_WIDTH = { 58: 384, 80: 576 } as const;
/** Font A is 12 x 24 dots, so 384/12 = 32 and 576/12 = 48 columns. */
export const FONT_A_CELL = { width: 12, height: 24 } as const;
/** Font B is 9 x 17 dots (42 / 64 columns); only used when a host selects it. */
export const FONT_B_CELL = { width: 9, height: 17 } as const;

export const DEFAULT_DRAWER_PULSE: DrawerPulse = { pin: 2, onMs: 50, offMs: 240 };

export function widthDotsOf(profile: Pick<PrinterProfile, 'widthMm' | 'widthDots'>): number {
  return profile.widthDots ?? DOTS_BY_WIDTH[profile.widthMm];
}

/** Font A columns: whole 12-dot cells across the printable width. */
export function columnsFor(profile: Pick<PrinterProfile, 'widthMm' | 'widthDots'>): number {
  return Math.floor(widthDotsOf(profile) / FONT_A_CELL.width);
}

/** A generic Chinese 80 mm printer: what a fresh install prints with until a model is chosen. */
export const DEFAULT_PROFILE: PrinterProfile = {
  widthMm: 80,
  encoding: 'GB18030',
  cjkMode: 'native',
  cut: true,
};
