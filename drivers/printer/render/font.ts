import { existsSync } from 'node:fs';

/**
 * The CJK font used for previews and for raster CJK fallback. Loaded by path (never from the
 * system font list) so renders are identical on every machine that has this file.
 * Debian: `apt-get install fonts-wqy-microhei`. Override with POSDESK_CJK_FONT.
 */
export const DEFAULT_CJK_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
/** The monospaced face of that collection: ASCII glyphs are exactly half a CJK glyph wide. */
export const CJK_FONT_FAMILY = 'WenQuanYi Micro Hei Mono';

export function cjkFontPath(): string {
  return process.env.POSDESK_CJK_FONT ?? DEFAULT_CJK_FONT_PATH;
}

/** Throws a message that says what to install, instead of resvg's silent tofu boxes. */
export function requireCjkFont(): string {
  const path = cjkFontPath();
  if (!existsSync(path)) {
    throw new Error(
      `CJK font not found at ${path}: install Debian's fonts-wqy-microhei or set POSDESK_CJK_FONT to a .ttc/.ttf with Chinese glyphs`,
    );
  }
  return path;
}
