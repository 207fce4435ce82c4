import { describe, expect, it } from 'vitest';
import { parseAim } from './aim';
import { gs1CheckDigit, priceCheckDigit } from './check-digit';
import { classifyScan, ScanClassifier, upcEToUpcA } from './classifier';
import { GS } from './gs1';
import { SCALE_LAYOUTS } from './variable-measure';

describe('check digits', () => {
  it('GS1 mod-10 over real codes', () => {
    expect(gs1CheckDigit('690123456789')).toBe(2);
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('9638507')).toBe(4);
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('0950110153000')).toBe(3);
    expect(() => gs1CheckDigit('12a')).toThrow(/digits only/);
  });
  it('GS1 price verifier (GenSpecs §7.9.3 examples)', () => {
    expect(priceCheckDigit('2875')).toBe(9);
    expect(priceCheckDigit('14685')).toBe(6);
    expect(priceCheckDigit('0000')).toBe(0);
    expect(() => priceCheckDigit('123')).toThrow(/4- or 5-digit/);
  });
});

describe('AIM identifiers', () => {
  it('strips and reports known prefixes', () => {
    expect(parseAim(']E05901234123457')).toEqual({
      aim: { id: ']E0', symbology: 'EAN/UPC', gs1: false, eanVariant: 'EAN-13/UPC' },
      rest: '5901234123457',
    });
    expect(parseAim(']C1010950110153000317251231').aim).toMatchObject({ id: ']C1', symbology: 'Code 128', gs1: true });
    expect(parseAim(']Q1hello').aim).toMatchObject({ symbology: 'QR Code', gs1: false });
    expect(parseAim(']d2010950110153000317251231').aim?.gs1).toBe(true);
    expect(parseAim(']E496385074').aim?.eanVariant).toBe('EAN-8');
  });
  it('leaves non-AIM text alone', () => {
    expect(parseAim(']]x')).toEqual({ aim: null, rest: ']]x' });
    expect(parseAim(']P0abc')).toEqual({ aim: null, rest: ']P0abc' });
    expect(parseAim('abc')).toEqual({ aim: null, rest: 'abc' });
  });
});

describe('products', () => {
  it('EAN-13', () => {
    expect(classifyScan('6901234567892')).toEqual({
      raw: '6901234567892',
      code: '6901234567892',
      aim: null,
      kind: 'product',
      symbology: 'EAN-13',
      gtin: '06901234567892',
      restricted: false,
    });
    expect(classifyScan(']E04006381333931\r\n')).toMatchObject({ kind: 'product', symbology: 'EAN-13', code: '4006381333931', aim: { id: ']E0' } });
  });
  it('EAN-13 with a wrong check digit names the expected digit', () => {
    expect(classifyScan('6901234567893')).toMatchObject({ kind: 'invalid', looksLike: 'EAN-13', reason: 'EAN-13 check digit is 3, expected 2' });
  });
  it('EAN-8', () => {
    expect(classifyScan('96385074')).toMatchObject({ kind: 'product', symbology: 'EAN-8', gtin: '00000096385074', restricted: false });
    expect(classifyScan('96385075')).toMatchObject({ kind: 'invalid', reason: 'EAN-8 check digit is 5, expected 4' });
    expect(classifyScan(']E496385074')).toMatchObject({ kind: 'product', symbology: 'EAN-8' });
  });
  it('UPC-A', () => {
    expect(classifyScan('036000291452')).toMatchObject({ kind: 'product', symbology: 'UPC-A', gtin: '00036000291452', restricted: false });
    expect(classifyScan('036000291453')).toMatchObject({ kind: 'invalid', reason: 'UPC-A check digit is 3, expected 2' });
  });
  it('UPC-E, expanded to UPC-A for lookup', () => {
    expect(classifyScan('04252614')).toMatchObject({ kind: 'product', symbology: 'UPC-E', upcA: '042100005264', gtin: '00042100005264' });
    expect(classifyScan('01234565')).toMatchObject({ kind: 'product', symbology: 'UPC-E', upcA: '012345000065' });
  });
  it('UPC-E expansion covers all four zero-placement rules', () => {
    expect(upcEToUpcA('04252614')).toBe('042100005264'); // last digit 0-2
    expect(upcEToUpcA('01234531')).toBe('012300000451'); // 3
    expect(upcEToUpcA('01234543')).toBe('012340000053'); // 4
    expect(upcEToUpcA('01234565')).toBe('012345000065'); // 5-9
    expect(() => upcEToUpcA('21234565')).toThrow(/UPC-E/);
  });
  it('GTIN-14', () => {
    expect(classifyScan('09501101530003')).toMatchObject({ kind: 'product', symbology: 'GTIN-14', gtin: '09501101530003' });
  });
  it('an AIM EAN prefix with the wrong length is invalid', () => {
    expect(classifyScan(']E0123456')).toMatchObject({ kind: 'invalid', reason: ']E0 scan has 6 digits' });
  });
  it('content decides for other symbologies: digits in a Code 128 are still an EAN', () => {
    expect(classifyScan(']C06901234567892')).toMatchObject({ kind: 'product', symbology: 'EAN-13', aim: { symbology: 'Code 128' } });
  });
});

