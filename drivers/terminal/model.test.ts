import { describe, expect, it } from 'vitest';
import {
  cents12ToFen,
  describeResponseCode,
  fenToCents12,
  fenToYuanDouble,
  fenToYuanString,
  maskPan,
  TransactionRequestSchema,
  TransactionResultSchema,
  yuanDoubleToFen,
  yuanStringToFen,
} from './model';

describe('fen helpers', () => {
  it('converts yuan strings exactly', () => {
    expect(yuanStringToFen('12.34')).toBe(1234);
    expect(yuanStringToFen('100.01')).toBe(10001);
    expect(yuanStringToFen('0.5')).toBe(50);
    expect(yuanStringToFen('12')).toBe(1200);
    expect(yuanStringToFen('0.07')).toBe(7);
    expect(fenToYuanString(1234)).toBe('12.34');
    expect(fenToYuanString(7)).toBe('0.07');
    expect(fenToYuanString(0)).toBe('0.00');
  });

  it('rejects malformed yuan strings with the input in the message', () => {
    expect(() => yuanStringToFen('1.234')).toThrow(/"1.234"/);
    expect(() => yuanStringToFen('-1.00')).toThrow(RangeError);
    expect(() => yuanStringToFen('1e3')).toThrow(RangeError);
    expect(() => yuanStringToFen('99999999999999999')).toThrow(/safe integer/);
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
});

describe('maskPan', () => {
  it('keeps first 6 and last 4', () => {
    expect(maskPan('6217000010006354123')).toBe('621700*********4123');
    expect(maskPan('6222 0212 3456 7890')).toBe('622202******7890');
    expect(maskPan('621700*********6354')).toBe('621700*********6354');
  });
  it('never leaks short or odd input', () => {
    expect(maskPan('12345678')).toBe('********');
    expect(maskPan('abc123')).toBe('******');
    expect(maskPan('')).toBe('');
  });
});

describe('schemas and codes', () => {
  it('validates requests and names the bad field', () => {
    const ok = TransactionRequestSchema.safeParse({ kind: 'sale', amountFen: 100, orderNo: 'A1', tender: 'card' });
    expect(ok.success).toBe(true);
    const bad = TransactionRequestSchema.safeParse({ kind: 'sale', amountFen: 1.5, orderNo: 'A1', tender: 'card' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toMatch(/amountFen/);
  });
  it('rejects unmasked-looking PAN text other than digits and stars', () => {
    const r = TransactionResultSchema.safeParse({ maskedPan: '6217-00' });
    expect(r.success).toBe(false);
  });
  it('maps response codes to outcomes', () => {
    expect(describeResponseCode('00').outcome).toBe('approved');
    expect(describeResponseCode('51')).toEqual({ outcome: 'declined', message: '余额不足' });
    expect(describeResponseCode('L2').outcome).toBe('cancelled');
    expect(describeResponseCode('Z9').message).toContain('Z9');
  });
});
