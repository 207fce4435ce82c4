import { describe, expect, it } from 'vitest';
import { barcode, qrCode, rasterImage } from './commands';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('native ESC/POS commands', () => {
  it('QR: GS ( k model 2, size, level, store with byte length, print', () => {
    expect(hex(qrCode('AB', 6, 'M'))).toBe(
      [
        '1d286b0400314132 00',
        '1d286b030031 43 06',
        '1d286b030031 45 31',
        '1d286b0500 3150 30 4142',
        '1d286b030031 51 30',
      ]
        .join('')
        .replaceAll(' ', ''),
    );
  });

  it('QR length counts UTF-8 bytes, not UTF-16 units', () => {
    const bytes = qrCode('中', 3, 'L');
    // store: pL = 3 UTF-8 bytes + cn + fn + m = 6
    expect(hex(bytes)).toContain('1d286b0600315030e4b8ad');
  });

  it('QR rejects empty data and bad module sizes', () => {
    expect(() => qrCode('')).toThrow(/empty/);
    expect(() => qrCode('x', 0)).toThrow(/module size/);
  });

  it('EAN-13 with format B and explicit length; the printer adds the check digit', () => {
    expect(hex(barcode('EAN13', '6901234567892', { height: 60 }))).toBe(`1d683c1d77021d48021d6b430c${Buffer.from('690123456789').toString('hex')}`);
  });

  it('CODE128 starts with the code set B selector', () => {
    expect(hex(barcode('CODE128', 'A1'))).toBe('1d6850' + '1d7702' + '1d4802' + '1d6b4904' + '7b424131');
    expect(() => barcode('EAN13', '12ab')).toThrow(/EAN13/);
  });

  it('GS v 0 raster header with bytes per row and rows', () => {
    expect(hex(rasterImage({ width: 9, height: 1, bits: new Uint8Array([0xff, 0x80]) }))).toBe('1d7630000200' + '0100' + 'ff80');
    expect(() => rasterImage({ width: 8, height: 2, bits: new Uint8Array(1) })).toThrow(/expected 2/);
  });
});