describe('in-store variable-measure codes', () => {
  it('default layout: 13-digit price label (FFWWWWWEEEEEC)', () => {
    expect(classifyScan('2812345012345')).toEqual({
      raw: '2812345012345',
      code: '2812345012345',
      aim: null,
      kind: 'variable-measure',
      layout: 'FFWWWWWEEEEEC',
      plu: '12345',
      priceFen: 1234,
    });
  });
  it('weight layout assigned to one prefix', () => {
    const c = new ScanClassifier({ variableMeasureLayouts: [{ ...SCALE_LAYOUTS.weight13, prefixes: ['27'] }, SCALE_LAYOUTS.price13] });
    expect(c.classify(node13('271234501500'))).toMatchObject({ kind: 'variable-measure', plu: '12345', weightGrams: 1500 });
    expect(c.classify('2812345012345')).toMatchObject({ kind: 'variable-measure', priceFen: 1234 });
  });
  it('price in yuan with 1 decimal is scaled to fen', () => {
    const c = new ScanClassifier({ variableMeasureLayouts: [{ ...SCALE_LAYOUTS.price13, priceDecimals: 1 }] });
    expect(c.classify('2812345012345')).toMatchObject({ priceFen: 12340 });
  });
  it('18-digit price + weight (昂捷 26XXXXXMMMMMWWWWWC), opt-in, flags the Alipay collision', () => {
    const c = new ScanClassifier({ variableMeasureLayouts: [SCALE_LAYOUTS.priceWeight18] });
    expect(c.classify('261234501234001233')).toMatchObject({
      kind: 'variable-measure',
      plu: '12345',
      priceFen: 1234,
      weightGrams: 123,
      alsoMatches: 'alipay',
    });
    // Without the layout, the same digits are an Alipay code.
    expect(classifyScan('261234501234001233')).toMatchObject({ kind: 'payment', wallet: 'alipay' });
  });
  it('18-digit layout with a bad check digit on a non-Alipay prefix is invalid', () => {
    const c = new ScanClassifier({ variableMeasureLayouts: [SCALE_LAYOUTS.priceWeight18] });
    expect(c.classify('221234501234001230')).toMatchObject({ kind: 'invalid', looksLike: 'in-store code' });
  });
  it('price verifier digit is checked when the layout has one', () => {
    const c = new ScanClassifier({ variableMeasureLayouts: [SCALE_LAYOUTS.priceVerified13] });
    // 22 + PLU 1234 + V + price 14685 (verifier 6)
    expect(c.classify(node13('221234614685'))).toMatchObject({ kind: 'variable-measure', plu: '1234', priceFen: 14685 });
    expect(c.classify(node13('221234514685'))).toMatchObject({ kind: 'invalid', reason: 'FFWWWWVEEEEEC price check digit is 5, expected 6' });
  });
  it('a 2x code with a wrong EAN check digit is invalid, not a price', () => {
    expect(classifyScan('2812345012346')).toMatchObject({ kind: 'invalid', reason: 'EAN-13 check digit is 6, expected 5' });
  });
  it('a 2x code with no layout for its prefix is a restricted product code', () => {
    const c = new ScanClassifier({ variableMeasureLayouts: [{ ...SCALE_LAYOUTS.price13, prefixes: ['28'] }] });
    expect(c.classify(node13('200000123451'.slice(0, 12)))).toMatchObject({ kind: 'product', restricted: true });
  });
  it('rejects malformed layouts', () => {
    expect(() => new ScanClassifier({ variableMeasureLayouts: [{ ...SCALE_LAYOUTS.price13, pattern: 'WWWWWEEEEEC' }] })).toThrow(/start with F/);
    expect(() => new ScanClassifier({ variableMeasureLayouts: [{ ...SCALE_LAYOUTS.price13, prefixes: ['281'] }] })).toThrow(/at most 2 digits/);
  });
});

