import { describe, expect, it } from 'vitest';
import { fenToYuan } from '../shared/money';
import { led8nClear, led8nInit, led8nLamp, led8nLamps, led8nSetBaud, led8nShow } from './led8n';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('LED8N encoder (bills-displays.md §3)', () => {
  it('ESC @ and CLR', () => {
    expect(hex(led8nInit())).toBe('1b40');
    expect(hex(led8nClear())).toBe('0c');
  });

  it('ESC Q A <digits> CR', () => {
    expect(hex(led8nShow('12.34'))).toBe('1b514131322e33340d');
    expect(hex(led8nShow('-0.50'))).toBe('1b51412d302e35300d');
    expect(hex(led8nShow('99999999'))).toBe(`1b5141${'39'.repeat(8)}0d`);
  });

  it('refuses what a 7-segment, 8-digit display cannot show', () => {
    expect(() => led8nShow('123456789')).toThrow(/8 digits/);
    expect(() => led8nShow('12a')).toThrow(/only digits/);
    expect(() => led8nShow('1-2')).toThrow(/only digits/);
    expect(() => led8nShow('1.2.3.4.5.6.7.8.')).toThrow(/at most 15/);
  });

  it('ESC s n lamps, ASCII (fastfd) and binary (Wintec) forms', () => {
    expect(hex(led8nLamp('price'))).toBe('1b7331');
    expect(hex(led8nLamp('total'))).toBe('1b7332');
    expect(hex(led8nLamp('paid'))).toBe('1b7333');
    expect(hex(led8nLamp('change'))).toBe('1b7334');
    expect(hex(led8nLamp(null))).toBe('1b7330');
    expect(hex(led8nLamp('change', 'binary'))).toBe('1b7304');
  });

  it('STX L and STX B', () => {
    expect(hex(led8nLamps(['total', 'change']))).toBe('024c30313031');
    expect(hex(led8nSetBaud(2400))).toBe('024232');
    expect(hex(led8nSetBaud(9600))).toBe('024230');
    expect(() => led8nSetBaud(115200)).toThrow(/not 115200/);
  });

  it('formats fen with two decimals and rejects non-integers', () => {
    expect(fenToYuan(1234)).toBe('12.34');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-50)).toBe('-0.50');
    expect(fenToYuan(0)).toBe('0.00');
    expect(() => fenToYuan(1.5)).toThrow(/safe integer/);
  });
});
