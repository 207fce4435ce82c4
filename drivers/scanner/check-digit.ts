/**
 * GS1 check digits (GS1 General Specifications §7.9): the mod-10 digit of every GTIN,
 * EAN/UPC and SSCC, and the optional "price verifier" digit of 4/5-digit price or weight
 * fields in variable-measure codes (§7.9.3).
 */

const isDigits = (s: string) => /^\d+$/.test(s);

/** The mod-10 check digit for `body` (all digits but the check digit): weights 3,1,3… from the right. */
export function gs1CheckDigit(body: string): number {
  if (!isDigits(body)) throw new TypeError(`check digit needs digits only, got "${body}"`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Check a full code (body + check digit). Returns null when valid, else the expected digit. */
export function checkDigitMismatch(code: string): { found: number; expected: number } | null {
  const found = code.charCodeAt(code.length - 1) - 48;
  const expected = gs1CheckDigit(code.slice(0, -1));
  return found === expected ? null : { found, expected };
}

// §7.9.3 weighting tables, indexed by digit: the units digit of the weighted product.
/** "2-": multiply by 2, subtract the tens digit. */
const TWO_MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
/** "3": multiply by 3. */
const THREE = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
/** "5+": multiply by 5, add the tens digit. */
const FIVE_PLUS = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
/** "5-": multiply by 5, subtract the tens digit. */
const FIVE_MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

function weighted(tables: number[][], value: string): number {
  return tables.reduce((sum, table, i) => sum + (table[value.charCodeAt(i) - 48] ?? 0), 0);
}

/**
 * The GS1 price/weight verifier digit for a 4- or 5-digit field
 * (e.g. 2875 -> 9, 14685 -> 6, the GenSpecs examples).
 */
export function priceCheckDigit(value: string): number {
  if (!isDigits(value) || (value.length !== 4 && value.length !== 5)) {
    throw new TypeError(`price check digit needs a 4- or 5-digit field, got "${value}"`);
  }
  if (value.length === 4) return (weighted([TWO_MINUS, TWO_MINUS, THREE, FIVE_MINUS], value) * 3) % 10;
  const target = (10 - (weighted([FIVE_PLUS, TWO_MINUS, FIVE_MINUS, FIVE_PLUS, TWO_MINUS], value) % 10)) % 10;
  // The check digit is the digit whose "5-" product is the target.
  return FIVE_MINUS.indexOf(target);
}
