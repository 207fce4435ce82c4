/**
 * Column layout for a thermal printer's character grid.
 *
 * On a Chinese ESC/POS printer in Kanji mode every multi-byte character is printed as one
 * full-width glyph (24 dots in font A, two 12-dot cells), and every ASCII byte as one
 * half-width cell. So the width of a string *as printed* is: ASCII = 1 column, anything
 * else = 2 columns. That also covers the trap of '×', '·', '￥' and full-width punctuation,
 * which East-Asian-Width tables call "ambiguous" or narrow but a GB printer prints wide.
 * Text is normalised for the printer's encoding first (see encoding.ts), so a non-ASCII
 * character that reaches these helpers is one the printer prints as a full-width glyph.
 */

/** Columns a single code point takes on the printer (1 for ASCII, 2 otherwise). */
export function charWidth(codePoint: number): 1 | 2 {
  return codePoint < 0x80 ? 1 : 2;
}

/** Printed width of `text` in half-width columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      width += 1;
    } else {
      width += 2;
      // A surrogate pair is one character: skip its low half.
      if (code >= 0xd800 && code <= 0xdbff) i++;
    }
  }
  return width;
}

/** Cut `text` so it fits `columns`, never splitting a wide character in half. */
export function truncateToWidth(text: string, columns: number, ellipsis = ''): string {
  if (displayWidth(text) <= columns) return text;
  const room = Math.max(0, columns - displayWidth(ellipsis));
  let width = 0;
  let out = '';
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (width + w > room) break;
    out += ch;
    width += w;
  }
  return out + ellipsis;
}

/** Pad on the right to exactly `columns` (truncating first if too wide). */
export function padEndToWidth(text: string, columns: number, fill = ' '): string {
  const cut = truncateToWidth(text, columns);
  return cut + fill.repeat(Math.max(0, columns - displayWidth(cut)));
}

/** Pad on the left to exactly `columns` (truncating first if too wide). */
export function padStartToWidth(text: string, columns: number, fill = ' '): string {
  const cut = truncateToWidth(text, columns);
  return fill.repeat(Math.max(0, columns - displayWidth(cut))) + cut;
}

/** Centre within `columns`; the odd spare column goes to the right. */
export function centerToWidth(text: string, columns: number): string {
  const cut = truncateToWidth(text, columns);
  const spare = columns - displayWidth(cut);
  const left = Math.floor(spare / 2);
  return ' '.repeat(left) + cut + ' '.repeat(spare - left);
}

/**
 * `left` then `right` flush to the right edge on one line of `columns`. When both do not
 * fit, `left` is truncated so the right-hand part (usually an amount) is always whole.
 */
export function justify(left: string, right: string, columns: number): string {
  const rightWidth = displayWidth(right);
  const leftRoom = Math.max(0, columns - rightWidth - 1);
  const l = truncateToWidth(left, leftRoom);
  return l + ' '.repeat(Math.max(1, columns - displayWidth(l) - rightWidth)) + right;
}
