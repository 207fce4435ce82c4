import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from './codec';
import { decodeAll, framesOf } from './decode-all';
import { createLengthPrefixedDecoder, encodeLengthPrefixed } from './length-prefixed';

describe('4-byte length-prefixed codec', () => {
  it('encodes a big-endian length then the payload', () => {
    expect(toHex(encodeLengthPrefixed(fromHex('7b 7d')))).toBe('00 00 00 02 7b 7d');
    expect(toHex(encodeLengthPrefixed(new Uint8Array(0)))).toBe('00 00 00 00');
    expect(toHex(encodeLengthPrefixed(new Uint8Array(0x010203)).subarray(0, 4))).toBe('00 01 02 03');
    expect(() => encodeLengthPrefixed(new Uint8Array(11), 10)).toThrow(/limit is 10/);
  });

  it('decodes back to back messages in any chunking', () => {
    const a = fromHex('01 02 03');
    const b = new Uint8Array(300).fill(7);
    const stream = concatBytes(encodeLengthPrefixed(a), encodeLengthPrefixed(new Uint8Array(0)), encodeLengthPrefixed(b));
    for (const chunk of [1, 3, 64, stream.length]) {
      expect(framesOf(decodeAll(createLengthPrefixedDecoder(), stream, chunk))).toEqual([a, new Uint8Array(0), b]);
    }
  });

  it('a length over the limit is reported, and the decoder slides on', () => {
    const d = createLengthPrefixedDecoder(16);
    const events = decodeAll(d, concatBytes(fromHex('ff ff ff ff'), encodeLengthPrefixed(fromHex('aa'))));
    expect(events[0]).toMatchObject({ type: 'error', code: 'BAD_LENGTH', message: 'length 4294967295 over the 16-byte limit' });
    expect(framesOf(events)).toEqual([fromHex('aa')]);
  });

  it('keeps its buffer within the bound and reports a cut message on flush', () => {
    const d = createLengthPrefixedDecoder(16);
    d.push(fromHex('00 00 00 10 01 02'));
    expect(d.buffered).toBe(6);
    expect(d.flush()[0]).toMatchObject({ code: 'TRUNCATED' });
    expect(d.buffered).toBe(0);
  });
});
