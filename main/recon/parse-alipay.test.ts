import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../channels/gateway-sim/statements/zip-writer';
import { enOf } from './bilingual';
import { parseAlipayBill, parseAlipayDetailCsv } from './parse-alipay';
import { readZip } from './zip-reader';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/statements');
const zip = readFileSync(path.join(FIXTURES, 'alipay-20240102.csv.zip'));
const detailText = iconv.decode(readFileSync(path.join(FIXTURES, 'alipay-20240102-detail.csv')), 'gbk');
const gbk = (s: string) => iconv.encode(s, 'gbk');
/** An error with the English half of its "中文 / English" message (the Chinese half: bilingual.test.ts). */
const en = <E extends { message: string }>(e: E): E => ({ ...e, message: enOf(e.message) });
const M = { year: 2024, month: 1, day: 3, hour: 9, minute: 0, second: 0 };

describe('zip reader', () => {
  it('lists the GBK-named entries and inflates them', () => {
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['20885212319120680156_20240102_业务明细.csv', '20885212319120680156_20240102_业务明细(汇总).csv']);
    expect(iconv.decode(entries[0]?.data ?? Buffer.alloc(0), 'gbk')).toBe(detailText);
  });

  it('reads UTF-8 flagged names too', () => {
    const z = writeZip([{ name: Buffer.from('账单.csv'), data: Buffer.from('x'), modified: M, utf8Name: true }]);
    expect(readZip(z).map((e) => e.name)).toEqual(['账单.csv']);
  });

  it('names truncation, damage and non-zips', () => {
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow(/truncated or damaged: no end-of-central-directory/);
    expect(() => readZip(Buffer.from('hello world'))).toThrow(/not a zip file/);
    const damaged = Buffer.from(zip);
    const at = 30 + 43 + 40; // local header + GBK name, then well inside the deflate data
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    expect(() => readZip(damaged)).toThrow(/业务明细\.csv" (does not inflate|fails its CRC)/);
  });
});

describe('Alipay bill', () => {
  it('reads trades, refunds and cancel-refunds from the zip and checks both totals', () => {
    const r = parseAlipayBill(zip, 'ali.zip');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => `${x.kind}:${x.outTradeNo}:${x.amountFen}:${x.outRefundNo ?? ''}`)).toEqual([
      'payment:A001:2500:',
      'payment:A002:4000:',
      'payment:A003:1800:',
      'void:A003:1800:',
      'payment:A004:5000:',
      'payment:A005:1200:',
      'refund:A002:1000:R-A002-1',
      'refund:A004:200:R-A004-1',
      'refund:A001:100:R-A001-9',
    ]);
    expect(r.rows[0]).toEqual({
      channel: 'alipay',
      line: 6,
      source: '20885212319120680156_20240102_业务明细.csv',
      kind: 'payment',
      status: 'success',
      amountFen: 2500,
      feeFen: 0,
      at: '2024-01-02 09:00:03',
      outTradeNo: 'A001',
      channelTradeNo: '2024010222001400000000000001',
      memo: undefined,
      terminalId: 'T01',
    });
    expect(r.rows[3]).toMatchObject({ memo: '撤销', originalRef: '2024010222001400000000000003' });
    expect(r.summary).toMatchObject({ payCount: 5, payFen: 14500, refundCount: 4, refundFen: 3100, total: { payCount: 5, refundCount: 4, receivedFen: 11400 } });
  });

  it('reads a bare 业务明细 CSV taken out of the zip', () => {
    const r = parseAlipayBill(gbk(detailText));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(9);
  });

  it('reports a bad amount with its line and keeps the rest', () => {
    const r = parseAlipayDetailCsv(gbk(detailText.replace('50.00,50.00', '50.00,5O.00')), 'd.csv');
    expect(r.rows).toHaveLength(8);
    expect(r.errors).toEqual([{ line: 10, message: expect.stringMatching(/5O\.00/), raw: expect.stringContaining('A004'), source: 'd.csv' }]);
  });

  it('reports a row with a missing column', () => {
    const lines = detailText.split('\r\n');
    lines[6] = (lines[6] ?? '').replace('\t,牛奶,', '\t,');
    const r = parseAlipayDetailCsv(gbk(lines.join('\r\n')));
    expect(r.errors.map(en)[0]).toMatchObject({ line: 7, message: 'row has 24 fields, the header has 25' });
  });

  it('finds a footer that does not match the detail', () => {
    const r = parseAlipayDetailCsv(gbk(detailText.replace('#交易合计：5笔', '#交易合计：6笔')));
    expect(r.errors).toEqual([expect.objectContaining({ line: 16, message: expect.stringMatching(/交易合计 6笔 but 5 trade rows/) })]);
  });

  it('finds a 汇总 that does not match the detail', () => {
    const entries = readZip(zip);
    const summary = iconv.decode(entries[1]?.data ?? Buffer.alloc(0), 'gbk').replace('合计,,5,4,145.00,114.00', '合计,,5,4,145.00,115.00');
    const z = writeZip([
      { name: gbk(entries[0]?.name ?? ''), data: entries[0]?.data ?? Buffer.alloc(0), modified: M },
      { name: gbk(entries[1]?.name ?? ''), data: gbk(summary), modified: M },
    ]);
    const r = parseAlipayBill(z);
    expect(r.errors.map(en)).toEqual([expect.objectContaining({ line: 7, message: '汇总 合计 does not match the detail: 商家实收 11500 fen but rows sum to 11400' })]);
    expect(r.errors[0]?.message).toMatch(/^汇总文件的合计与明细不符：商家实收 ¥115\.00，明细合计 ¥114\.00 \/ /);
  });

  it('gives one clear error for a truncated zip, a UTF-8 file, an empty file, a zip without the detail', () => {
    expect(parseAlipayBill(zip.subarray(0, 700)).errors.map(en)).toEqual([
      { line: 0, message: 'alipay bill is truncated or damaged: no end-of-central-directory record', raw: '', source: 'alipay bill' },
    ]);
    const utf8 = parseAlipayDetailCsv(Buffer.from(detailText, 'utf8'));
    expect(utf8.rows).toEqual([]);
    expect(utf8.errors).toHaveLength(1);
    expect(utf8.errors[0]?.message).toMatch(/GBK/);
    expect(enOf(parseAlipayBill(new Uint8Array(0)).errors[0]?.message ?? '')).toBe('alipay bill is empty');
    const other = writeZip([{ name: Buffer.from('readme.txt'), data: Buffer.from('x'), modified: M }]);
    expect(parseAlipayBill(other).errors[0]?.message).toBe('alipay bill 中没有 …_业务明细.csv（包内文件：readme.txt） / alipay bill holds no …_业务明细.csv (entries: readme.txt)');
  });
});
