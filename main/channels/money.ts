/**
 * Fen <-> vendor units. Alipay speaks yuan strings with two decimals ("12.30"); WeChat
 * speaks integer fen. Conversions happen here, at the channel boundary, and nowhere else.
 * No floating point is involved: yuan strings are parsed and printed digit by digit.
 */

const YUAN_PATTERN = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

export function assertFen(amountFen: number, what = 'amountFen'): number {
  if (!Number.isSafeInteger(amountFen)) {
    throw new RangeError(`${what} must be a safe integer number of fen, got ${String(amountFen)}`);
  }
  return amountFen;
}

/** 1230 -> "12.30", -5 -> "-0.05". */
export function fenToYuan(amountFen: number): string {
  assertFen(amountFen);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${sign}${yuan}.${fen.toString().padStart(2, '0')}`;
}

/** "12.3" -> 1230, "12" -> 1200; anything else (3 decimals, exponent, spaces) throws. */
export function yuanToFen(yuan: string): number {
  const m = YUAN_PATTERN.exec(yuan);
  if (!m) throw new RangeError(`not a yuan amount with at most 2 decimals: ${JSON.stringify(yuan)}`);
  const [, sign, whole = '0', frac = ''] = m;
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return assertFen(sign === '-' ? -fen : fen);
}

/** Strict parse of WeChat's integer-fen strings ("1230"). */
export function parseFenString(fen: string): number {
  if (!/^-?\d{1,15}$/.test(fen)) throw new RangeError(`not an integer fen amount: ${JSON.stringify(fen)}`);
  return assertFen(Number(fen));
}
