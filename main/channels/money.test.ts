import { describe, expect, it } from 'vitest';
import { channelForAuthCode } from './auth-code';
import { cstChinese, cstCompact, cstDashed, cstDay, cstDayStart, parseCstTime } from './cst-time';
import { assertFen, fenToYuan, parseFenString, yuanToFen } from './money';

describe('fen <-> yuan at the boundary', () => {
  it('prints yuan with two decimals', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(1230)).toBe('12.30');
    expect(fenToYuan(-300000)).toBe('-3000.00');
    expect(fenToYuan(10_000_000_000)).toBe('100000000.00');
  });

  it('parses yuan strings digit by digit (no float error)', () => {
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('-0.29')).toBe(-29);
    expect(yuanToFen('1.15')).toBe(115);
  });

  it('refuses anything that is not a 2-decimal amount', () => {
    for (const bad of ['1.234', '1e3', ' 1.00', '', '.5', '1,00', 'NaN']) expect(() => yuanToFen(bad)).toThrow(RangeError);
    expect(() => parseFenString('12.5')).toThrow(RangeError);
    expect(parseFenString('1200')).toBe(1200);
    expect(() => assertFen(1.5)).toThrow(/safe integer/);
  });
});

describe('Beijing time', () => {
  const ms = Date.UTC(2024, 0, 1, 16, 30, 5); // 2024-01-02 00:30:05 CST
  it('formats in UTC+8 whatever the host zone', () => {
    expect(cstCompact(ms)).toBe('20240102003005');
    expect(cstDashed(ms)).toBe('2024-01-02 00:30:05');
    expect(cstChinese(ms)).toBe('2024年01月02日 00:30:05');
    expect(cstDay(ms)).toBe('20240102');
  });

  it('cuts days at 00:00 Beijing time and parses both vendor formats back', () => {
    expect(cstDayStart('2024-01-02')).toBe(Date.UTC(2024, 0, 1, 16, 0, 0));
    expect(cstDayStart('20240102')).toBe(Date.UTC(2024, 0, 1, 16, 0, 0));
    expect(() => cstDayStart('20240230')).toThrow(/no such day/);
    expect(parseCstTime('20240102003005')).toBe(ms);
    expect(parseCstTime('2024-01-02 00:30:05')).toBe(ms);
    expect(parseCstTime('garbage')).toBeUndefined();
  });
});

describe('payment-code routing', () => {
  it('routes by the published prefixes and refuses the rest', () => {
    expect(channelForAuthCode('134567890123456789')).toBe('wechat');
    expect(channelForAuthCode('28763443825664394')).toBe('alipay');
    expect(channelForAuthCode('6212345678901234567')).toBe('unionpay');
    expect(channelForAuthCode('164567890123456789')).toBeUndefined();
    expect(channelForAuthCode('1345678901234567')).toBeUndefined();
  });
});
