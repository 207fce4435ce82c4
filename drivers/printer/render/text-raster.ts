import { Resvg } from '@resvg/resvg-js';
import type { Bitmap } from '../escpos/commands';
import type { TextLine } from '../virtual/model';
import { CJK_FONT_FAMILY, requireCjkFont } from './font';
import { linesSvg } from './text-svg';

/** Luminance below which an anti-aliased pixel becomes a printed dot. */
const BLACK_THRESHOLD = 128;

/** RGBA pixels -> 1-bit rows packed MSB first (1 = black), as GS v 0 expects. */
export function rgbaToBitmap(rgba: Uint8Array, width: number, height: number): Bitmap {
  const bytesPerRow = Math.ceil(width / 8);
  const bits = new Uint8Array(bytesPerRow * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const alpha = rgba[i + 3] ?? 0;
      // Transparent pixels are paper; otherwise weight R, G, B by the usual luma factors.
      const lum = alpha === 0 ? 255 : 0.299 * (rgba[i] ?? 0) + 0.587 * (rgba[i + 1] ?? 0) + 0.114 * (rgba[i + 2] ?? 0);
      if (lum < BLACK_THRESHOLD) bits[y * bytesPerRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return { width, height, bits };
}

/** Render text lines on the printer's cell grid and threshold them into a raster image. */
export function rasterizeLines(lines: TextLine[], widthDots: number): Bitmap {
  const { svg, height } = linesSvg(lines, widthDots);
  const rendered = new Resvg(svg, {
    font: { fontFiles: [requireCjkFont()], loadSystemFonts: false, defaultFontFamily: CJK_FONT_FAMILY },
    fitTo: { mode: 'original' },
  }).render();
  return rgbaToBitmap(rendered.pixels, rendered.width, Math.min(height, rendered.height));
}
