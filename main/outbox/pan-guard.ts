/**
 * Defence in depth against card numbers in outbox payloads (DESIGN rule 7): the
 * drivers mask PANs at their boundary, and this refuses anything that still looks
 * like a full one before it is written to disk and forwarded to HQ.
 *
 * "Looks like a PAN" = a run of 13-19 digits (alone, or grouped by single spaces
 * or dashes as printed on a card) that starts with a card-scheme prefix and passes
 * the Luhn check. The prefix test is what keeps false alarms away from the
 * store's own numbers: order nos. are YYYYMMDD+lane+seq (start with "20"), epoch
 * milliseconds start with "1", neither of which any scheme issues under.
 */
import { maskPan } from '../../drivers/shared/card-data';

/**
 * PAN lengths in use: 15 (Amex, 34/37 only) and 16-19 (every scheme). 13- and 14-digit
 * PANs (old Visa, old Diners) are no longer issued, while EAN-13 and GTIN-14 barcodes
 * are in every sale: a false alarm there would refuse to record a real sale.
 */
const PAN_MIN_DIGITS = 15;
const PAN_MAX_DIGITS = 19;
const AMEX_15 = /^3[47]/;

/**
 * Issuer prefixes of the schemes a Chinese counter meets: Amex/JCB/Diners (3),
 * Visa (4), Mastercard (51-55, 2221-2720), UnionPay/Discover/Maestro (6),
 * UnionPay's 81 range.
 */
const SCHEME_PREFIX = /^(?:3|4|5[0-9]|6|81|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/;

/**
 * Digit runs, allowing single space/dash separators between groups, that stand alone: not
 * glued to a letter or digit, directly or across a dash. Without those edges the digits of a
 * random UUID ("a3550612-3456-4789-9abc-…") join into a 16-digit run that passes Luhn about
 * one time in ten, and a cash sale whose payment id happened to be such a UUID was refused
 * (the payments bench hit it). A number that is part of a word or a dashed identifier is an
 * identifier; a PAN in a payload stands between quotes, spaces or punctuation.
 */
const DIGIT_RUN = /(?<![0-9A-Za-z]-?)\d(?:[ -]?\d)*(?!-?[0-9A-Za-z])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The first thing in `text` that looks like a full PAN, masked for the error message; null if none. */
export function findPan(text: string): string | null {
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < PAN_MIN_DIGITS || digits.length > PAN_MAX_DIGITS) continue;
    if (!(digits.length === 15 ? AMEX_15 : SCHEME_PREFIX).test(digits)) continue;
    if (luhnValid(digits)) return maskPan(digits);
  }
  return null;
}
