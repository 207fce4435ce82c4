/**
 * Local journal times are ISO 8601; statement times are Beijing wall-clock without a zone.
 * Both are brought to the store's wall clock ("YYYY-MM-DD HH:mm:ss") before days and
 * hours are compared. China has one zone and no DST, so a fixed offset is exact; the
 * default is +08:00 so a result never depends on the PC's TZ setting.
 */

/** Minutes east of UTC of the store's business day (Beijing). */
export const DEFAULT_UTC_OFFSET_MINUTES = 8 * 60;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * "2024-01-02T02:03:04Z" -> "2024-01-02 10:03:04" at +08:00. A time with no zone is taken
 * as already being wall-clock. Returns undefined for anything unparseable.
 */
export function wallClock(iso: string, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string | undefined {
  const m = ISO.exec(iso.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', zone] = m;
  if (zone === undefined) return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  if (Number.isNaN(ms)) return undefined;
  const local = new Date(ms + utcOffsetMinutes * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

/** "YYYY-MM-DD" of a wall-clock or ISO time. */
export function dayOf(time: string, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string | undefined {
  return wallClock(time, utcOffsetMinutes)?.slice(0, 10);
}

/** 0..23 of a wall-clock or ISO time. */
export function hourOf(time: string, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): number | undefined {
  const w = wallClock(time, utcOffsetMinutes);
  return w === undefined ? undefined : Number(w.slice(11, 13));
}
