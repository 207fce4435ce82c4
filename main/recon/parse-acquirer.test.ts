import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { enOf } from './bilingual';
import { detectStatementKind, parseStatement } from './detect';
import { parseAcquirerFile } from './parse-acquirer';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/statements');
const file = readFileSync(path.join(FIXTURES, 'acquirer-20240102.csv'));
const text = iconv.decode(file, 'gbk');
/** An error with the English half of its "中文 / English" message (the Chinese half: bilingual.test.ts). */
const en = <E extends { message: string }>(e: E): E => ({ ...e, message: enOf(e.message) });

describe('acquirer card detail file', () => {
  it('reads sales, voids, refunds and UnionPay QR rows (GBK)', () => {
    const r = parseAcquirerFile(file, 'acq.csv');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => `${x.channel}:${x.kind}:${x.refNo ?? '-'}:${x.amountFen}:${x.feeFen}`)).toEqual([
      'card:payment:402010000001:10000:50',
      'card:payment:402010000002:20000:100',
      'card:payment:402010000003:30000:750',
      'card:payment:402010000004:40000:200',
      'card:void:402010000005:40000:-200',
      'card:refund:402010000006:5000:-25',
      'card:payment:402010000007:8800:44',
      'unionpay:payment:-:6600:25',
    ]);
    expect(r.rows[2]).toMatchObject({ cardScheme: 'foreign', cardKind: 'credit', at: '2024-01-02 11:20:33', batchNo: '000101', traceNo: '000003', terminalId: '10000001' });
    expect(r.rows[5]).toMatchObject({ outRefundNo: 'RF-C001', originalRef: '402010000001', cardScheme: 'domestic', cardKind: 'debit' });
    expect(r.summary).toEqual({ line: 10, count: 8, amountFen: 70400, feeFen: 944 });
  });

  it('also reads the same file in UTF-8', () => {
    expect(parseAcquirerFile(Buffer.from(`\uFEFF${text}`, 'utf8')).rows).toHaveLength(8);
  });

  it('masks a full card number, in rows and in error text', () => {
    const full = parseAcquirerFile(iconv.encode(text.replace('621700******4123', '6217000010006354123'), 'gbk'));
    expect(full.rows[0]?.maskedPan).toBe('621700*********4123');
    const bad = parseAcquirerFile(iconv.encode(text.replace('621700******4123,借记卡', '6217000010006354123,信用卡'), 'gbk'));
    expect(bad.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/unknown 卡类别 "信用卡"/) });
    expect(bad.errors[0]?.raw).not.toContain('6217000010006354123');
  });

  it('never gives back a short or odd card number unmasked, in rows or in error text', () => {
    for (const odd of ['62170000100', '621700001000', '6217 0000 1000', '6217-0000-100', 'x6217000010006', '62170000100063541234']) {
      const stars = '*'.repeat(odd.replace(/[\s-]/g, '').length);
      const row = parseAcquirerFile(iconv.encode(text.replace('621700******4123', odd), 'gbk'));
      expect(row.errors, odd).toEqual([]);
      expect(row.rows[0]?.maskedPan, odd).toBe(stars);
      const bad = parseAcquirerFile(iconv.encode(text.replace('621700******4123,借记卡', `${odd},信用卡`), 'gbk'));
      expect(bad.errors[0]?.line, odd).toBe(2);
      expect(bad.errors[0]?.raw, odd).not.toContain(odd);
      expect(bad.errors[0]?.raw, odd).toContain(`,${stars},信用卡`);
    }
    // A row with the wrong number of fields is echoed too: its card number is masked as well.
    const short = parseAcquirerFile(iconv.encode(text.replace('621700******4123,借记卡', '6217000010006354123,借记卡,extra'), 'gbk'));
    expect(short.errors[0]?.raw).toContain('621700*********4123,借记卡,extra');
  });

  it('reports bad rows by line, and a 合计 that does not match', () => {
    const r = parseAcquirerFile(iconv.encode(text.replace('09:30:12', '9:30').replace('合计,8,704.00', '合计,8,705.00'), 'gbk'));
    expect(r.rows).toHaveLength(7);
    expect(r.errors.map(en)).toEqual([expect.objectContaining({ line: 2, message: '交易时间 is not HH:mm:ss: "9:30"' })]);
    const sum = parseAcquirerFile(iconv.encode(text.replace('合计,8,704.00', '合计,8,705.00'), 'gbk'));
    expect(sum.errors.map(en)).toEqual([expect.objectContaining({ line: 10, message: '合计 does not match the rows: 交易金额 70500 fen but rows net to 70400' })]);
    expect(sum.errors[0]?.message).toBe('合计与明细不符：交易金额 ¥705.00，明细净额 ¥704.00 / 合计 does not match the rows: 交易金额 70500 fen but rows net to 70400');
  });

  it('rejects a file without the required columns as one error', () => {
    const r = parseAcquirerFile(Buffer.from('a,b,c\r\n1,2,3\r\n'));
    expect(r.errors.map(en)).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/^not an acquirer card detail file: header lacks 终端号/) })]);
  });
});

describe('statement detection', () => {
  it('tells each kind from its bytes', () => {
    for (const [name, kind] of [
      ['acquirer-20240102.csv', 'acquirer'],
      ['alipay-20240102.csv.zip', 'alipay'],
      ['alipay-20240102-detail.csv', 'alipay'],
      ['wechat-20240102-all.csv', 'wechat'],
    ] as const) {
      expect(detectStatementKind(readFileSync(path.join(FIXTURES, name)))).toBe(kind);
    }
    expect(parseStatement(Buffer.from('hello\r\n'), 'x.txt').errors.map(en)[0]?.message).toMatch(/^x\.txt: not a known statement/);
    expect(parseStatement(new Uint8Array(0), 'e.csv').errors[0]?.message).toBe('e.csv 是空文件 / e.csv is empty');
  });
});
