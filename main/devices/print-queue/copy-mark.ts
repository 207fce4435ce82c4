/**
 * The 重打印 COPY mark put above a reprinted receipt when the caller gave no copy rendering.
 *
 * Same words as drivers/printer/templates/common.ts (storeHeader's copy line), so a reprint
 * looks the same whichever way it was made. '重打印' is in GBK's two-byte range, so the bytes
 * are identical for GB18030 and GBK printers.
 */
import iconv from 'iconv-lite';

export const COPY_MARK_TEXT = ' 重打印 COPY ';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

export function copyMarkBytes(): Uint8Array {
  return Uint8Array.from([
    ESC, 0x40, // ESC @ initialise, so no style from a half-printed job leaks into the mark
    FS, 0x26, // FS & Kanji mode on (Chinese firmware is on already; Epson needs it)
    ESC, 0x61, 1, // centre
    ESC, 0x45, 1, // bold
    GS, 0x42, 1, // reverse (white on black), like the template's mark
    ...iconv.encode(COPY_MARK_TEXT, 'gb18030'),
    0x0a,
    GS, 0x42, 0,
    ESC, 0x45, 0,
    ESC, 0x61, 0,
  ]);
}

/** The receipt bytes with the copy mark before them. */
export function withCopyMark(bytes: Uint8Array): Uint8Array {
  const mark = copyMarkBytes();
  const out = new Uint8Array(mark.length + bytes.length);
  out.set(mark, 0);
  out.set(bytes, mark.length);
  return out;
}
