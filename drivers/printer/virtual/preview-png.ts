import { Resvg } from '@resvg/resvg-js';
import { CJK_FONT_FAMILY, requireCjkFont } from '../render/font';
import type { Receipt } from './model';
import { receiptToSvg } from './preview-svg';

/**
 * SVG preview -> PNG, one pixel per printer dot by default. The CJK font is loaded from its
 * file only (system fonts off), so the image is the same on every machine with that file.
 */
export function svgToPng(svg: string, scale = 1): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [requireCjkFont()], loadSystemFonts: false, defaultFontFamily: CJK_FONT_FAMILY },
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

export function receiptToPng(receipt: Receipt, scale = 1): Buffer {
  return svgToPng(receiptToSvg(receipt), scale);
}
