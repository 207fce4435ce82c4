/**
 * The contract's shared vocabulary: money, quantities, ids and the patterns more than one
 * domain uses, each named once here and imported by the domain files.
 *
 * Money is integer fen everywhere (`Fen`). Quantities are thousandths (`qtyMilli`) so that
 * litres of fuel and kilograms stay integers too.
 *
 * Every string a caller sends is bounded (.max first, so a huge value fails before a regex
 * runs over it); test/core/request-guard.test.ts walks every call's input to hold that.
 */
import { z } from 'zod';
import { SignedFen } from '../../drivers/shared/money';

/**
 * An amount of money in fen (1/100 yuan): the shared SignedFen (drivers/shared/money.ts). Safe
 * integers only, so no floats cross the contract; a call that takes no negative amount says so
 * with its own bound.
 */
export const Fen = SignedFen;
/** Quantity in thousandths of a unit (1000 = one item, 30250 = 30.25 litres). */
export const QtyMilli = z
  .number()
  .int()
  .min(1, 'quantity must be positive')
  .max(9_999_000, 'quantity is too large (max 9999)');

export const Id = z.string().min(1).max(64);
export const OrderNo = z.string().max(32).regex(/^\d{8,32}$/, 'an order number is 8 to 32 digits');
/** A member (stored-value) card number. */
export const MemberCardNo = z.string().max(20).regex(/^\d{8,20}$/, 'a member card number is 8 to 20 digits');
/** A member card PIN (the member card is ours, not a bank card: its PIN may reach the core). */
export const MemberPin = z.string().max(6).regex(/^\d{6}$/, 'a PIN is 6 digits');
/** An ISO 8583 field-39 style response code ('00' approve, '51', '55', …). */
export const ResponseCode = z.string().max(2).regex(/^[0-9A-Z]{2}$/, 'a two-character field-39 code');
/** A business day. */
export const IsoDate = z.string().max(10).regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
/**
 * A text the core writes for the cashier in the house form "中文 / English"
 * (preload/bilingual.ts builds it; the renderer shows one half with pickLang). A text from
 * elsewhere (a parser, HQ, a device) may be English only and is shown as it is.
 */
export const BilingualText = z.string();

/** The input of a call that takes nothing. */
export const Empty = z.object({}).strict();

/** One entry of the calls table: its input schema (validated in main) and its output schema. */
export interface CallSpec {
  input: z.ZodType;
  output: z.ZodType;
}
