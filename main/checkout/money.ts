/** Integer-fen arithmetic. Every amount in the core goes through these. */

export function assertFen(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of fen, got ${value}`);
  return value;
}

export { formatYuan, lineAmountFen } from '../../preload/money';
