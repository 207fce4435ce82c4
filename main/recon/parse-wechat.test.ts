import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fee5ToFen, milliFenToFee5, statementYuanToFen } from './amounts';
import { enOf } from './bilingual';
import { parseWechatBill } from './parse-wechat';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/statements');
const bill = readFileSync(path.join(FIXTURES, 'wechat-20240102-all.csv'));
const text = bill.toString('utf8');
const edit = (f: (s: string) => string) => Buffer.from(f(text), 'utf8');
/** An error with the English half of its "中文 / English" message (the Chinese half: bilingual.test.ts). */
const en = <E extends { message: string }>(e: E): E => ({ ...e, message: enOf(e.message) });

describe('yuan amounts', () => {
  it('converts digit by digit, never through floats', () => {
    expect(statementYuanToFen('0.29')).toBe(29);
    expect(statementYuanToFen('1.1')).toBe(110);
    expect(statementYuanToFen('-3000.00')).toBe(-300000);
    expect(Object.is(statementYuanToFen('-0.00'), 0)).toBe(true);
    expect(statementYuanToFen('9999999999999.99')).toBe(999999999999999);
    expect(() => statementYuanToFen('1.234')).toThrow(/at most 2 decimals/);
    expect(() => statementYuanToFen('1e3')).toThrow();
    expect(fee5ToFen('0.07000')).toBe(7);
    expect(fee5ToFen('-0.03000')).toBe(-3);
    expect(fee5ToFen('0.00500')).toBe(1); // half a fen rounds away from zero
    expect(fee5ToFen('0.00499')).toBe(0);
    expect(milliFenToFee5(6000)).toBe('0.06000');
    expect(milliFenToFee5(-499)).toBe('-0.00499');
  });
});

describe('WeChat downloadbill', () => {
  it('reads every detail row by header name and checks the summary', () => {
    const r = parseWechatBill(bill, 'wx.csv');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(7);
    expect(r.rows[0]).toEqual({
      channel: 'wechat',
      line: 2,
      source: 'wx.csv',
      kind: 'payment',
      status: 'success',
      amountFen: 1200,
      feeFen: 7,
      at: '2024-01-02 09:15:02',
      outTradeNo: 'W001',
      channelTradeNo: '4200000001202401020000000001',
      terminalId: 'T01',
      merchantNo: '10000100',
    });
    expect(r.rows[4]).toMatchObject({ outTradeNo: 'W005', status: 'revoked', amountFen: 2000 });
    expect(r.rows[6]).toMatchObject({
      kind: 'refund',
      outRefundNo: 'R-W002-1',
      channelRefundNo: '50000000012024010200000001',
      amountFen: 500,
      feeFen: -3,
      at: '2024-01-02 16:00:00',
    });
    expect(r.summary).toEqual({ billType: 'ALL', line: 10, count: 7, settledFen: 9490, refundFen: 500, feeFen: 54, orderFen: 9490 });
  });

  it('keeps the columns right when 商品名称 holds a comma', () => {
    const r = parseWechatBill(bill);
    expect(r.rows[0]?.outTradeNo).toBe('W001'); // the fixture's first product is "可乐,大瓶"
    expect(text).toContain('`可乐,大瓶');
  });

  it('accepts LF line ends and no BOM', () => {
    const r = parseWechatBill(Buffer.from(text.replace(/^\uFEFF/, '').replaceAll('\r\n', '\n')));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(7);
  });

  it('reports a bad amount with its line number and keeps the other rows', () => {
    const r = parseWechatBill(edit((s) => s.replace('`12.00,`0.00,`0,', '`12.0x,`0.00,`0,')), 'wx.csv');
    expect(r.rows).toHaveLength(6);
    // Only the bad row: the summary still counts 7 lines, and sums are not compared once a row failed.
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 2, source: 'wx.csv', message: expect.stringMatching(/12\.0x/) });
    expect(r.errors[0]?.raw).toContain('W001');
  });

  it('reports a row with a missing field', () => {
    const r = parseWechatBill(edit((s) => s.replace(',`T01,`4200000001202401020000000003', ',`4200000001202401020000000003')));
    expect(r.errors.map(en)[0]).toMatchObject({ line: 4, message: 'detail row has 26 fields, the header has 27' });
    expect(r.rows.map((x) => x.outTradeNo)).not.toContain('W003');
  });

  it('rejects a header without a required column as one whole-file error', () => {
    const r = parseWechatBill(edit((s) => s.replace('商户订单号,', '订单号,')));
    expect(r.rows).toEqual([]);
    expect(r.errors.map(en)).toEqual([{ line: 1, message: 'not a WeChat trade bill: header lacks 商户订单号', raw: expect.any(String), source: 'wechat bill' }]);
  });

  it('rejects GBK bytes and an empty file clearly', () => {
    expect(parseWechatBill(iconv.encode(text.slice(1), 'gbk')).errors).toEqual([
      { line: 0, message: expect.stringMatching(/not valid UTF-8/), raw: '', source: 'wechat bill' },
    ]);
    expect(enOf(parseWechatBill(new Uint8Array(0)).errors[0]?.message ?? '')).toBe('wechat bill is empty');
  });

  it('finds a summary that does not match the detail', () => {
    const r = parseWechatBill(edit((s) => s.replace('`7,`94.90,`5.00', '`7,`95.90,`5.00')));
    expect(r.rows).toHaveLength(7);
    expect(r.errors.map(en)).toEqual([
      expect.objectContaining({ line: 10, message: 'summary does not match detail: 应结订单总金额 9590 fen but rows sum to 9490' }),
    ]);
    expect(r.errors[0]?.message).toMatch(/^汇总与明细不符：应结订单总金额 ¥95\.90，明细合计 ¥94\.90 \/ /);
  });

  it('reports a truncated file (no summary) and an unknown status', () => {
    const truncated = text.split('\r\n').slice(0, 6).join('\r\n');
    const r = parseWechatBill(Buffer.from(truncated));
    expect(r.rows).toHaveLength(5);
    expect(r.errors).toEqual([expect.objectContaining({ line: 6, message: expect.stringMatching(/summary header .* missing/) })]);
    const odd = parseWechatBill(edit((s) => s.replace('`REVOKED', '`CLOSED')));
    expect(odd.errors[0]).toMatchObject({ line: 6, message: expect.stringMatching(/unknown 交易状态 "CLOSED"/) });
  });
});
