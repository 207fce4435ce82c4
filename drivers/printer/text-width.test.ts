import { describe, expect, it } from 'vitest';
import { centerToWidth, displayWidth, justify, padEndToWidth, padStartToWidth, truncateToWidth } from './text-width';
import { wrapToWidth } from './text-wrap';

describe('text width on a CJK printer grid', () => {
  it('counts ASCII as 1 and every other character (CJK, ￥, ×) as 2', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('可乐')).toBe(4);
    expect(displayWidth('￥1×2')).toBe(6);
    expect(displayWidth('𠀀a')).toBe(3); // a surrogate pair is one wide character
  });

  it('truncates without splitting a wide character', () => {
    expect(truncateToWidth('可口可乐', 5)).toBe('可口');
    expect(truncateToWidth('可口可乐', 5, '.')).toBe('可口.');
    expect(truncateToWidth('ab', 5)).toBe('ab');
  });

  it('pads to an exact width', () => {
    expect(padEndToWidth('可乐', 6)).toBe('可乐  ');
    expect(padStartToWidth('可乐', 6)).toBe('  可乐');
    expect(padEndToWidth('可口可乐', 5)).toBe('可口 ');
    expect(centerToWidth('可', 5)).toBe(' 可  ');
  });

  it('wraps between characters', () => {
    expect(wrapToWidth('一二三四a', 5)).toEqual(['一二', '三四a']);
    expect(wrapToWidth('', 5)).toEqual(['']);
  });

  it('justifies and keeps the right part whole', () => {
    expect(justify('合计', '12.00', 12)).toBe('合计   12.00');
    expect(displayWidth(justify('很长很长很长的名字', '123.45', 12))).toBe(12);
    expect(justify('很长很长很长的名字', '123.45', 12).endsWith('123.45')).toBe(true);
  });
});
