/**
 * Amount units at the profile boundary: the vendors' money units as adapters on the shared fen
 * module (drivers/shared/money.ts). Vendors disagree (vendor-protocols.md §1 design note):
 * Lakala/StarPOS yuan strings, Landi yuan doubles, Sunmi/WangPOS fen longs, MIS-POS 12-digit
 * minor units. Every amount a terminal is asked for or answers is unsigned.
 */
import { assertUnsignedFen, fenDigitsToFen, fenToYuan, yuanToFen } from '../../shared/money';
import type { AmountUnit } from './profile-schema';
import type { VendorValue } from './vendor-message';

/** Relative tolerance for yuan doubles: far above float error, far below a real 0.001 yuan. */
const YUAN_DOUBLE_TOLERANCE_FEN = 1e-6;

/**
 * A yuan double (Landi's `amount`) -> fen. 0.1 + 0.2 style noise is removed by rounding to
 * the nearest fen; anything further than 1e-6 fen from a whole fen is a real third decimal
 * and is rejected rather than silently rounded.
 */
export function yuanDoubleToFen(yuan: number): number {
  if (!Number.isFinite(yuan) || yuan < 0) throw new RangeError(`not a yuan amount: ${yuan}`);
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > YUAN_DOUBLE_TOLERANCE_FEN * Math.max(1, fen)) {
    throw new RangeError(`yuan amount has more than 2 decimals: ${yuan}`);
  }
  return assertUnsignedFen(fen, `yuan ${yuan}`);
}

/** 1234 -> 12.34 (the nearest double; exact enough to round-trip through yuanDoubleToFen). */
export function fenToYuanDouble(fen: number): number {
  return Number(fenToYuan(assertUnsignedFen(fen)));
}

const CENTS_12_DIGITS = 12;

/** 12-digit zero-padded minor units (MIS-POS DF03 `%012s`, Verifone): "000000001234" -> 1234. */
export function cents12ToFen(text: string): number {
  if (!/^\d{1,12}$/.test(text)) throw new RangeError(`not a 12-digit amount: "${text}"`);
  return assertUnsignedFen(Number(text), `amount "${text}"`);
}

/** 1234 -> "000000001234". */
export function fenToCents12(fen: number): string {
  const s = String(assertUnsignedFen(fen));
  if (s.length > CENTS_12_DIGITS) throw new RangeError(`amount ${fen} does not fit 12 digits`);
  return s.padStart(CENTS_12_DIGITS, '0');
}

export function encodeAmount(fen: number, unit: AmountUnit): VendorValue {
  switch (unit) {
    case 'fen-int':
      return assertUnsignedFen(fen);
    case 'fen-string':
      return String(assertUnsignedFen(fen));
    case 'yuan-string':
      return fenToYuan(assertUnsignedFen(fen));
    case 'yuan-double':
      return fenToYuanDouble(fen);
    case 'cents-12digit':
      return fenToCents12(fen);
  }
}

/** Throws a RangeError naming the unit when the vendor value is not an amount in it. */
export function decodeAmount(value: VendorValue | undefined, unit: AmountUnit): number {
  if (value === undefined || value === null || value === '') return 0;
  switch (unit) {
    case 'fen-int':
    case 'fen-string':
      return typeof value === 'number' ? assertUnsignedFen(value, `amount (${unit}) ${value}`) : fenDigitsToFen(String(value).trim());
    case 'yuan-string':
      return yuanToFen(String(value).trim());
    case 'yuan-double':
      if (typeof value === 'number') return yuanDoubleToFen(value);
      return yuanToFen(String(value).trim());
    case 'cents-12digit':
      return cents12ToFen(String(value).trim());
  }
}
