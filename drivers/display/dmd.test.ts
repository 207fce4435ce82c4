import { describe, expect, it } from 'vitest';
import { dmdClear, dmdInit, dmdLine, dmdMoveTo, dmdText, dmdTwoLines } from './dmd';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DM-D 2x20 encoder (bills-displays.md §3)', () => {
  it('init, clear, cursor move', () => {
    expect(hex(dmdInit())).toBe('1b40');
    expect(hex(dmdClear())).toBe('0c');
    expect(hex(dmdMoveTo(1, 1))).toBe('1f240101');
    expect(hex(dmdMoveTo(20, 2))).toBe('1f241402');
    expect(() => dmdMoveTo(21, 1)).toThrow(/column/);
    expect(() => dmdMoveTo(1, 3)).toThrow(/row/);
  });

  it('encodes CJK in GB18030 and ASCII as is', () => {
    expect(hex(dmdText('总计', 'GB18030'))).toBe('d7dcbcc6');
    expect(hex(dmdText('总计 A', 'ascii'))).toBe('3f3f2041');
  });

  it('a line is moved-to and padded to exactly 20 columns', () => {
    expect(hex(dmdLine(2, 'TOTAL', 'ascii'))).toBe(`1f240102${Buffer.from('TOTAL'.padEnd(20)).toString('hex')}`);
    // 11 CJK characters are 22 columns: cut to 10, never half a character.
    const bytes = dmdLine(1, '一二三四五六七八九十百', 'GB18030');
    expect(bytes.length).toBe(4 + 20);
  });

  it('two lines start in overwrite mode', () => {
    expect(hex(dmdTwoLines('A', 'B', 'ascii')).startsWith('1f011f240101')).toBe(true);
  });
});