describe('GS1', () => {
  it('GS1-128 with AIM ]C1, FNC1 as GS', () => {
    const r = classifyScan(`]C10109501101530003172512311012AB${GS}21SER-9`);
    expect(r).toMatchObject({
      kind: 'gs1',
      data: { gtin: '09501101530003', expiry: '2025-12-31', batch: '12AB', serial: 'SER-9' },
    });
    expect(r.kind === 'gs1' && r.data.fields.map((f) => f.ai)).toEqual(['01', '17', '10', '21']);
  });
  it('weights and price: (3103) kg with 3 decimals, (3922) price with 2 decimals', () => {
    const r = classifyScan(`]d2010950110153000331030012503922${'1999'}`);
    expect(r).toMatchObject({ kind: 'gs1', data: { netWeightGrams: 1250, priceFen: 1999 } });
    const r2 = classifyScan(`]Q301095011015300033921129${GS}3102000150`);
    expect(r2).toMatchObject({ kind: 'gs1', data: { priceFen: 1290, netWeightGrams: 1500 } });
  });
  it('sub-fen prices are refused, not rounded', () => {
    expect(classifyScan(']C13923129995')).toMatchObject({ kind: 'invalid', reason: '(3923) price 129995 has sub-fen precision' });
    expect(classifyScan(']C13923129990')).toMatchObject({ kind: 'gs1', data: { priceFen: 12999 } });
  });
  it('day 00 is the last day of the month', () => {
    expect(classifyScan(']C10109501101530003172402' + '00')).toMatchObject({ data: { expiry: '2024-02-29' } });
  });
  it('bracketed human-readable form', () => {
    expect(classifyScan('(01)09501101530003(17)251231(10)ABC')).toMatchObject({
      kind: 'gs1',
      data: { gtin: '09501101530003', expiry: '2025-12-31', batch: 'ABC' },
    });
  });
  it('leading FNC1 without AIM, and fixed-length-only GS1 with neither', () => {
    expect(classifyScan(`${GS}0109501101530003`)).toMatchObject({ kind: 'gs1', data: { gtin: '09501101530003' } });
    expect(classifyScan('010950110153000317251231')).toMatchObject({ kind: 'gs1', data: { expiry: '2025-12-31' } });
  });
  it('bad GS1 data says what is wrong', () => {
    expect(classifyScan(']C10109501101530004')).toMatchObject({ kind: 'invalid', looksLike: 'GS1', reason: '(01) check digit is 4, expected 3' });
    expect(classifyScan(']C1010950110153000317251332')).toMatchObject({ reason: '(17) is not a valid YYMMDD date: "251332"' });
    expect(classifyScan(']C1010950110')).toMatchObject({ reason: '(01) needs 14 characters, got 7' });
    expect(classifyScan(']C18899x')).toMatchObject({ reason: 'unknown GS1 application identifier at position 0: "8899"' });
    expect(classifyScan(`]C110${'A'.repeat(21)}`)).toMatchObject({ reason: '(10) is 21 characters long, at most 20 allowed' });
    expect(classifyScan(`]C110${GS}`)).toMatchObject({ reason: '(10) is empty' });
    expect(classifyScan(']C1')).toMatchObject({ kind: 'unknown', reason: 'AIM prefix ]C1 with no data' });
  });
});

