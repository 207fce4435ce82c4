import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from './codec';
import { decodeAll, framesOf } from './decode-all';
import {
  createSmartPosDecoder,
  encodeSmartPos,
  isAckOnly,
  isHeartbeat,
  SMARTPOS_HANDSHAKE,
  SMARTPOS_HANDSHAKE_CONFIRM,
  SMARTPOS_HEARTBEAT,
  type SmartPosFrame,
} from './smartpos-55aa';

describe('55AA smart-POS codec', () => {
  it('encodes the documented handshake, confirm and heartbeat byte for byte', () => {
    expect(toHex(encodeSmartPos(SMARTPOS_HANDSHAKE), '')).toBe('55aa010000000001cc33');
    expect(toHex(encodeSmartPos(SMARTPOS_HANDSHAKE_CONFIRM), '')).toBe('55aa020000000002cc33');
    expect(toHex(encodeSmartPos(SMARTPOS_HEARTBEAT), '')).toBe('55aa000000000000cc33');
  });

  it('encodes a data frame: type ack id len(BE) data XOR(type..data) CC33', () => {
    const f: SmartPosFrame = { type: 0, ack: 1, msgId: 5, data: fromHex('61 62 63') };
    // XOR 00^01^05^00^03^61^62^63 = 0x67
    expect(toHex(encodeSmartPos(f))).toBe('55 aa 00 01 05 00 03 61 62 63 67 cc 33');
  });

  it('decodes frames in any chunking and classifies heartbeat / bare ack', () => {
    const data: SmartPosFrame = { type: 0, ack: 1, msgId: 5, data: fromHex('61 62 63') };
    const ack: SmartPosFrame = { type: 0, ack: 7, msgId: 0, data: new Uint8Array(0) };
    const stream = concatBytes(encodeSmartPos(SMARTPOS_HEARTBEAT), encodeSmartPos(data), encodeSmartPos(ack));
    for (const chunk of [1, 4, stream.length]) {
      const frames = framesOf(decodeAll(createSmartPosDecoder(), stream, chunk));
      expect(frames).toEqual([SMARTPOS_HEARTBEAT, data, ack]);
      expect(frames.map((f) => [isHeartbeat(f), isAckOnly(f)])).toEqual([
        [true, false],
        [false, false],
        [false, true],
      ]);
    }
  });

  it('rejects oversize length, bad XOR, bad trailer and unknown type; resyncs on 55 AA', () => {
    const good = encodeSmartPos({ type: 0, ack: 0, msgId: 1, data: fromHex('01') });
    const cases: Array<[string, string]> = [
      ['55 aa 00 00 01 04 01', 'BAD_LENGTH'],
      ['55 aa 00 00 01 00 01 01 ff cc 33', 'BAD_CHECKSUM'],
      ['55 aa 00 00 01 00 01 01 01 cc 34', 'BAD_TRAILER'],
      ['55 aa 07 00 00 00 00 07 cc 33', 'BAD_PAYLOAD'],
    ];
    for (const [hex, code] of cases) {
      const events = decodeAll(createSmartPosDecoder(), concatBytes(fromHex(hex), good), 1);
      expect(events[0]).toMatchObject({ type: 'error', code });
      expect(framesOf(events)).toHaveLength(1);
    }
    expect(() => encodeSmartPos({ type: 0, ack: 0, msgId: 1, data: new Uint8Array(1025) })).toThrow(/limit is 1024/);
    expect(() => encodeSmartPos({ type: 0, ack: 256, msgId: 1, data: new Uint8Array(0) })).toThrow(/ack must be 0\.\.255/);
  });

  it('a lone 55 not followed by AA is garbage', () => {
    const events = decodeAll(createSmartPosDecoder(), concatBytes(fromHex('55 55 00'), encodeSmartPos(SMARTPOS_HEARTBEAT)));
    expect(events[0]).toMatchObject({ type: 'error', code: 'GARBAGE' });
    expect(toHex(events[0]?.raw ?? new Uint8Array())).toBe('55 55 00');
    expect(framesOf(events)).toHaveLength(1);
  });
});
