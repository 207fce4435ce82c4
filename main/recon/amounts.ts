/**
 * Statement text -> integer fen, on the shared digit-by-digit parser (drivers/shared/money.ts),
 * with the bilingual AmountError a reconciliation report shows. Statements print yuan with 2
 * decimals, signed ("20.00", "-3000.00"); WeChat prints fees with 5 decimals ("0.06000").
 */
import { formatYuanDecimals, parseYuanDecimals } from '../../drivers/shared/money';
import { both } from './bilingual';

/** WeChat fee columns: yuan with up to 5 decimals, i.e. thousandths of a fen. */
const FEE_DECIMALS = 5;

export class AmountError extends Error {
  override name = 'AmountError';
}

/** "20.00" -> 2000, "-3000.00" -> -300000, " +5 " -> 500. Anything else throws AmountError. */
export function statementYuanToFen(text: string): number {
  return statementAmount(text, 2, (t) =>
    both(`金额格式不对（应为元，最多两位小数）：${t}`, `not a yuan amount with at most 2 decimals: ${t}`),
  );
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
  return statementAmount(text, FEE_DECIMALS, (t) =>
    both(`手续费格式不对（应为元，最多五位小数）：${t}`, `not a fee amount with at most 5 decimals: ${t}`),
  );
}

/** 6000 -> "0.06000": thousandths of a fen as WeChat prints a fee (the inverse of fee5ToMilliFen). */
export function milliFenToFee5(milli: number): string {
  return formatYuanDecimals(milli, FEE_DECIMALS);
}

/** A signed statement amount, trimmed; the shared parser's RangeError becomes a bilingual AmountError. */
function statementAmount(text: string, decimals: number, message: (quoted: string) => string): number {
  try {
    return parseYuanDecimals(text.trim(), decimals, { signed: true });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new AmountError(message(JSON.stringify(text)));
  }
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