describe('payment codes', () => {
  it('WeChat: 18 digits, 10-15', () => {
    for (const c of ['134567890123456789', '100000000000000000', '150123456789012345']) {
      expect(classifyScan(c), c).toMatchObject({ kind: 'payment', wallet: 'wechat' });
    }
  });
  it('Alipay: 25-30, 16-24 digits (the reference test auth_code), and face-pay fp codes', () => {
    for (const c of ['28763443825664394', '2500000000000000', '300000000000000000000000', '281234567890123456']) {
      expect(classifyScan(c), c).toMatchObject({ kind: 'payment', wallet: 'alipay' });
    }
    expect(classifyScan(`fp${'a1B2c3'.repeat(5)}xyz`)).toMatchObject({ kind: 'payment', wallet: 'alipay' });
    expect(classifyScan('3100000000000000')).toMatchObject({ kind: 'unknown' });
  });
  it('UnionPay: 62 + 17 digits', () => {
    expect(classifyScan('6221234567890123456')).toMatchObject({ kind: 'payment', wallet: 'unionpay' });
    expect(classifyScan(']Q16221234567890123456')).toMatchObject({ kind: 'payment', wallet: 'unionpay', aim: { symbology: 'QR Code' } });
  });
  it('near misses are invalid with the length rule', () => {
    expect(classifyScan('13456789012345678')).toMatchObject({ kind: 'invalid', reason: 'WeChat payment codes have 18 digits, this has 17' });
    expect(classifyScan('622123456789012345')).toMatchObject({ kind: 'invalid', reason: 'UnionPay payment codes have 19 digits, this has 18' });
  });
});

describe('member cards', () => {
  const c = new ScanClassifier({
    memberCards: [
      { program: 'vip', prefix: 'VIP', pattern: /^VIP\d{8}$/ },
      { program: 'store', prefix: '299' },
    ],
  });
  it('prefix and pattern rules, checked before anything else', () => {
    expect(c.classify('VIP00012345')).toMatchObject({ kind: 'member', program: 'vip' });
    expect(c.classify('VIP123')).toMatchObject({ kind: 'unknown' });
    expect(c.classify('2991234567890')).toMatchObject({ kind: 'member', program: 'store' });
  });
  it('a rule needs a prefix or a pattern', () => {
    expect(() => new ScanClassifier({ memberCards: [{ program: 'x' }] })).toThrow(/prefix or a pattern/);
  });
});

describe('garbage', () => {
  it('empty and whitespace', () => {
    expect(classifyScan('')).toMatchObject({ kind: 'unknown', reason: 'empty scan' });
    expect(classifyScan('  \r\n\t')).toMatchObject({ kind: 'unknown', reason: 'empty scan' });
  });
  it('very long input is refused before parsing', () => {
    const r = classifyScan('1'.repeat(100_000));
    expect(r).toMatchObject({ kind: 'unknown', reason: 'scan is 100000 characters long, at most 512 allowed' });
  });
  it('control characters are named with their position', () => {
    expect(classifyScan('690123\u00074567892')).toMatchObject({ kind: 'unknown', reason: 'contains control character U+0007 at position 6' });
    expect(classifyScan('ab\u0000')).toMatchObject({ reason: 'contains control character U+0000 at position 2' });
    expect(classifyScan('😀\u001b[2J')).toMatchObject({ reason: 'contains control character U+001B at position 1' });
  });
  it('emoji, text, URLs are unknown but kept intact', () => {
    expect(classifyScan('😀😀😀')).toMatchObject({ kind: 'unknown', code: '😀😀😀' });
    expect(classifyScan(']Q1https://example.com/p?id=1')).toMatchObject({ kind: 'unknown', code: 'https://example.com/p?id=1' });
  });
  it('odd digit counts are unknown', () => {
    expect(classifyScan('12345')).toMatchObject({ kind: 'unknown', reason: '5 digits: not an EAN/UPC, weighed item, payment or member code' });
    expect(classifyScan('1234567890')).toMatchObject({ kind: 'unknown' });
  });
  it('whitespace inside a code is not silently removed', () => {
    expect(classifyScan('690123 4567892')).toMatchObject({ kind: 'unknown', code: '690123 4567892' });
  });
});

/** Append the GS1 check digit (test helper for synthetic in-store codes). */
function node13(body12: string): string {
  return body12 + gs1CheckDigit(body12);
}
