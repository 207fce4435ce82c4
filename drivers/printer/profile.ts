/** What the encoder needs to know about one physical printer. */
export type PrinterEncoding = 'GB18030' | 'GBK' | 'Big5' | 'ascii';

export interface PrinterProfile {
  /** Paper roll width. 58 mm heads print 384 dots, 80 mm heads 576 dots (203 dpi). */
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
}

/** Printable dots per line for font A at 203 dpi. */
export const DOTS_BY_WIDTH = { 58: 384, 80: 576 } as const;
/** Font A is 12 x 24 dots, so 384/12 = 32 and 576/12 = 48 columns. */
export const FONT_A_CELL = { width: 12, height: 24 } as const;
/** Font B is 9 x 17 dots (42 / 64 columns); only used when a host selects it. */
export const FONT_B_CELL = { width: 9, height: 17 } as const;

export function columnsFor(profile: Pick<PrinterProfile, 'widthMm'>): number {
  return DOTS_BY_WIDTH[profile.widthMm] / FONT_A_CELL.width;
}

export const DEFAULT_PROFILE: PrinterProfile = {
  widthMm: 80,
  encoding: 'GB18030',
  cjkMode: 'native',
  cut: true,
};
