import { describe, expect, it } from 'vitest';
import { cents12ToFen, decodeAmount, encodeAmount, fenToCents12, fenToYuanDouble, yuanDoubleToFen } from './units';

describe('vendor amount units', () => {
  it('converts yuan strings exactly', () => {
    expect(decodeAmount('12.34', 'yuan-string')).toBe(1234);
    expect(decodeAmount('100.01', 'yuan-string')).toBe(10001);
    expect(decodeAmount(' 0.5 ', 'yuan-string')).toBe(50);
    expect(decodeAmount('12', 'yuan-string')).toBe(1200);
    expect(encodeAmount(1234, 'yuan-string')).toBe('12.34');
    expect(encodeAmount(7, 'yuan-string')).toBe('0.07');
    expect(encodeAmount(0, 'yuan-string')).toBe('0.00');
  });

  it('rejects malformed or signed yuan strings with the input in the message', () => {
    expect(() => decodeAmount('1.234', 'yuan-string')).toThrow(/"1.234"/);
    expect(() => decodeAmount('-1.00', 'yuan-string')).toThrow(RangeError);
    expect(() => decodeAmount('1e3', 'yuan-string')).toThrow(RangeError);
    expect(() => encodeAmount(-1, 'yuan-string')).toThrow(/non-negative/);
  });

  it('rounds yuan doubles to the nearest fen and rejects a third decimal', () => {
    expect(yuanDoubleToFen(0.1 + 0.2)).toBe(30);
    expect(yuanDoubleToFen(19.99)).toBe(1999);
    expect(() => yuanDoubleToFen(1.005)).toThrow(/more than 2 decimals/);
    expect(fenToYuanDouble(1999)).toBe(19.99);
    expect(() => yuanDoubleToFen(1.234)).toThrow(/more than 2 decimals/);
    expect(() => yuanDoubleToFen(Number.NaN)).toThrow(RangeError);
    for (let fen = 0; fen < 20_000; fen += 7) expect(yuanDoubleToFen(fenToYuanDouble(fen))).toBe(fen);
  });

  it('converts 12-digit minor units', () => {
    expect(fenToCents12(1234)).toBe('000000001234');
    expect(cents12ToFen('000000001234')).toBe(1234);
    expect(() => cents12ToFen('12a')).toThrow(/12-digit/);
    expect(() => fenToCents12(1e12)).toThrow(/12 digits/);
  });

  it('reads fen as integers only', () => {
    expect(decodeAmount('1200', 'fen-string')).toBe(1200);
    expect(decodeAmount(1200, 'fen-int')).toBe(1200);
    expect(() => decodeAmount('12.5', 'fen-string')).toThrow(RangeError);
  });
});
