import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, normalizeForPrinter } from './encoding';
import { fenToYuan, formatQty } from '../shared/money';
import { formatReceiptTime } from './format';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('printer text encoding', () => {
  it('encodes GB18030 Chinese as two-byte codes', () => {
    expect(hex(encodeText('收银小票', 'GB18030'))).toBe('cad5d2f8d0a1c6b1');
  });

  it('turns ¥ into full-width ￥ (A3A4) on GBK and GB18030 printers', () => {
    expect(normalizeForPrinter('¥12', 'GBK')).toBe('￥12');
    expect(hex(encodeText(normalizeForPrinter('¥1', 'GBK'), 'GBK'))).toBe('a3a431');
    expect(hex(encodeText(normalizeForPrinter('¥1', 'GB18030'), 'GB18030'))).toBe('a3a431');
    // Without the substitution GB18030 would send the 4-byte code GBK heads print as garbage.
    expect(hex(encodeText('¥', 'GB18030'))).toBe('81308436');
  });

  it('encodes Big5 for Traditional Chinese', () => {
    expect(decodeText(encodeText('收銀', 'Big5'), 'Big5')).toBe('收銀');
    expect(hex(encodeText('￥', 'Big5'))).toBe('a244');
  });

  it('falls back to ASCII on printers without a CJK font', () => {
    expect(normalizeForPrinter('合计 ¥12', 'ascii')).toBe('?? RMB12');
  });
});

describe('receipt formats', () => {
  it('formats fen, quantities and times', () => {
    expect(fenToYuan(123456)).toBe('1234.56');
    expect(fenToYuan(-5)).toBe('-0.05');
    expect(() => fenToYuan(1.5)).toThrow(/safe integer/);
    expect(formatQty(30250)).toBe('30.25');
    expect(formatQty(2000)).toBe('2');
    expect(formatReceiptTime('2026-11-22T14:03:05+08:00')).toBe('2026-11-22 14:03:05');
    expect(formatReceiptTime('yesterday')).toBe('yesterday');
  });
});
