/**
 * Line breaking for the printer's character grid.
 *
 * Latin text breaks between words, so a card slip reads "…OF RELATIVE" / "GOODS/SERVICES"
 * rather than "…OF RELATIVE G" / "OODS/SERVICES". CJK has no spaces: every wide character is
 * a break opportunity of its own (2 columns each, see text-width.ts), except that closing
 * punctuation (，。、）…) never starts a line — it takes the character before it along, as
 * Chinese typesetting does. A word longer than a whole line is split after its last '/' or '-'
 * that fits, else at the line's edge. Spaces where a line breaks are dropped, so no line ends
 * in blanks and none but the first starts with them (the first keeps its indent).
 */
import { charWidth, displayWidth } from './text-width';

interface Token {
  text: string;
  width: number;
  /** 'word': a run of printable ASCII; 'wide': one full-width character. */
  kind: 'word' | 'wide';
}

/** Full-width punctuation that closes something and must not begin a line (禁则). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〉〕…·％']);

export function wrapToWidth(text: string, columns: number): string[] {
  if (columns <= 0) return [text];
  const out: string[] = [];
  for (const paragraph of text.split('\n')) out.push(...wrapParagraph(paragraph, columns));
  return out;
}

function wrapParagraph(text: string, columns: number): string[] {
  const indent = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line: Token[] = [];
  let width = 0;
  let gap = indent.length > columns ? '' : indent;
  const flush = () => {
    lines.push(line.map((t) => t.text).join('').replace(/ +$/, ''));
    line = [];
    width = 0;
    gap = '';
  };
  const put = (t: Token) => {
    if (gap !== '') line.push({ text: gap, width: gap.length, kind: 'word' });
    width += gap.length + t.width;
    gap = '';
    line.push(t);
  };
  for (const piece of split(text.slice(indent.length))) {
    if (piece.kind === 'space') {
      gap += piece.text;
      continue;
    }
    if (width + gap.length + piece.width <= columns) {
      put(piece);
      continue;
    }
    if (piece.kind === 'wide') {
      // Kinsoku: a closing mark goes down with the character it closes.
      const carried = NO_LINE_START.has(piece.text) && line.length > 1 && line.at(-1)?.kind === 'wide' ? line.pop() : undefined;
      if (carried) width -= carried.width;
      if (line.length > 0) flush();
      else gap = '';
      if (carried) put(carried);
      put(piece);
      continue;
    }
    if (line.length > 0) flush();
    else gap = ''; // an indent that leaves no room is dropped, not overflowed
    let word = piece.text;
    while (word.length > columns) {
      const cut = breakLongWord(word, columns);
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    put({ text: word, width: word.length, kind: 'word' });
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Where to split a word too long for a line: after its last '/' or '-' that fits, else at the edge. */
function breakLongWord(word: string, columns: number): number {
  const head = word.slice(0, columns);
  const at = Math.max(head.lastIndexOf('/'), head.lastIndexOf('-'));
  return at > 0 ? at + 1 : columns;
}

/** Words (printable ASCII runs), space runs, and one token per wide character. */
function split(text: string): Array<Token | { kind: 'space'; text: string; width: number }> {
  const pieces: Array<Token | { kind: 'space'; text: string; width: number }> = [];
  let run = '';
  let runKind: 'word' | 'space' | null = null;
  const end = () => {
    if (runKind) pieces.push({ kind: runKind, text: run, width: run.length });
    run = '';
    runKind = null;
  };
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (w === 2) {
      end();
      pieces.push({ kind: 'wide', text: ch, width: displayWidth(ch) });
      continue;
    }
    const kind = ch === ' ' ? 'space' : 'word';
    if (kind !== runKind) end();
    runKind = kind;
    run += ch;
  }
  end();
  return pieces;
}
