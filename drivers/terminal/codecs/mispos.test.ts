import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from './codec';
import { decodeAll } from './decode-all';
import { createMisPosDecoder, encodeMisPos, MISPOS_MAX_DATA } from './mispos';
import { decodeTlv, encodeTlv, recordToTlv, textTlv, tlvToRecord } from './tlv';

const DATA = fromHex('DF 02 02 30 31'); // DF02 "01"
// STX, LEN 0005 BCD, DATA, ETX, LRC = 00^05^DF^02^02^30^31^03 = D8
const FRAME = fromHex('02 00 05 DF 02 02 30 31 03 D8');

describe('MIS-POS frame codec', () => {
  it('encodes STX | BCD LEN | DATA | ETX | LRC exactly', () => {
    expect(toHex(encodeMisPos({ data: DATA }))).toBe(toHex(FRAME));
  });

  it('encodes a BCD length over 99 and the 1024 maximum', () => {
    const big = encodeMisPos({ data: new Uint8Array(123).fill(0x41) });
    expect(toHex(big.subarray(0, 3))).toBe('02 01 23');
    const max = encodeMisPos({ data: new Uint8Array(MISPOS_MAX_DATA).fill(0x30) });
    expect(toHex(max.subarray(0, 3))).toBe('02 10 24');
    expect(() => encodeMisPos({ data: new Uint8Array(0) })).toThrow(/1\.\.1024/);
    expect(() => encodeMisPos({ data: new Uint8Array(1025) })).toThrow(RangeError);
  });

  it('decodes a frame and control bytes, ignoring stray 00, in any chunking', () => {
    const stream = concatBytes(fromHex('00 06'), FRAME, fromHex('00 15 04'), FRAME);
    for (const chunk of [1, 2, 3, 7, stream.length]) {
      const events = decodeAll(createMisPosDecoder(), stream, chunk);
      expect(events.map((e) => (e.type === 'frame' ? toHex(e.frame.data) : e.type === 'control' ? e.control : e.code))).toEqual([
        'ACK',
        'df 02 02 30 31',
        'NAK',
        'EOT',
        'df 02 02 30 31',
      ]);
    }
  });

  it('reports a bad LRC with the raw frame and resynchronises on the next frame', () => {
    const bad = Uint8Array.from(FRAME);
    bad[9] = 0xeb;
    const d = createMisPosDecoder();
    const events = decodeAll(d, concatBytes(bad, FRAME), 1, false);
    expect(events[0]).toMatchObject({ type: 'error', code: 'BAD_CHECKSUM', message: 'LRC 0xeb should be 0xd8' });
    expect(toHex(events[0]?.raw ?? new Uint8Array())).toBe(toHex(bad));
    // Resync drops only the bad STX: the 02 inside "DF 02 02 30" then looks like a
    // frame of 230 bytes, which holds the good frame until the line goes idle.
    expect(events).toHaveLength(1);
    const later = d.flush();
    expect(later.map((e) => e.type)).toEqual(['error', 'frame']);
    expect(later[0]).toMatchObject({ code: 'TRUNCATED' });
  });

  it('a bad LRC on a frame without inner 02 bytes resynchronises at once', () => {
    const f = encodeMisPos({ data: fromHex('DF 01 01 31') });
    const bad = Uint8Array.from(f);
    bad[bad.length - 1] ^= 0xff;
    const events = decodeAll(createMisPosDecoder(), concatBytes(bad, f), 1, false);
    expect(events.map((e) => (e.type === 'error' ? e.code : e.type))).toEqual(['BAD_CHECKSUM', 'frame']);
  });

  it('rejects LEN 0, LEN > 1024 and non-BCD LEN', () => {
    for (const [hex, msg] of [
      ['02 00 00', /LEN 0 outside/],
      ['02 10 25', /LEN 1025 outside/],
      ['02 0A 00', /not BCD/],
    ] as const) {
      const events = decodeAll(createMisPosDecoder(), concatBytes(fromHex(hex), FRAME));
      expect(events[0]).toMatchObject({ type: 'error', code: 'BAD_LENGTH', message: expect.stringMatching(msg) });
      expect(events.filter((e) => e.type === 'frame')).toHaveLength(1);
    }
  });

  it('a truncated frame followed by a good one: the good one survives, the cut one is reported', () => {
    const cut = FRAME.subarray(0, 6);
    const events = decodeAll(createMisPosDecoder(), concatBytes(cut, FRAME), 1);
    expect(events.filter((e) => e.type === 'frame')).toHaveLength(1);
    expect(events.some((e) => e.type === 'error')).toBe(true);
  });

  it('an ACK byte inside a corrupt frame is not mistaken for an ACK', () => {
    const corrupt = fromHex('02 00 03 06 06 06 03 00'); // bad LRC, data full of 0x06
    const events = decodeAll(createMisPosDecoder(), corrupt);
    expect(events.filter((e) => e.type === 'control')).toEqual([]);
    expect(events[0]).toMatchObject({ type: 'error', code: 'BAD_CHECKSUM' });
  });

  it('flush reports a partial frame as TRUNCATED and empties the buffer', () => {
    const d = createMisPosDecoder();
    expect(d.push(FRAME.subarray(0, 5))).toEqual([]);
    expect(d.buffered).toBe(5);
    expect(d.flush()).toMatchObject([{ type: 'error', code: 'TRUNCATED' }]);
    expect(d.buffered).toBe(0);
  });

  it('garbage is reported once as a run, then decoding goes on', () => {
    const events = decodeAll(createMisPosDecoder(), concatBytes(fromHex('41 42 43'), FRAME), 1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'GARBAGE' });
    expect(toHex(events[0]?.raw ?? new Uint8Array())).toBe('41 42 43');
    expect(events[1]?.type).toBe('frame');
  });
});

