import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_20240102 } from '../../test/fixtures/statements/journal-20240102';
import { enOf } from './bilingual';
import { parseStatement } from './detect';
import { type MatchItem, matchStatements } from './match';
import type { ChannelRow, LocalPayment } from './types';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/statements');
const ALL = ['wechat-20240102-all.csv', 'alipay-20240102.csv.zip', 'acquirer-20240102.csv'];
const rowsOf = (...names: string[]): ChannelRow[] => names.flatMap((n) => parseStatement(readFileSync(path.join(FIXTURES, n)), n).rows);
const brief = (i: MatchItem) => `${i.category} ${i.channel} ${i.leg} ${i.key}`;
/** An item with the English half of its "中文 / English" note (the Chinese half: bilingual.test.ts). */
const en = (i: MatchItem | undefined) => i && { ...i, note: enOf(i.note) };

describe('matching the journal against statements', () => {
  const result = matchStatements(JOURNAL_20240102, rowsOf(...ALL), { date: '2024-01-02', channels: ['wechat', 'alipay', 'card', 'unionpay'] });

  it('finds every kind of difference, in a deterministic order', () => {
    expect(result.items.filter((i) => i.category !== 'matched').map(brief)).toEqual([
      'localOnly alipay refund R-A005-1',
      'localOnly card payment 402010000008',
      'localOnly wechat payment W007',
      'localOnly wechat payment W008',
      'channelOnly alipay refund R-A001-9',
      'channelOnly card payment C007',
      'channelOnly wechat payment W003',
      'amountMismatch alipay refund R-A004-1',
      'amountMismatch wechat payment W004',
      'statusMismatch wechat payment W006',
    ]);
    expect(result.items.filter((i) => i.category === 'matched').map((i) => `${i.leg} ${i.key}`)).toEqual([
      'payment A001',
      'payment A002',
      'payment A003',
      'payment A004',
      'payment A005',
      'refund R-A002-1',
      'payment 402010000001',
      'payment 402010000002',
      'payment 402010000003',
      'payment 402010000004',
      'refund RF-C001',
      'payment U001',
      'payment W001',
      'payment W002',
      'payment W005',
      'refund R-W002-1',
    ]);
    expect(result.balanced).toBe(false);
  });

  it('explains each difference and its money effect', () => {
    const by = (k: string) => en(result.items.find((i) => i.key === k));
    expect(by('W007')).toMatchObject({ note: '短款: in the journal, missing at the channel', effectFen: -600, localAmountFen: 600 });
    expect(by('W008')?.note).toMatch(/not final locally \(unknown\)/);
    expect(by('W003')).toMatchObject({ note: '长款: on the statement, not in the journal', effectFen: 800, channelAmountFen: 800 });
    expect(by('W004')).toMatchObject({ localAmountFen: 1550, channelAmountFen: 1500, effectFen: -50, note: 'amount differs: journal 1550 fen, channel 1500 fen' });
    expect(result.items.find((i) => i.key === 'W004')?.note).toBe('金额不符：本地 ¥15.50，渠道 ¥15.00 / amount differs: journal 1550 fen, channel 1500 fen');
    expect(by('W006')).toMatchObject({ note: 'journal reversed, channel paid: money was taken (refund or re-confirm)', effectFen: 990 });
    expect(by('R-A004-1')).toMatchObject({ localAmountFen: 300, channelAmountFen: 200, effectFen: 100 });
    expect(by('R-A001-9')).toMatchObject({ effectFen: -100 });
    expect(by('W005')?.note).toBe('reversed on both sides');
    expect(by('402010000004')?.rows.map((r) => r.kind)).toEqual(['payment', 'void']);
    expect(by('W001')).toMatchObject({ at: '2024-01-02 09:15:01', channelFeeFen: 7, paymentId: 'p-w001' });
  });

  it('totals each category; cash and stored value stay unchecked', () => {
    expect(result.totals.matched.count).toBe(16);
    expect(result.totals.localOnly).toEqual({ count: 4, localFen: 400 + 6000 + 600 + 700, channelFen: 0, effectFen: 400 - 6000 - 600 });
    expect(result.totals.channelOnly).toMatchObject({ count: 3, channelFen: 100 + 8800 + 800 });
    expect(result.unchecked).toEqual([
      { tender: 'cash', count: 1, amountFen: 1500 },
      { tender: 'storedValue', count: 1, amountFen: 2000 },
    ]);
  });

  it('leaves tenders without a statement unchecked instead of calling them 短款', () => {
    const r = matchStatements(JOURNAL_20240102, rowsOf('wechat-20240102-all.csv'), { date: '2024-01-02' });
    expect(r.channels).toEqual(['wechat']);
    expect(r.items.every((i) => i.channel === 'wechat')).toBe(true);
    // Legs: 4 taken payments (A003 was reversed) and 3 refunds, refunds counted negative.
    expect(r.unchecked.find((u) => u.tender === 'alipay')).toEqual({ tender: 'alipay', count: 7, amountFen: 12700 - 1000 - 300 - 400 });
  });

  it('is balanced when both sides agree, and ignores legs of other days', () => {
    const local: LocalPayment[] = [
      { paymentId: 'a', orderNo: 'o', tender: 'wechat', amountFen: 1200, state: 'approved', at: '2024-01-02T01:15:01Z', outTradeNo: 'W001' },
      { paymentId: 'b', orderNo: 'o', tender: 'wechat', amountFen: 99, state: 'approved', at: '2024-01-01T15:59:59Z', outTradeNo: 'W-old' },
    ];
    const rows = rowsOf('wechat-20240102-all.csv').filter((r) => r.outTradeNo === 'W001');
    const r = matchStatements(local, rows, { date: '2024-01-02' });
    expect(r.items.map(brief)).toEqual(['matched wechat payment W001']);
    expect(r.balanced).toBe(true);
  });

  it('reports a duplicated statement row instead of matching it twice', () => {
    const rows = rowsOf('wechat-20240102-all.csv').filter((r) => r.outTradeNo === 'W001');
    const dup = [...rows, { ...(rows[0] as ChannelRow), line: 99 }];
    const local = JOURNAL_20240102.filter((p) => p.outTradeNo === 'W001');
    const r = matchStatements(local, dup, { date: '2024-01-02' });
    expect(r.items.map((i) => `${i.category} ${enOf(i.note)}`)).toEqual(['channelOnly duplicate statement row for W001 (first on line 2)', 'matched matched']);
    expect(r.items.map((i) => i.note)).toEqual(['对账单重复行：W001（首次见于第 2 行） / duplicate statement row for W001 (first on line 2)', '已匹配 / matched']);
  });
});
