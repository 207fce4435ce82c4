import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from './codec';
import { decodeAll, framesOf } from './decode-all';
import { createPosLinkDecoder, encodePosLink, joinSubfields, type PosLinkFrame, splitSubfields } from './poslink';

const SALE: PosLinkFrame = { command: 'T00', version: '1.35', fields: ['01', joinSubfields(['100', 'abc'])] };
// STX "T00" FS "1.35" FS "01" FS "100" US "abc" ETX LRC(XOR after STX through ETX = 1d)
const SALE_BYTES = fromHex('02 54 30 30 1c 31 2e 33 35 1c 30 31 1c 31 30 30 1f 61 62 63 03 1d');

describe('PAX POSLink codec', () => {
  it('encodes STX cmd FS ver FS fields ETX LRC exactly', () => {
    expect(toHex(encodePosLink(SALE))).toBe(toHex(SALE_BYTES));
  });

  it('decodes fields and sub-fields in any chunking', () => {
    for (const chunk of [1, 3, SALE_BYTES.length]) {
      const [f] = framesOf(decodeAll(createPosLinkDecoder(), SALE_BYTES, chunk));
      expect(f).toEqual(SALE);
      expect(splitSubfields(f?.fields[1] ?? '')).toEqual(['100', 'abc']);
    }
  });

  it('recognises ACK, NAK and EOT between frames', () => {
    const events = decodeAll(createPosLinkDecoder(), concatBytes(fromHex('06'), SALE_BYTES, fromHex('15 04')));
    expect(events.map((e) => (e.type === 'control' ? e.control : e.type))).toEqual(['ACK', 'frame', 'NAK', 'EOT']);
  });

  it('bad LRC is reported and the next frame still decodes', () => {
    const bad = Uint8Array.from(SALE_BYTES);
    bad[5] = 0x32; // "1.35" -> "2.35"
    const events = decodeAll(createPosLinkDecoder(), concatBytes(bad, SALE_BYTES), 1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'BAD_CHECKSUM' });
    expect(framesOf(events)).toEqual([SALE]);
  });

  it('a frame cut short by a new STX is reported TRUNCATED without losing the next', () => {
    const events = decodeAll(createPosLinkDecoder(), concatBytes(SALE_BYTES.subarray(0, 8), SALE_BYTES), 1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'TRUNCATED' });
    expect(framesOf(events)).toEqual([SALE]);
  });

  it('rejects non-ASCII text on encode and a non-command body on decode', () => {
    expect(() => encodePosLink({ command: 'T00', version: '1.35', fields: ['收'] })).toThrow(/printable ASCII/);
    const body = fromHex('02 68 69 03');
    const withLrc = concatBytes(body, Uint8Array.of(0x68 ^ 0x69 ^ 0x03));
    expect(decodeAll(createPosLinkDecoder(), withLrc)[0]).toMatchObject({ type: 'error', code: 'BAD_PAYLOAD' });
  });
});