describe('DF-tag TLV', () => {
  it('encodes tags, short and long lengths exactly', () => {
    expect(toHex(encodeTlv([{ tag: 'DF01', value: fromHex('30 30') }]))).toBe('df 01 02 30 30');
    const long = encodeTlv([{ tag: 'DF06', value: new Uint8Array(200) }]);
    expect(toHex(long.subarray(0, 4))).toBe('df 06 81 c8');
    const longer = encodeTlv([{ tag: 'DF06', value: new Uint8Array(300) }]);
    expect(toHex(longer.subarray(0, 5))).toBe('df 06 82 01 2c');
    expect(() => encodeTlv([{ tag: '9F02', value: new Uint8Array(1) }])).toThrow(/DFnn/);
  });

  it('round-trips a purchase request with a 12-digit amount and GBK text', () => {
    const fields = recordToTlv({ DF01: '00', DF02: '01', DF03: '000000012345', DF47: '收银员1', DFBE: 'ORD-1' });
    const bytes = encodeTlv(fields);
    const back = decodeTlv(bytes);
    expect(back.ok).toBe(true);
    expect(tlvToRecord(back.fields)).toEqual({ DF01: '00', DF02: '01', DF03: '000000012345', DF47: '收银员1', DFBE: 'ORD-1' });
    // 收 in GBK is CA D5
    expect(toHex(textTlv('DF47', '收').value)).toBe('ca d5');
  });

  it('reports malformed TLV without throwing', () => {
    expect(decodeTlv(fromHex('DF 01 05 30'))).toMatchObject({ ok: false, message: 'DF01: value runs past the end of the data' });
    expect(decodeTlv(fromHex('9F 02 01 30'))).toMatchObject({ ok: false, message: expect.stringMatching(/expected a DFnn tag/) });
    expect(decodeTlv(fromHex('DF 01 83 00 00 01'))).toMatchObject({ ok: false, message: expect.stringMatching(/unsupported length/) });
  });
});
