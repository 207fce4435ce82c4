/**
 * Store time: Beijing time (UTC+8), in this one module (DESIGN rule 8). Terminals print it,
 * WeChat and Alipay speak it without an offset (time_end "20240102150405", "2024-01-02
 * 15:04:05"), PBOC daily limits, T+1 statements and terminal batches cut days at 00:00 of it.
 * China has one zone and no DST, so a fixed offset is exact and nothing here depends on the
 * PC's TZ setting. Browser-safe (no Node imports).
 *
 * Instants are epoch milliseconds or Dates; days are "YYYY-MM-DD" unless a name says otherwise.
 * A function that takes `offsetMinutes` lets a caller model a terminal elsewhere (the simulator's
 * option); everything else uses the store's.
 */

/** Minutes east of UTC of the store's wall clock and business day: Beijing, UTC+8. */
export const STORE_UTC_OFFSET_MINUTES = 8 * 60;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The store's wall clock at an instant, as two-digit (four for the year) text fields. */
export interface StoreClock {
  y: string;
  mo: string;
  d: string;
  h: string;
  mi: string;
  s: string;
}

function ms(at: number | Date): number {
  return typeof at === 'number' ? at : at.getTime();
}

/** The wall clock at UTC+offset of an instant. Throws a RangeError on an invalid instant. */
export function storeClock(at: number | Date, offsetMinutes = STORE_UTC_OFFSET_MINUTES): StoreClock {
  const iso = new Date(ms(at) + offsetMinutes * MINUTE_MS).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  return { y: iso.slice(0, 4), mo: iso.slice(5, 7), d: iso.slice(8, 10), h: iso.slice(11, 13), mi: iso.slice(14, 16), s: iso.slice(17, 19) };
}

/** The business day of an instant: "2024-01-02" (the day cut is 00:00 store time). */
export function storeDay(at: number | Date, offsetMinutes = STORE_UTC_OFFSET_MINUTES): string {
  const c = storeClock(at, offsetMinutes);
  return `${c.y}-${c.mo}-${c.d}`;
}

/** The business day as "20240102" (WeChat bill dates, trade-number prefixes). */
export function storeDayCompact(at: number | Date): string {
  const c = storeClock(at);
  return `${c.y}${c.mo}${c.d}`;
}

/** "MMDD" of the business day (a terminal's transaction date; what a void or refund quotes). */
export function storeMmdd(at: number | Date, offsetMinutes = STORE_UTC_OFFSET_MINUTES): string {
  const c = storeClock(at, offsetMinutes);
  return `${c.mo}${c.d}`;
}

/** "20240102150405" (terminal timestamps, WeChat time_end / time_start). */
export function storeStamp(at: number | Date): string {
  const c = storeClock(at);
  return `${c.y}${c.mo}${c.d}${c.h}${c.mi}${c.s}`;
}

/** "2024-01-02 15:04:05" (Alipay, bill rows, reconciliation's wall clock). */
export function storeDateTime(at: number | Date, offsetMinutes = STORE_UTC_OFFSET_MINUTES): string {
  const c = storeClock(at, offsetMinutes);
  return `${c.y}-${c.mo}-${c.d} ${c.h}:${c.mi}:${c.s}`;
}

/** "2024年01月02日 15:04:05" (Alipay bill comment lines). */
export function storeDateTimeZh(at: number | Date): string {
  const c = storeClock(at);
  return `${c.y}年${c.mo}月${c.d}日 ${c.h}:${c.mi}:${c.s}`;
}

/**
 * "20240102150405" or "2024-01-02 15:04:05" read as store time -> epoch ms; undefined when it is
 * malformed or names no real time (Feb 30, hour 24).
 */
export function parseStoreTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const digits = text.replace(/[-: ]/g, '');
  if (!/^\d{14}$/.test(digits)) return undefined;
  const n = (from: number, length = 2) => Number(digits.slice(from, from + length));
  const at = Date.UTC(n(0, 4), n(4) - 1, n(6), n(8), n(10), n(12)) - STORE_UTC_OFFSET_MINUTES * MINUTE_MS;
  return Number.isNaN(at) || storeStamp(at) !== digits ? undefined : at;
}

/** Epoch ms of 00:00 store time of a "yyyy-MM-dd" or "yyyyMMdd" day: the day cut. RangeError for anything else. */
export function storeDayStart(day: string): number {
  const digits = day.replaceAll('-', '');
  if (!/^\d{8}$/.test(digits)) throw new RangeError(`not a day (yyyyMMdd or yyyy-MM-dd): ${JSON.stringify(day)}`);
  const start = parseStoreTime(`${digits}000000`);
  if (start === undefined) throw new RangeError(`no such day: ${day}`);
  return start;
}

/** Epoch ms of 00:00 store time of the next day (exclusive end of `day`). */
export function storeDayEnd(day: string): number {
  return storeDayStart(day) + DAY_MS;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A journal or statement time -> the store's wall clock "YYYY-MM-DD HH:mm:ss":
 * "2024-01-02T02:03:04Z" -> "2024-01-02 10:03:04". A time with no zone is taken as already
 * being wall-clock. Undefined for anything unparseable.
 */
export function wallClock(time: string, offsetMinutes = STORE_UTC_OFFSET_MINUTES): string | undefined {
  const m = ISO.exec(time.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', zone] = m;
  if (zone === undefined) return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
  const at = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(at) ? undefined : storeDateTime(at, offsetMinutes);
}

/** "YYYY-MM-DD": the business day of a journal or statement time (see wallClock). */
export function dayOf(time: string, offsetMinutes = STORE_UTC_OFFSET_MINUTES): string | undefined {
  return wallClock(time, offsetMinutes)?.slice(0, 10);
}

/** 0..23: the store-time hour of a journal or statement time (see wallClock). */
export function hourOf(time: string, offsetMinutes = STORE_UTC_OFFSET_MINUTES): number | undefined {
  const w = wallClock(time, offsetMinutes);
  return w === undefined ? undefined : Number(w.slice(11, 13));
}
