/** Display formats used on receipts. Amounts stay integer fen until this last step. */

/** 123456 -> "1234.56", -50 -> "-0.50". Throws on a non-integer, which is a caller bug. */
export function formatFen(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) throw new RangeError(`amountFen must be a safe integer, got ${amountFen}`);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${sign}${yuan}.${fen < 10 ? '0' : ''}${fen}`;
}

/** Quantity in thousandths: 30250 -> "30.25", 2000 -> "2", 1500 -> "1.5". */
export function formatQtyMilli(qtyMilli: number): string {
  if (!Number.isSafeInteger(qtyMilli)) throw new RangeError(`qtyMilli must be a safe integer, got ${qtyMilli}`);
  const sign = qtyMilli < 0 ? '-' : '';
  const abs = Math.abs(qtyMilli);
  const whole = Math.floor(abs / 1000);
  const frac = abs % 1000;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/**
 * "2026-11-22T14:03:05+08:00" -> "2026-11-22 14:03:05". The wall-clock time written in the
 * string is printed as is (no time-zone conversion), so a receipt does not depend on the
 * PC's zone and golden files stay stable. Anything unparseable is printed verbatim.
 */
export function formatReceiptTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

