import { describe, expect, it } from 'vitest';
import { columnsFor, DEFAULT_PROFILE, widthDotsOf } from './profile';
import { PrinterProfileError, resolvePrinterProfile } from './resolve-profile';

describe('resolvePrinterProfile', () => {
  it('with no model: the generic printer, the paper width choosing 384 or 576 dots', () => {
    expect(resolvePrinterProfile({}).profile).toEqual(DEFAULT_PROFILE);
    const p58 = resolvePrinterProfile({ paperWidthMm: 58, encoding: 'GBK' }).profile;
    expect([p58.widthMm, widthDotsOf(p58), columnsFor(p58), p58.encoding]).toEqual([58, 384, 32, 'GBK']);
  });

  it('"ascii" (no Chinese font) sends Chinese as images unless told otherwise', () => {
    expect(resolvePrinterProfile({ encoding: 'ascii' }).profile.cjkMode).toBe('raster');
    expect(resolvePrinterProfile({ encoding: 'ascii', cjkMode: 'native' }).profile.cjkMode).toBe('native');
  });

  it('a model gives its dots, columns, cutter feed, code table and drawer', () => {
    const t88 = resolvePrinterProfile({ printerModel: 'epson-tm-t88' });
    expect(t88.profile).toEqual({ widthMm: 80, widthDots: 512, encoding: 'GB18030', cjkMode: 'native', cut: true, cutFeedLines: 4, drawer: { pin: 2, onMs: 50, offMs: 240 }, model: 'epson-tm-t88' });
    expect(columnsFor(t88.profile)).toBe(42);
    expect(t88.kanjiAtPowerOn).toBe(false);
    const star = resolvePrinterProfile({ printerModel: 'star-tsp100' }).profile;
    expect([star.cjkMode, star.encoding, star.codePage, star.cutFeedLines]).toEqual(['raster', 'ascii', 0, 3]);
    const sunmi = resolvePrinterProfile({ printerModel: 'sunmi-58' }).profile;
    expect([sunmi.cut, sunmi.drawer, columnsFor(sunmi)]).toEqual([false, null, 32]);
  });

  it('applies overrides, warning where the model data doubts them', () => {
    const big5 = resolvePrinterProfile({ printerModel: 'xprinter-xp-80', encoding: 'Big5' });
    expect(big5.profile.encoding).toBe('Big5');
    expect(big5.warnings.join()).toMatch(/not Big5/);
    const nativeOnAnk = resolvePrinterProfile({ printerModel: 'epson-tm-t20', encoding: 'GB18030', cjkMode: 'native' });
    expect(nativeOnAnk.warnings.join()).toMatch(/no Chinese font/);
    const cutter = resolvePrinterProfile({ printerModel: 'xprinter-xp-58', cutter: true });
    expect(cutter.profile.cut).toBe(true);
    expect(cutter.warnings.join()).toMatch(/no cutter/);
    expect(resolvePrinterProfile({ printerModel: 'xprinter-xp-58', encoding: 'GBK' }).warnings).toEqual([]);
  });

  it('refuses a paper the model cannot take, and an unknown model, saying why', () => {
    expect(() => resolvePrinterProfile({ printerModel: 'xprinter-xp-58', paperWidthMm: 80 })).toThrow(PrinterProfileError);
    expect(() => resolvePrinterProfile({ printerModel: 'xprinter-xp-58', paperWidthMm: 80 })).toThrow(/takes 58 mm paper, not 80 mm/);
    expect(() => resolvePrinterProfile({ printerModel: 'no-such-printer' })).toThrow(/unknown printer model "no-such-printer"/);
  });
});
