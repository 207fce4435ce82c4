/** Time as receipts print it. Amounts and quantities are printed by drivers/shared/money.ts. */

/**
 * "2026-11-22T14:03:05+08:00" -> "2026-11-22 14:03:05". The wall-clock time written in the
 * string is printed as is (no time-zone conversion), so a receipt does not depend on the
 * PC's zone and golden files stay stable. Anything unparseable is printed verbatim.
 */
export function formatReceiptTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

