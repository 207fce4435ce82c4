import { describe, expect, it } from 'vitest';
import { type LineEvent, LineSplitter } from './line-splitter';

const b = (s: string) => Buffer.from(s, 'latin1');
const lines = (evs: LineEvent[]) => evs.map((e) => (e.type === 'line' ? e.text : `ERR:${e.reason.slice(0, 20)}`));

/** Feed `data` split at every possible single cut point and in 1-byte chunks; all must agree. */
function allChunkings(split: () => LineSplitter, data: Buffer): string[][] {
  const results: string[][] = [];
  for (let cut = 0; cut <= data.length; cut++) {
    const s = split();
    results.push(lines([...s.push(data.subarray(0, cut)), ...s.push(data.subarray(cut))]));
  }
  const s = split();
  results.push(lines([...data].flatMap((x) => s.push(Uint8Array.of(x)))));
  return results;
}

describe('LineSplitter', () => {
  it('splits on CR, LF and CRLF by default, one line each, under any chunking', () => {
    const data = b('6901234567892\r\n96385074\r036000291452\n\r\n  5901234123457  \r\n');
    for (const r of allChunkings(() => new LineSplitter(), data)) {
      expect(r).toEqual(['6901234567892', '96385074', '036000291452', '5901234123457']);
    }
  });

  it('CRLF mode: only CRLF ends a line, a CRLF split across chunks included', () => {
    const data = b('ABC\r\nDEF\r\n');
    for (const r of allChunkings(() => new LineSplitter({ terminator: 'CRLF' }), data)) expect(r).toEqual(['ABC', 'DEF']);
    const s = new LineSplitter({ terminator: 'CRLF' });
    expect(lines(s.push(b('A\rB\r\n')))).toEqual(['ERR:line contains contro']);
  });

  it('CR mode: the LF of a CRLF is trimmed as whitespace', () => {
    const s = new LineSplitter({ terminator: 'CR' });
    expect(lines(s.push(b('AB\r\nCD\r\n')))).toEqual(['AB', 'CD']);
  });

  it('LF mode', () => {
    const s = new LineSplitter({ terminator: 'LF' });
    expect(lines(s.push(b('AB\r\nCD\n')))).toEqual(['AB', 'CD']);
  });

  it('keeps GS (FNC1) inside GS1 data', () => {
    const s = new LineSplitter();
    expect(s.push(b(']C11012AB\x1d21XYZ\r'))).toEqual([{ type: 'line', text: ']C11012AB\x1d21XYZ' }]);
  });

  it('over-long garbage is reported once, discarded, and the next line is read normally', () => {
    const s = new LineSplitter({ maxLineBytes: 16 });
    const out = [...s.push(b('X'.repeat(10))), ...s.push(b('Y'.repeat(30))), ...s.push(b('\r\n69012345'))];
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'error', reason: expect.stringMatching(/^line longer than 16 bytes/) });
    expect(out[0]?.type === 'error' && out[0].bytes.startsWith('58 58 58')).toBe(true);
    expect(lines(s.push(b('67892\r\n')))).toEqual(['6901234567892']);
  });

  it('a line of exactly maxLineBytes is fine', () => {
    const s = new LineSplitter({ maxLineBytes: 13 });
    expect(lines(s.push(b('6901234567892\r')))).toEqual(['6901234567892']);
  });

  it('line noise (wrong baud rate) is an error with the bytes as evidence', () => {
    const s = new LineSplitter();
    const [ev] = s.push(Uint8Array.of(0x80, 0x00, 0xfe, 0x13, 0x0d));
    expect(ev).toEqual({ type: 'error', reason: 'line contains control byte 0x00 at offset 1: line noise or a wrong baud rate', bytes: '80 00 fe 13' });
    expect(lines(s.push(b('OK\r')))).toEqual(['OK']);
  });

  it('invalid UTF-8 is an error; GB18030 scanners are decoded when configured', () => {
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0d]); // 你好 in GBK/GB18030
    expect(new LineSplitter().push(gbk)).toMatchObject([{ type: 'error', reason: expect.stringMatching(/not valid UTF-8/) }]);
    expect(new LineSplitter({ encoding: 'gb18030' }).push(gbk)).toEqual([{ type: 'line', text: '你好' }]);
    expect(new LineSplitter().push(Buffer.from('你好\r', 'utf8'))).toEqual([{ type: 'line', text: '你好' }]);
  });

  it('blank lines are ignored; flush() ends a line without a terminator', () => {
    const s = new LineSplitter();
    expect(s.push(b('\r\n\r\n   \r\nABC'))).toEqual([]);
    expect(s.pending).toBe(3);
    expect(s.flush()).toEqual([{ type: 'line', text: 'ABC' }]);
    expect(s.flush()).toEqual([]);
  });

  it('rejects bad options', () => {
    expect(() => new LineSplitter({ maxLineBytes: 0 })).toThrow(/maxLineBytes/);
    expect(() => new LineSplitter({ encoding: 'klingon' as 'utf-8' })).toThrow(/encoding/);
  });
});
