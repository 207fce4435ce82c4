/**
 * Money: integer fen (1/100 yuan), in this one module (DESIGN rules 5 and 8). Browser-safe (no
 * Node imports): the drivers, the core and the renderer all import it.
 *
 * Two kinds of amount, told apart by name wherever an amount is checked:
 * - `SignedFen`: any safe integer of fen. Totals, differences, balances, a report's net and a
 *   statement column that prints refunds negative.
 * - `UnsignedFen`: a non-negative safe integer of fen. What a terminal or a channel is asked to
 *   move (a sale, a refund's amount) and what it answers, a price, an amount typed in.
 * At run time both are plain numbers; the type aliases say which one a field holds, and the zod
 * schemas of the same names check it at a boundary.
 *
 * Yuan text is parsed and printed digit by digit, so no floating-point step can lose a fen. A
 * sign is accepted only when the caller asks for it (`{ signed: true }`). Vendor units are
 * adapters on top of these, in the vendor's module: yuan doubles and 12-digit minor units in
 * drivers/terminal/profiles/units.ts, WeChat 5-decimal fees and statement text (bilingual
 * errors) in main/recon/amounts.ts. Alipay's yuan strings are fenToYuan / yuanToFen, and
 * WeChat's fen strings fenDigitsToFen, as they are.
 */
import { z } from 'zod';

/** Any safe integer of fen (zod's int() is safe-integer bounded). */
export const SignedFen = z.number().int('amount must be whole fen (a safe integer)');
export type SignedFen = number;
/** A non-negative safe integer of fen. */
export const UnsignedFen = SignedFen.nonnegative('amount must not be negative');
export type UnsignedFen = number;

/** Throws a RangeError naming the field unless `value` is a safe integer of fen. */
export function assertSignedFen(value: unknown, what = 'amountFen'): SignedFen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer of fen, got ${String(value)}`);
  }
  return value;
}

/** Throws a RangeError naming the field unless `value` is a non-negative safe integer of fen. */
export function assertUnsignedFen(value: unknown, what = 'amountFen'): UnsignedFen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer of fen, got ${String(value)}`);
  }
  return value;
}

export interface YuanTextOptions {
  /** Accept a leading "-" or "+" (statements, reports). Off by default: an amount asked for has no sign. */
  signed?: boolean;
}

/** Decimals of a yuan amount in fen. */
const FEN_DECIMALS = 2;

/**
 * Yuan text with up to `decimals` decimals -> an integer count of 10^-decimals yuan, digit by
 * digit: ("12.3", 2) -> 1230, ("0.06000", 5) -> 6000. No spaces, exponents, thousands
 * separators or bare dots; a sign only with `signed`; "-0.00" is 0, never -0. RangeError naming
 * the text otherwise, or when the result is not a safe integer.
 */
export function parseYuanDecimals(text: string, decimals: number, options: YuanTextOptions = {}): number {
  const m = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(text);
  const [, sign = '', whole = '', frac = ''] = m ?? [];
  if (!m || frac.length > decimals || (sign !== '' && !options.signed)) {
    const what = options.signed ? 'a yuan amount' : 'an unsigned yuan amount';
    throw new RangeError(`not ${what} with at most ${decimals} decimals: ${JSON.stringify(text)}`);
  }
  // Digits are joined as text, then read once: 12.3 is "1230", never 12.3 * 100.
  const units = Number(`${whole}${frac.padEnd(decimals, '0')}`);
  if (!Number.isSafeInteger(units)) throw new RangeError(`yuan amount ${JSON.stringify(text)} is not a safe integer of its unit`);
  return sign === '-' ? 0 - units : units;
}

/** 1230 (10^-2 yuan) -> "12.30"; (6000, 5) -> "0.06000"; -5 -> "-0.05". The inverse of parseYuanDecimals. */
export function formatYuanDecimals(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units)) throw new RangeError(`amount must be a safe integer of its unit, got ${String(units)}`);
  const digits = String(Math.abs(units)).padStart(decimals + 1, '0');
  const cut = digits.length - decimals;
  return `${units < 0 ? '-' : ''}${digits.slice(0, cut)}${decimals > 0 ? `.${digits.slice(cut)}` : ''}`;
}

/** "12.3" -> 1230, "12" -> 1200; "-0.29" -> -29 only with `{ signed: true }`. Anything else throws a RangeError. */
export function yuanToFen(text: string, options: YuanTextOptions = {}): number {
  return parseYuanDecimals(text, FEN_DECIMALS, options);
}

/** 1234 -> "12.34", 7 -> "0.07", -5 -> "-0.05": yuan with two decimals (receipts, screens, vendors, reports). */
export function fenToYuan(fen: SignedFen): string {
  return formatYuanDecimals(assertSignedFen(fen), FEN_DECIMALS);
}

/** Fen as an integer in digits; 15 digits stay below Number.MAX_SAFE_INTEGER. */
const FEN_DIGITS = /^\d{1,15}$/;

/**
 * Fen written as decimal digits ("1230": WeChat's total_fee / refund_fee, Sunmi and WangPOS
 * fen strings) -> 1230. No sign, decimals or spaces; RangeError naming the text otherwise.
 */
export function fenDigitsToFen(text: string): UnsignedFen {
  if (!FEN_DIGITS.test(text)) throw new RangeError(`not an integer fen amount: ${JSON.stringify(text)}`);
  return Number(text);
}

/** Whole yuan digits an amount field takes (under 10 亿 yuan). */
const ENTRY_MAX_WHOLE_DIGITS = 9;

/**
 * What a cashier types: "12.5" / "12" / " 12.34 " / "12." -> fen; null when the text is not an
 * amount (a sign, three decimals, more than 9 whole digits, letters).
 */
export function parseYuan(text: string): UnsignedFen | null {
  const trimmed = text.trim();
  const typed = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if ((/^\d*/.exec(typed)?.[0].length ?? 0) > ENTRY_MAX_WHOLE_DIGITS) return null;
  try {
    return yuanToFen(typed);
  } catch {
    return null;
  }
}

/** Thousandths in one unit of quantity (qtyMilli: 30250 = 30.25 L). */
const MILLI = 1000;

/** Quantity in thousandths: 30250 -> "30.25", 2000 -> "2", 1500 -> "1.5", -500 -> "-0.5". */
export function formatQty(qtyMilli: number): string {
  if (!Number.isSafeInteger(qtyMilli)) throw new RangeError(`qtyMilli must be a safe integer, got ${qtyMilli}`);
  const sign = qtyMilli < 0 ? '-' : '';
  const abs = Math.abs(qtyMilli);
  const whole = Math.floor(abs / MILLI);
  const frac = abs % MILLI;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** unitPrice × quantity (thousandths), rounded half-up to the fen (fuel: 7.35/L × 30.25 L). */
export function lineAmountFen(unitPriceFen: number, qtyMilli: number): number {
  const fen = Math.floor((unitPriceFen * qtyMilli + MILLI / 2) / MILLI);
  if (!Number.isSafeInteger(fen)) throw new RangeError(`line amount is not a whole number of fen: ${fen}`);
  return fen;
}
