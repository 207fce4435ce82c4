import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './codec';

describe('toHex / fromHex', () => {
  const bytes = Uint8Array.from([0x02, 0x00, 0xff, 0x1c, 0xab, 0x7f, 0x80]);

  it('writes lower-case byte pairs with the separator between them, not after the last', () => {
    expect(toHex(bytes)).toBe('02 00 ff 1c ab 7f 80');
    expect(toHex(bytes, '')).toBe('0200ff1cab7f80');
    expect(toHex(bytes, ', ')).toBe('02, 00, ff, 1c, ab, 7f, 80');
    expect(toHex(bytes, '·')).toBe('02·00·ff·1c·ab·7f·80');
    expect(toHex(Uint8Array.of(7))).toBe('07');
    expect(toHex(new Uint8Array())).toBe('');
  });

  it('agrees with the obvious formatting on every byte value, and round-trips', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(all)).toBe(Array.from(all, (b) => b.toString(16).padStart(2, '0')).join(' '));
    expect(fromHex(toHex(all))).toEqual(all);
    expect(fromHex(toHex(all, ''))).toEqual(all);
  });

  it('reads a sub-array view from its own offset', () => {
    const view = new Uint8Array(Uint8Array.from([9, 9, 0xde, 0xad, 9]).buffer, 2, 2);
    expect(toHex(view)).toBe('de ad');
  });

  it('refuses odd lengths and non-hex text', () => {
    expect(() => fromHex('0')).toThrow(/not a hex byte string/);
    expect(() => fromHex('zz')).toThrow(/not a hex byte string/);
  });
});
