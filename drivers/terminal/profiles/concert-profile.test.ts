/**
 * The ingenico-concert profile on the device side, with the fields third-party E+ clients send
 * (pyTeliumManager, Odoo's Telium driver): 10-space private field, answer flag '0' or '1', EUR,
 * their own POS number. The pty-level test of the same is main/sim/concert-wire.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type ConcertReply, type ConcertRequest, concertCodec } from '../codecs/concert';
import type { TransactionResult } from '../model';
import { getProfile, ProfileMapper } from './index';
import { UnknownTransactionError } from './mapper';
import { CONCERT_REPORT_LAYOUT, fromConcert, toConcert } from './wire';
import { SAMPLE_APPROVED } from './sample-result';

const m = new ProfileMapper(getProfile('ingenico-concert'));
const BLANK = ' '.repeat(10);
const ASK: ConcertRequest = {
  kind: 'request',
  posNumber: '07',
  amountMinor: 1250,
  answerFlag: '1',
  mode: '1',
  type: '0',
  currency: '978',
  privateData: BLANK,
  delay: 'A010',
  auth: 'B010',
};
const APPROVED: TransactionResult = { ...SAMPLE_APPROVED, amountFen: 1250, orderNo: '' };

/** The reply frame the device would send to `ask`, decoded back from its bytes. */
function replyTo(ask: ConcertRequest, result: TransactionResult = APPROVED): { bytes: Uint8Array; reply: ConcertReply } {
  const message = fromConcert(ask);
  const bytes = concertCodec.encode(toConcert(m.toVendorResult(result, m.parseRequest(message).kind, message), 'response'));
  const decoded = concertCodec.createDecoder().push(bytes)[0];
  if (decoded?.type !== 'frame' || decoded.frame.kind !== 'reply') throw new Error('no reply frame');
  return { bytes, reply: decoded.frame };
}

describe('ingenico-concert profile, device side', () => {
  it('a blank private field is no order number (not "sale")', () => {
    expect(m.parseRequest(fromConcert(ASK))).toEqual({ kind: 'sale', amountFen: 1250, orderNo: '', tender: 'card' });
  });

  it('echoes POS number, mode, currency and the private field exactly as received', () => {
    for (const privateData of [BLANK, '  A-17    ', 'CAISSE0042']) {
      const { reply } = replyTo({ ...ASK, privateData }, { ...APPROVED, orderNo: privateData.trim() });
      expect(reply).toMatchObject({ posNumber: '07', mode: '1', currency: '978', privateData, status: '0', amountMinor: 1250 });
    }
  });

  it("answer flag '0' gets the 25-char short answer (28 bytes), '1' the extended one (83)", () => {
    const short = replyTo({ ...ASK, answerFlag: '0' });
    expect(short.bytes.length).toBe(28);
    expect(short.reply.report).toBeUndefined();
    expect(Buffer.from(short.bytes.subarray(1, 26)).toString('latin1')).toBe(`070000012501978${BLANK}`);
    expect(replyTo(ASK).bytes.length).toBe(83);
  });

  it('the report leads with the masked PAN, ended by a space (what pyTeliumManager reads as the card number)', () => {
    const { reply } = replyTo(ASK);
    expect(reply.report?.length).toBe(55);
    expect(reply.report?.split(' ')[0]).toBe('621700*********4123');
    expect(CONCERT_REPORT_LAYOUT.reduce((n, f) => n + f.width, 0)).toBeLessThanOrEqual(55);
    // The host reads it back from the same layout.
    const back = m.fromVendor(fromConcert(reply));
    expect(back.type === 'result' && back.result).toMatchObject({ maskedPan: '621700*********4123', traceNo: '000012', refNo: '000000000034', cardType: '00' });
  });

  it('an unknown transaction type is refused with status 7 (code 40), echoing the request', () => {
    const message = fromConcert({ ...ASK, type: '9', privateData: 'XXXXXXXXXX' });
    let error: unknown;
    try {
      m.parseRequest(message);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownTransactionError);
    const reply = toConcert(m.toVendorRefusal(message, error), 'response');
    expect(reply).toMatchObject({ status: '7', posNumber: '07', currency: '978', privateData: 'XXXXXXXXXX', amountMinor: 1250 });
    const back = m.fromVendor(fromConcert(reply));
    expect(back.type === 'result' && back.result).toMatchObject({ outcome: 'declined', responseCode: '40' });
    // Any other reason the request cannot run (a bad field) is refused too, in the form asked for.
    const short = toConcert(m.toVendorRefusal({ ...message, answerFlag: '0' }, new RangeError('bad')), 'response');
    expect(short).toMatchObject({ status: '7', privateData: 'XXXXXXXXXX' });
    expect(short.kind === 'reply' && short.report).toBeUndefined();
  });

  it('profile data: no sign-in, answers bad requests; the other vendors keep their sign-in', () => {
    expect(m.profile).toMatchObject({ signInRequired: false, answersBadRequests: true });
    expect(getProfile('mispos')).toMatchObject({ signInRequired: true, answersBadRequests: false });
  });
});
