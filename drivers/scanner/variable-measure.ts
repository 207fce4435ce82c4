/**
 * In-store variable-measure codes (店内码 / 称重码) printed by barcode scales. GS1 leaves
 * prefixes 20-29 to each country and store; Chinese scale software (大华 TM, 顶尖 LS2CX /
 * TOP2000) lets the shop pick the layout, so layouts are data, written as the scale manuals
 * write them (bills-displays.md §4):
 *
 *   F 前导码 (prefix)  W 商品代码 (PLU)  E 金额 (price)  N 重量 (weight)  Q 数量 (count)
 *   V price-verifier digit over the E or N field (GS1 §7.9.3)   C the code's mod-10 check
 *
 * e.g. `FFWWWWWEEEEEC` (13 digits, price) or `FFWWWWWEEEEENNNNNC` (18 digits).
 */
import { checkDigitMismatch, priceCheckDigit } from './check-digit';

export interface VariableMeasureLayout {
  /** Name shown in settings and in scan results. */
  name: string;
  /** Leading digits that select this layout, e.g. ["20","21",…] or ["28"]. */
  prefixes: string[];
  /** Pattern of F/W/E/N/Q/V/C letters, one per digit. */
  pattern: string;
  /** Decimal places of E in yuan: 2 means the field is fen already. */
  priceDecimals: number;
  /** Decimal places of N in kg: 3 means the field is grams. */
  weightDecimals: number;
}

export interface VariableMeasure {
  layout: string;
  /** The PLU / item code as printed (leading zeros kept). */
  plu: string;
  priceFen?: number;
  weightGrams?: number;
  quantity?: number;
}

export type VariableMeasureResult = { ok: true; value: VariableMeasure } | { ok: false; reason: string } | null;

const ALL_2X = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'];

/** Named layouts from the scale software of bills-displays.md §4, to assign to prefixes. */
export const SCALE_LAYOUTS = {
  /** 大华 TM / 顶尖 LS2CX `DDIIIIIPPPPPC`: total price in fen. */
  price13: { name: 'FFWWWWWEEEEEC', prefixes: ALL_2X, pattern: 'FFWWWWWEEEEEC', priceDecimals: 2, weightDecimals: 3 },
  /** 大华 TM 13-digit weight, grams. */
  weight13: { name: 'FFWWWWWNNNNNC', prefixes: ALL_2X, pattern: 'FFWWWWWNNNNNC', priceDecimals: 2, weightDecimals: 3 },
  /** 大华 TM 18-digit price then weight; also the 昂捷 `26XXXXXMMMMMWWWWWC` ERP convention. */
  priceWeight18: { name: 'FFWWWWWEEEEENNNNNC', prefixes: ALL_2X, pattern: 'FFWWWWWEEEEENNNNNC', priceDecimals: 2, weightDecimals: 3 },
  /** 大华 TM 18-digit weight then price. */
  weightPrice18: { name: 'FFWWWWWNNNNNEEEEEC', prefixes: ALL_2X, pattern: 'FFWWWWWNNNNNEEEEEC', priceDecimals: 2, weightDecimals: 3 },
  /** GS1-style 4-digit PLU with a price verifier digit (common in Europe). */
  priceVerified13: { name: 'FFWWWWVEEEEEC', prefixes: ALL_2X, pattern: 'FFWWWWVEEEEEC', priceDecimals: 2, weightDecimals: 3 },
} as const satisfies Record<string, VariableMeasureLayout>;

/**
 * Default: every 2x prefix carries a 13-digit price label (the usual Chinese setup: the
 * scale prints the total). A shop whose scale prints weight labels assigns `weight13` to
 * the prefix set on the scale. 18-digit layouts are opt-in: with prefixes 25-29 they collide
 * with Alipay payment codes (`^(2[5-9]|30)\d{14,22}$`), which a default must not risk.
 */
export const DEFAULT_VARIABLE_MEASURE_LAYOUTS: readonly VariableMeasureLayout[] = [SCALE_LAYOUTS.price13];

export function validateLayout(l: VariableMeasureLayout): void {
  if (!/^F+[FWENQVC]*C$/.test(l.pattern)) throw new TypeError(`layout "${l.name}": pattern must start with F and end with C, got "${l.pattern}"`);
  if (!l.pattern.includes('W')) throw new TypeError(`layout "${l.name}": pattern has no W (item code) field`);
  const fLen = l.pattern.match(/^F+/)?.[0].length ?? 0;
  for (const p of l.prefixes) {
    if (!/^\d+$/.test(p) || p.length > fLen) throw new TypeError(`layout "${l.name}": prefix "${p}" must be at most ${fLen} digits`);
  }
  if (l.pattern.includes('V') && !/V(E{4,5}|N{4,5})C?/.test(l.pattern)) {
    throw new TypeError(`layout "${l.name}": V must precede a 4- or 5-digit E or N field`);
  }
}

/** Letters of `pattern` grouped into runs: "FFWWE" -> [["F",0,2],["W",2,2],["E",4,1]]. */
function runs(pattern: string): Array<{ letter: string; start: number; length: number }> {
  const out: Array<{ letter: string; start: number; length: number }> = [];
  for (let i = 0; i < pattern.length; i++) {
    const last = out.at(-1);
    if (last !== undefined && last.letter === pattern[i]) last.length++;
    else out.push({ letter: pattern.charAt(i), start: i, length: 1 });
  }
  return out;
}

/**
 * Decode `code` (digits only) with the first layout whose length and prefix match.
 * Returns null when no layout applies, or a reason when one applies and the code is bad.
 */
export function decodeVariableMeasure(code: string, layouts: readonly VariableMeasureLayout[]): VariableMeasureResult {
  const layout = layouts.find((l) => l.pattern.length === code.length && l.prefixes.some((p) => code.startsWith(p)));
  if (layout === undefined) return null;
  const bad = checkDigitMismatch(code);
  if (bad !== null) return { ok: false, reason: `${layout.name} check digit is ${bad.found}, expected ${bad.expected}` };
  const value: VariableMeasure = { layout: layout.name, plu: '' };
  const parts = runs(layout.pattern);
  for (const [i, r] of parts.entries()) {
    const field = code.slice(r.start, r.start + r.length);
    if (r.letter === 'W') value.plu += field;
    else if (r.letter === 'E') value.priceFen = Number(field) * 10 ** (2 - layout.priceDecimals);
    else if (r.letter === 'N') value.weightGrams = Number(field) * 10 ** (3 - layout.weightDecimals);
    else if (r.letter === 'Q') value.quantity = Number(field);
    else if (r.letter === 'V') {
      const next = parts[i + 1];
      const covered = next === undefined ? '' : code.slice(next.start, next.start + next.length);
      const expected = priceCheckDigit(covered);
      if (Number(field) !== expected) return { ok: false, reason: `${layout.name} price check digit is ${field}, expected ${expected}` };
    }
  }
  if (value.priceFen !== undefined && !Number.isSafeInteger(value.priceFen)) {
    return { ok: false, reason: `${layout.name}: priceDecimals ${layout.priceDecimals} gives a sub-fen price` };
  }
  return { ok: true, value };
}
