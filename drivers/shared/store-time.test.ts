import { describe, expect, it } from 'vitest';
import {
  dayOf,
  hourOf,
  parseStoreTime,
  storeDateTime,
  storeDateTimeZh,
  storeDay,
  storeDayCompact,
  storeDayEnd,
  storeDayStart,
  storeMmdd,
  storeStamp,
  wallClock,
} from './store-time';

describe('store time (Beijing, UTC+8)', () => {
  const ms = Date.UTC(2024, 0, 1, 16, 30, 5); // 2024-01-02 00:30:05 CST
  it('formats in UTC+8 whatever the host zone', () => {
    expect(storeStamp(ms)).toBe('20240102003005');
    expect(storeDateTime(ms)).toBe('2024-01-02 00:30:05');
    expect(storeDateTimeZh(ms)).toBe('2024年01月02日 00:30:05');
    expect(storeDayCompact(ms)).toBe('20240102');
    expect(storeDay(ms)).toBe('2024-01-02');
    expect(storeDay(new Date(ms - 31 * 60_000))).toBe('2024-01-01');
    expect(storeMmdd(ms)).toBe('0102');
    expect(storeDay(ms, 0)).toBe('2024-01-01');
  });

  it('cuts days at 00:00 Beijing time and parses both vendor formats back', () => {
    expect(storeDayStart('2024-01-02')).toBe(Date.UTC(2024, 0, 1, 16, 0, 0));
    expect(storeDayStart('20240102')).toBe(Date.UTC(2024, 0, 1, 16, 0, 0));
    expect(storeDayEnd('2024-01-02')).toBe(Date.UTC(2024, 0, 2, 16, 0, 0));
    expect(() => storeDayStart('20240230')).toThrow(/no such day/);
    expect(() => storeDayStart('2024-1-2')).toThrow(/not a day/);
    expect(parseStoreTime('20240102003005')).toBe(ms);
    expect(parseStoreTime('2024-01-02 00:30:05')).toBe(ms);
    expect(parseStoreTime('garbage')).toBeUndefined();
    expect(parseStoreTime('20240230120000')).toBeUndefined();
    expect(parseStoreTime('20240102240000')).toBeUndefined();
  });

  it('brings journal and statement times to the store wall clock', () => {
    expect(wallClock('2024-01-02T02:03:04Z')).toBe('2024-01-02 10:03:04');
    expect(wallClock('2024-01-02T23:59:00+08:00')).toBe('2024-01-02 23:59:00');
    expect(wallClock('2024-01-02 23:59:00')).toBe('2024-01-02 23:59:00');
    expect(wallClock('2024-01-02T16:00:00.000Z')).toBe('2024-01-03 00:00:00');
    expect(wallClock('yesterday')).toBeUndefined();
    expect(dayOf('2024-01-01T16:00:00Z')).toBe('2024-01-02');
    expect(hourOf('2024-01-01T16:30:00Z')).toBe(0);
  });
});
