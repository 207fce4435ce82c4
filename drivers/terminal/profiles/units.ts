/**
 * Amount units at the profile boundary: the only place vendor money becomes fen and back.
 * Vendors disagree (vendor-protocols.md §1 design note): Lakala/StarPOS yuan strings, Landi
 * yuan doubles, Sunmi/WangPOS fen longs, MIS-POS 12-digit minor units.
 */
import {
  assertFen,
  cents12ToFen,
  fenToCents12,
  fenToYuanDouble,
  fenToYuanString,
  yuanDoubleToFen,
  yuanStringToFen,
} from '../model';
import type { AmountUnit } from './profile-schema';
import type { VendorValue } from './vendor-message';

export function encodeAmount(fen: number, unit: AmountUnit): VendorValue {
  switch (unit) {
    case 'fen-int':
      return assertFen(fen);
    case 'fen-string':
      return String(assertFen(fen));
    case 'yuan-string':
      return fenToYuanString(fen);
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
    case 'fen-string': {
      const n = typeof value === 'number' ? value : /^\d+$/.test(String(value).trim()) ? Number(String(value).trim()) : Number.NaN;
      return assertFen(n, `amount (${unit}) ${JSON.stringify(value)}`);
    }
    case 'yuan-string':
      return yuanStringToFen(String(value));
    case 'yuan-double':
      if (typeof value === 'number') return yuanDoubleToFen(value);
      return yuanStringToFen(String(value));
    case 'cents-12digit':
      return cents12ToFen(String(value).trim());
  }
}
