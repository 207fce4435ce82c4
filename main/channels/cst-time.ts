/**
 * China Standard Time helpers. Both vendors print times in Beijing time without an
 * offset (WeChat time_end "20240102150405", Alipay "2024-01-02 15:04:05"), and the
 * PBOC daily limits and T+1 statements cut days at 00:00 Beijing time. China has no DST,
 * so a fixed +08:00 offset is exact and avoids depending on the host's TZ setting.
 */

export const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface CstParts {
  y: string;
  mo: string;
  d: string;
  h: string;
  mi: string;
  s: string;
}

function parts(ms: number): CstParts {
  const iso = new Date(ms + CST_OFFSET_MS).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  return {
    y: iso.slice(0, 4),
    mo: iso.slice(5, 7),
    d: iso.slice(8, 10),
    h: iso.slice(11, 13),
    mi: iso.slice(14, 16),
    s: iso.slice(17, 19),
  };
}

/** "20240102150405" (WeChat time_end, time_start). */
export function cstCompact(ms: number): string {
  const p = parts(ms);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

/** "2024-01-02 15:04:05" (Alipay, WeChat bill rows). */
export function cstDashed(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** "2024年01月02日 15:04:05" (Alipay bill comment lines). */
export function cstChinese(ms: number): string {
  const p = parts(ms);
  return `${p.y}年${p.mo}月${p.d}日 ${p.h}:${p.mi}:${p.s}`;
}

/** "20240102": the business day (00:00 Beijing time) that contains ms. */
export function cstDay(ms: number): string {
  return cstCompact(ms).slice(0, 8);
}

/** Epoch ms of 00:00 Beijing time of a "yyyyMMdd" or "yyyy-MM-dd" day. */
export function cstDayStart(day: string): number {
  const digits = day.replaceAll('-', '');
  if (!/^\d{8}$/.test(digits)) throw new RangeError(`not a day (yyyyMMdd or yyyy-MM-dd): ${JSON.stringify(day)}`);
  const utc = Date.UTC(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)) - 1, Number(digits.slice(6, 8)));
  if (Number.isNaN(utc) || cstDay(utc - CST_OFFSET_MS) !== digits) throw new RangeError(`no such day: ${day}`);
  return utc - CST_OFFSET_MS;
}

export function cstDayEnd(day: string): number {
  return cstDayStart(day) + DAY_MS;
}

/** Parses "20240102150405" or "2024-01-02 15:04:05" as Beijing time; undefined if malformed. */
export function parseCstTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const digits = text.replace(/[-: ]/g, '');
  if (!/^\d{14}$/.test(digits)) return undefined;
  const utc = Date.UTC(
    Number(digits.slice(0, 4)),
    Number(digits.slice(4, 6)) - 1,
    Number(digits.slice(6, 8)),
    Number(digits.slice(8, 10)),
    Number(digits.slice(10, 12)),
    Number(digits.slice(12, 14)),
  );
  return Number.isNaN(utc) ? undefined : utc - CST_OFFSET_MS;
}
