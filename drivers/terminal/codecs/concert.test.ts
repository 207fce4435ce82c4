import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from './codec';
import { type ConcertReply, type ConcertRequest, createConcertDecoder, encodeConcert } from './concert';
import { decodeAll, framesOf } from './decode-all';

const REQ: ConcertRequest = {
  kind: 'request',
  posNumber: '01',
  amountMinor: 1250,
  answerFlag: '1',
  mode: '1',
  type: '0',
  currency: '978',
  privateData: '          ',
  delay: 'A010',
  auth: 'B010',
};
const REQ_BYTES = fromHex(
  '02 30 31 30 30 30 30 31 32 35 30 31 31 30 39 37 38 20 20 20 20 20 20 20 20 20 20 41 30 31 30 42 30 31 30 03 01',
);
const SHORT: ConcertReply = {
  kind: 'reply',
  posNumber: '01',
  status: '0',
  amountMinor: 1250,
  mode: '1',
  currency: '978',
  privateData: '0000000042',
};
const SHORT_BYTES = fromHex('02 30 31 30 30 30 30 30 31 32 35 30 31 39 37 38 30 30 30 30 30 30 30 30 34 32 03 35');

describe('Ingenico Concert E+ codec', () => {
  it('encodes the 34-char request exactly (36 + LRC bytes framed)', () => {
    expect(toHex(encodeConcert(REQ))).toBe(toHex(REQ_BYTES));
    expect(REQ_BYTES.length).toBe(37);
  });

  it('encodes the short reply: 28 bytes framed', () => {
    expect(toHex(encodeConcert(SHORT))).toBe(toHex(SHORT_BYTES));
    expect(SHORT_BYTES.length).toBe(28);
  });

  it('the full reply is 83 bytes framed and carries the 55-char report', () => {
    const full: ConcertReply = { ...SHORT, report: '4970101234567890'.padEnd(55, ' ') };
    const bytes = encodeConcert(full);
    expect(bytes.length).toBe(83);
    expect(framesOf(decodeAll(createConcertDecoder(), bytes, 1))).toEqual([full]);
  });

  it('decodes request and replies with ENQ/ACK/EOT around them, any chunking', () => {
    const stream = concatBytes(fromHex('05'), REQ_BYTES, fromHex('04 06'), SHORT_BYTES);
    for (const chunk of [1, 5, stream.length]) {
      const events = decodeAll(createConcertDecoder(), stream, chunk);
      expect(events.map((e) => (e.type === 'control' ? e.control : e.type))).toEqual(['ENQ', 'frame', 'EOT', 'ACK', 'frame']);
      expect(framesOf(events)).toEqual([REQ, SHORT]);
    }
  });

  it('rejects a wrong message length, a bad LRC and a bad amount', () => {
    const odd = fromHex('02 30 31 03');
    const oddFrame = concatBytes(odd, Uint8Array.of(0x30 ^ 0x31 ^ 0x03));
    expect(decodeAll(createConcertDecoder(), oddFrame)[0]).toMatchObject({ code: 'BAD_PAYLOAD', message: expect.stringMatching(/2 chars/) });
    const bad = Uint8Array.from(SHORT_BYTES);
    bad[27] = 0;
    expect(decodeAll(createConcertDecoder(), bad)[0]).toMatchObject({ code: 'BAD_CHECKSUM' });
    expect(() => encodeConcert({ ...REQ, amountMinor: 100_000_000 })).toThrow(/0\.\.99999999/);
    expect(() => encodeConcert({ ...REQ, currency: 'EUR1' })).toThrow(/currency must be 3/);
  });
});
