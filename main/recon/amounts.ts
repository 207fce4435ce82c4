/**
 * Yuan text on statements -> integer fen, digit by digit (no floating point, so no fen
 * is ever lost to 0.1 + 0.2). Statements print yuan with 2 decimals ("20.00", "-3000.00");
 * WeChat prints fees with 5 decimals ("0.06000"), which is handled separately.
 */
import { both } from './bilingual';

/** Sign, up to 13 integer digits (NUMBER(15,2)), up to 2 decimals. */
const YUAN_2 = /^([-+]?)(\d{1,13})(?:\.(\d{1,2}))?$/;
/** WeChat fee columns: up to 5 decimals. */
const YUAN_5 = /^([-+]?)(\d{1,13})(?:\.(\d{1,5}))?$/;

export class AmountError extends Error {
  override name = 'AmountError';
}

/** "20.00" -> 2000, "-3000.00" -> -300000, "5" -> 500. Anything else throws AmountError. */
export function yuanToFen(text: string): number {
  const m = YUAN_2.exec(text.trim());
  if (!m) throw new AmountError(both(`金额格式不对（应为元，最多两位小数）：${JSON.stringify(text)}`, `not a yuan amount with at most 2 decimals: ${JSON.stringify(text)}`));
  const [, sign, whole = '0', frac = ''] = m;
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new AmountError(both(`金额过大：${JSON.stringify(text)}`, `amount too large: ${JSON.stringify(text)}`));
  return sign === '-' ? 0 - fen : fen; // 0 - 0 is +0, never -0
}

/**
 * "0.06000" -> 6. WeChat prints fees with 5 decimals but settles them to the fen, so the
 * last 3 decimals are normally 000; when they are not, the fee is rounded half away from
 * zero to the fen (integer arithmetic on thousandths of a fen), as WeChat's settlement does.
 */
export function fee5ToFen(text: string): number {
  return milliFenToFen(fee5ToMilliFen(text));
}

/** "0.06000" -> 6000: thousandths of a fen, exact (for comparing WeChat's summary fee). */
export function fee5ToMilliFen(text: string): number {
  const m = YUAN_5.exec(text.trim());
  if (!m) throw new AmountError(both(`手续费格式不对（应为元，最多五位小数）：${JSON.stringify(text)}`, `not a fee amount with at most 5 decimals: ${JSON.stringify(text)}`));
  const [, sign, whole = '0', frac = ''] = m;
  const milli = Number(whole) * 100_000 + Number(frac.padEnd(5, '0'));
  if (!Number.isSafeInteger(milli)) throw new AmountError(both(`金额过大：${JSON.stringify(text)}`, `amount too large: ${JSON.stringify(text)}`));
  return sign === '-' ? 0 - milli : milli;
}

/** 6000 -> "0.06000": thousandths of a fen as WeChat prints a fee (the inverse of fee5ToMilliFen). */
export function milliFenToFee5(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  return `${sign}${Math.floor(abs / 100_000)}.${String(abs % 100_000).padStart(5, '0')}`;
}

/** Half away from zero, in integers. */
export function milliFenToFen(milli: number): number {
  const fen = Math.floor((Math.abs(milli) + 500) / 1000);
  return milli < 0 ? 0 - fen : fen;
}

/** Statement counts: "19" or WeChat's float form "45.0". */
export function parseCount(text: string): number {
  const m = /^(\d{1,9})(?:\.0+)?$/.exec(text.trim());
  if (!m) throw new AmountError(both(`笔数格式不对：${JSON.stringify(text)}`, `not a count: ${JSON.stringify(text)}`));
  return Number(m[1]);
}

/** 1234 -> "12.34", -5 -> "-0.05" (reports and CSV). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${String(fen)}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
