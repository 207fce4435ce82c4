import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from './codec';
import { decodeAll, framesOf } from './decode-all';
import { createJsonDecoder, encodeJson } from './json-lines';

const te = new TextEncoder();
const REQ = { msgTp: '0200', payTp: '', procTp: '00', procCd: '000000', amt: '100.01', orderNo: 'A1' };

describe('JSON-over-COM codec (Newland 星POS PC link)', () => {
  it('encodes bare JSON (no framing), or with a newline when asked', () => {
    expect(new TextDecoder().decode(encodeJson({ a: '1' }))).toBe('{"a":"1"}');
    expect(toHex(encodeJson({ a: '1' }, { newline: true }))).toBe('7b 22 61 22 3a 22 31 22 7d 0a');
  });

  it('splits concatenated and newline-delimited objects, any chunking', () => {
    const reply = { msgTp: '0210', code: '-1', message: '该功能尚未开通' };
    const stream = concatBytes(encodeJson(REQ), te.encode('\r\n  '), encodeJson(reply), encodeJson(REQ));
    for (const chunk of [1, 2, 7, stream.length]) {
      const events = decodeAll(createJsonDecoder(), stream, chunk);
      expect(events.every((e) => e.type === 'frame')).toBe(true);
      expect(framesOf(events)).toEqual([REQ, reply, REQ]);
    }
  });

  it('respects braces and escaped quotes inside strings', () => {
    const tricky = { a: 'x}{"y\\', b: { c: '}' } };
    expect(framesOf(decodeAll(createJsonDecoder(), encodeJson(tricky), 1))).toEqual([tricky]);
  });

  it('GBK mode: a trail byte equal to "\\" or a brace inside a string does not confuse it', () => {
    // 乗 = 81 5C, 亄 = 81 7B in GBK: trail bytes 5C ('\\') and 7B ('{').
    const text = '乗亄收款成功';
    expect(toHex(iconv.encode('乗亄', 'gbk'))).toBe('81 5c 81 7b');
    const bytes = encodeJson({ message: text }, { encoding: 'gbk' });
    expect(framesOf(decodeAll(createJsonDecoder({ encoding: 'gbk' }), bytes, 1))).toEqual([{ message: text }]);
  });

  it('reports garbage, non-JSON and non-object values, then goes on', () => {
    const stream = concatBytes(te.encode('OK{"a":1,}[1]{"b":2}'));
    const events = decodeAll(createJsonDecoder(), stream, 1);
    expect(events.map((e) => (e.type === 'error' ? e.code : e.type))).toEqual(['GARBAGE', 'BAD_PAYLOAD', 'GARBAGE', 'frame']);
    expect(framesOf(events)).toEqual([{ b: 2 }]);
  });

  it('drops an oversize object up to its closing brace and keeps its buffer bounded', () => {
    const d = createJsonDecoder({ maxObjectBytes: 32 });
    const big = encodeJson({ x: 'y'.repeat(100), inner: { z: '}' } });
    const events = decodeAll(d, concatBytes(big, encodeJson({ ok: true })), 1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'OVERFLOW' });
    expect(framesOf(events)).toEqual([{ ok: true }]);
    d.push(te.encode('{"a":"'));
    expect(d.buffered).toBeLessThanOrEqual(33);
    expect(d.flush()[0]).toMatchObject({ code: 'TRUNCATED' });
  });
});
