import { describe, expect, it } from 'vitest';
import {
  assertSignedFen,
  assertUnsignedFen,
  fenDigitsToFen,
  fenToYuan,
  formatQty,
  formatYuanDecimals,
  lineAmountFen,
  parseYuan,
  parseYuanDecimals,
  SignedFen,
  UnsignedFen,
  yuanToFen,
} from './money';

describe('fen <-> yuan text', () => {
  it('prints yuan with two decimals', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(7)).toBe('0.07');
    expect(fenToYuan(1230)).toBe('12.30');
    expect(fenToYuan(123456)).toBe('1234.56');
    expect(fenToYuan(-5)).toBe('-0.05');
    expect(fenToYuan(-300000)).toBe('-3000.00');
    expect(fenToYuan(10_000_000_000)).toBe('100000000.00');
    expect(() => fenToYuan(1.5)).toThrow(/safe integer/);
  });

  it('parses yuan text digit by digit (no float error)', () => {
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('1.15')).toBe(115);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('9999999999999.99')).toBe(999999999999999);
  });

  it('takes a sign only when asked', () => {
    expect(() => yuanToFen('-0.29')).toThrow(RangeError);
    expect(() => yuanToFen('+1.00')).toThrow(RangeError);
    expect(yuanToFen('-0.29', { signed: true })).toBe(-29);
    expect(yuanToFen('+1.00', { signed: true })).toBe(100);
    expect(Object.is(yuanToFen('-0.00', { signed: true }), 0)).toBe(true);
  });

  it('refuses anything that is not a 2-decimal amount, naming the text', () => {
    for (const bad of ['1.234', '1e3', ' 1.00', '', '.5', '1.', '1,00', 'NaN', '0x10', '１２']) {
      expect(() => yuanToFen(bad), bad).toThrow(RangeError);
    }
    expect(() => yuanToFen('1.234')).toThrow(/"1.234"/);
    expect(() => yuanToFen('99999999999999999')).toThrow(/safe integer/);
  });

  it('parses and prints other decimal counts (WeChat fees have 5)', () => {
    expect(parseYuanDecimals('0.06000', 5)).toBe(6000);
    expect(parseYuanDecimals('-0.00001', 5, { signed: true })).toBe(-1);
    expect(() => parseYuanDecimals('0.000001', 5)).toThrow(/at most 5 decimals/);
    expect(formatYuanDecimals(6000, 5)).toBe('0.06000');
    expect(formatYuanDecimals(-1, 5)).toBe('-0.00001');
  });
});

describe('fen written as digits (WeChat, Sunmi, WangPOS)', () => {
  it('reads integers only', () => {
    expect(fenDigitsToFen('1200')).toBe(1200);
    expect(fenDigitsToFen('0')).toBe(0);
    for (const bad of ['12.5', '-1', '', ' 1', '1e3', '1234567890123456']) expect(() => fenDigitsToFen(bad), bad).toThrow(RangeError);
  });
});

describe('fen checks', () => {
  it('keeps signed and unsigned apart', () => {
    expect(assertSignedFen(-5)).toBe(-5);
    expect(() => assertSignedFen(1.5)).toThrow(/safe integer/);
    expect(() => assertSignedFen(2 ** 53, 'totalFen')).toThrow(/totalFen/);
    expect(assertUnsignedFen(0)).toBe(0);
    expect(() => assertUnsignedFen(-1, 'refundFen')).toThrow(/refundFen must be a non-negative safe integer/);
    expect(() => assertUnsignedFen('12')).toThrow(RangeError);
    expect(SignedFen.safeParse(-5).success).toBe(true);
    expect(UnsignedFen.safeParse(-5).success).toBe(false);
    expect(UnsignedFen.safeParse(1.5).success).toBe(false);
    expect(SignedFen.safeParse(2 ** 53).success).toBe(false);
  });
});

describe('what the cashier types and sees', () => {
  it('reads an amount field leniently but never a sign or a third decimal', () => {
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan(' 12 ')).toBe(1200);
    expect(parseYuan('12.')).toBe(1200);
    expect(parseYuan('0.05')).toBe(5);
    for (const bad of ['', '.', '.5', '-1', '1.234', '1234567890', 'abc', '1 2']) expect(parseYuan(bad), bad).toBeNull();
  });

  it('prints quantities in thousandths without trailing zeros', () => {
    expect(formatQty(30250)).toBe('30.25');
    expect(formatQty(2000)).toBe('2');
    expect(formatQty(1500)).toBe('1.5');
    expect(formatQty(1)).toBe('0.001');
  });

  it('rounds a line amount half-up to the fen', () => {
    expect(lineAmountFen(735, 30250)).toBe(22234); // 7.35/L × 30.25 L = 222.3375
    expect(lineAmountFen(999, 1000)).toBe(999);
  });
});
