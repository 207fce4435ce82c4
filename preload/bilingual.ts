/**
 * The house form of a text that reaches a cashier from the core: one string "中文 / English".
 * Shared by the core (which builds them) and the renderer (which shows one half), like
 * money.ts. A text is split at its first ' / ' only when the part before it holds Chinese:
 * an English-only message (a parser's, HQ's or a device's) may itself contain ' / ', and
 * the English half may name a Chinese file (…_业务明细.csv).
 */

const SEP = ' / ';
const HAN = /[\u4e00-\u9fff]/;

/**
 * "中文 / English". The split is at the first ' / ', so one inside the Chinese half (from a
 * file name or a cell value) is written as '／' there; the English half may hold any.
 */
export function both(zh: string, en: string): string {
  return `${zh.replaceAll(SEP, ' ／ ')}${SEP}${en}`;
}

function split(text: string): [string, string] | undefined {
  const at = text.indexOf(SEP);
  if (at < 0 || !HAN.test(text.slice(0, at))) return undefined;
  return [text.slice(0, at), text.slice(at + SEP.length)];
}

/** The Chinese half of "中文 / English"; any other text as it is. */
export function zhOf(text: string): string {
  return split(text)?.[0] ?? text;
}

/** The English half of "中文 / English"; any other text as it is. */
export function enOf(text: string): string {
  return split(text)?.[1] ?? text;
}

/** The half in the cashier's language. */
export function pickLang(text: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? zhOf(text) : enOf(text);
}
