import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findPan, luhnValid } from './pan-guard';

describe('findPan', () => {
  it('finds Luhn-valid card numbers of the major schemes, plain or grouped, and masks them', () => {
    expect(findPan('{"pan":"4111111111111111"}')).toBe('411111******1111');
    expect(findPan('card 6222 0212 3456 7890 123 ok')).toBe(null); // grouped, but fails Luhn
    expect(findPan('card 4111-1111-1111-1111')).toBe('411111******1111');
    expect(findPan('{"pan":"6212345678901265"}')).toBe('621234******1265'); // UnionPay 62, 16 digits
    expect(findPan('5555555555554444')).toBe('555555******4444');
    expect(findPan('378282246310005')).toBe('378282*****0005'); // Amex, 15 digits
  });

  it('leaves the store\'s own numbers alone: order nos., epoch ms, masked PANs, short refs', () => {
    // An order no. (YYYYMMDD + lane + seq) and an epoch-ms time that both pass Luhn:
    // no scheme issues under "20" or "1".
    expect(luhnValid('20251122010007') && luhnValid('1732245123457')).toBe(true);
    expect(findPan(JSON.stringify({ orderNo: '20251122010007', atMs: 1732245123457, maskedPan: '622202******1234', refNo: '123456789012' }))).toBe(null);
    expect(findPan('4111111111111112')).toBe(null); // fails Luhn
    expect(findPan('41111111111111111111')).toBe(null); // 20 digits: longer than any PAN
  });

  it('leaves the digits inside UUIDs and other dashed or hex identifiers alone', () => {
    // The first three groups of this UUID are decimal and, read as one run, a Luhn-valid
    // Visa-looking number: it must not be taken for a PAN.
    expect(luhnValid('4355061234564784')).toBe(true);
    expect(findPan('{"id":"43550612-3456-4784-9abc-0123456789ab"}')).toBeNull();
    expect(findPan('{"id":"a3550612-3456-4784-9abc-0123456789ab"}')).toBeNull();
    expect(findPan('{"hash":"4111111111111111ff"}')).toBeNull();
    expect(findPan('{"ref":"INV-4111111111111111"}')).toBeNull();
    // …while the same digits standing alone, plain or grouped, are still a card number.
    expect(findPan('{"pan":"4355 0612 3456 4784"}')).toBe('435506******4784');
    expect(findPan('pan=4355061234564784;')).toBe('435506******4784');
  });

  it('never flags a random UUID (100,000 of them)', () => {
    const flagged: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const id = randomUUID();
      if (findPan(JSON.stringify({ id, orderId: id })) !== null) flagged.push(id);
    }
    expect(flagged).toEqual([]);
  });

  it('luhnValid matches the textbook examples', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('findPan leaves the goods barcodes of a sale alone', () => {
  it('does not flag EAN-13 / GTIN-14 codes, even ones that pass Luhn', () => {
    for (const code of ['6901234000092', '4006381333931', '6921168509256', '10012345678902', '59012341234567']) {
      expect(findPan(`{"barcode":"${code}"}`)).toBeNull();
    }
  });

  it('still flags real PAN lengths: Amex 15, and 16-19 digits of any scheme', () => {
    expect(findPan('378282246310005')).not.toBeNull(); // Amex test number
    expect(findPan('6222021234567890123')).toBeNull(); // not Luhn-valid
    expect(findPan('4111111111111111')).not.toBeNull();
    expect(findPan('6212345678901232')).not.toBeNull();
  });
});
