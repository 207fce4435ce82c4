import { describe, expect, it } from 'vitest';
import { displayWidth } from './text-width';
import { wrapToWidth } from './text-wrap';

describe('wrapToWidth', () => {
  it('breaks Latin text between words, never inside one', () => {
    expect(wrapToWidth('I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES', 32)).toEqual([
      'I ACKNOWLEDGE SATISFACTORY',
      'RECEIPT OF RELATIVE',
      'GOODS/SERVICES',
    ]);
    expect(wrapToWidth('I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES', 48)).toEqual([
      'I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE',
      'GOODS/SERVICES',
    ]);
    expect(wrapToWidth('I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES', 42)).toEqual([
      'I ACKNOWLEDGE SATISFACTORY RECEIPT OF',
      'RELATIVE GOODS/SERVICES',
    ]);
  });

  it('wraps CJK per character at two columns each', () => {
    expect(wrapToWidth('本人确认以上交易同意将其记入本卡账户', 32)).toEqual(['本人确认以上交易同意将其记入本卡', '账户']);
    expect(wrapToWidth('一二三四a', 5)).toEqual(['一二', '三四a']);
    // An odd column left over is left empty rather than half a character printed.
    expect(wrapToWidth('一二三', 5)).toEqual(['一二', '三']);
  });

  it('never starts a line with closing punctuation: the character before it comes along', () => {
    expect(wrapToWidth('本人确认以上交易，同意将其记入本卡账户', 16)).toEqual(['本人确认以上交', '易，同意将其记入', '本卡账户']);
  });

  it('breaks mixed text between a Chinese character and a Latin word', () => {
    expect(wrapToWidth('持卡人签名(CARDHOLDER SIGNATURE):', 32)).toEqual(['持卡人签名(CARDHOLDER', 'SIGNATURE):']);
    expect(wrapToWidth('备注(REFERENCE): 原凭证号 000345 原参考号 141200123456', 32)).toEqual([
      '备注(REFERENCE): 原凭证号 000345',
      '原参考号 141200123456',
    ]);
  });

  it('splits a word longer than the line after its last / or -, else at the edge', () => {
    expect(wrapToWidth('https://posdesk.example/r/S20261122-0001', 16)).toEqual(['https://', 'posdesk.example/', 'r/S20261122-0001']);
    expect(wrapToWidth('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 10)).toEqual(['ABCDEFGHIJ', 'KLMNOPQRST', 'UVWXYZ']);
  });

  it('keeps the first line indent, drops blanks at breaks, keeps inner runs of spaces', () => {
    expect(wrapToWidth('  622202******1234 VISA DEBIT CARD', 20)).toEqual(['  622202******1234', 'VISA DEBIT CARD']);
    expect(wrapToWidth('a  b', 10)).toEqual(['a  b']);
    expect(wrapToWidth('word   ', 10)).toEqual(['word']);
    expect(wrapToWidth('', 5)).toEqual(['']);
    expect(wrapToWidth('one\ntwo', 10)).toEqual(['one', 'two']);
  });

  it('never returns a line wider than asked', () => {
    const text = '92号汽油（国VI）加油机 3 号枪 I ACKNOWLEDGE SATISFACTORY RECEIPT，谢谢惠顾 https://posdesk.example/a-very-long-path';
    for (const cols of [5, 8, 13, 16, 21, 32, 42, 48]) {
      for (const line of wrapToWidth(text, cols)) expect(displayWidth(line)).toBeLessThanOrEqual(cols);
    }
  });
});
