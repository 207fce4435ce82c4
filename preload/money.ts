/**
 * Money display and entry helpers shared by the core and the renderer. Amounts are
 * integer fen; these are the only conversions to and from yuan text in the app.
 */

/** 1234 -> "12.34"; -5 -> "-0.05". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.5" / "12" / "12.34" -> fen; null when the text is not a money amount. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 2000 -> "2"; 30250 -> "30.25". */
export function formatQty(qtyMilli: number): string {
  if (qtyMilli % 1000 === 0) return String(qtyMilli / 1000);
  return (qtyMilli / 1000).toFixed(3).replace(/0+$/, '');
}

/** unitPrice × quantity (thousandths), rounded half-up to the fen (fuel: 7.35/L × 30.25 L). */
export function lineAmountFen(unitPriceFen: number, qtyMilli: number): number {
  const fen = Math.floor((unitPriceFen * qtyMilli + 500) / 1000);
  if (!Number.isSafeInteger(fen)) throw new RangeError(`line amount is not a whole number of fen: ${fen}`);
  return fen;
}
