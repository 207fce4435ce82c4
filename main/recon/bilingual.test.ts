import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { JOURNAL_20240102 } from '../../test/fixtures/statements/journal-20240102';
import { writeZip } from '../channels/gateway-sim/statements/zip-writer';
import { both, enOf, yuan, zhOf } from './bilingual';
import { parseStatement } from './detect';
import { matchStatements } from './match';
import { parseAcquirerFile } from './parse-acquirer';
import { parseAlipayBill, parseAlipayDetailCsv, parseAlipaySummaryCsv } from './parse-alipay';
import { parseWechatBill } from './parse-wechat';
import type { ChannelRow, LocalPayment, ParseError } from './types';
import { readZip } from './zip-reader';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/statements');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const gbk = (s: string) => iconv.encode(s, 'gbk');

/** "中文 / English" as the renderer's pickLang splits it: Chinese before the first ' / ', something after. */
function chineseHalf(text: string): boolean {
  const at = text.indexOf(' / ');
  return at > 0 && /[\u4e00-\u9fff]/.test(text.slice(0, at)) && text.slice(at + 3).trim() !== '';
}

describe('bilingual texts', () => {
  it('builds "中文 / English" and splits it at the first separator', () => {
    const m = both('已匹配', 'matched');
    expect(m).toBe('已匹配 / matched');
    expect([zhOf(m), enOf(m)]).toEqual(['已匹配', 'matched']);
    // English halves may hold ' / ' themselves.
    const kinds = both('未知的交易类型 "x"（应为 消费、退货）', 'unknown 交易类型 "x" (expected 消费 / 退货)');
    expect([zhOf(kinds), enOf(kinds)]).toEqual(['未知的交易类型 "x"（应为 消费、退货）', 'unknown 交易类型 "x" (expected 消费 / 退货)']);
  });

  it('keeps the split right when a file name in the Chinese half holds " / "', () => {
    const m = both('a / b.csv 是空文件', 'a / b.csv is empty');
    expect(zhOf(m)).toBe('a ／ b.csv 是空文件');
    expect(enOf(m)).toBe('a / b.csv is empty');
  });

  it('leaves text without a Chinese first half whole, in both languages', () => {
    for (const t of ['inflate: invalid / corrupt data', 'no separator', '5 / 6 rows']) {
      expect([zhOf(t), enOf(t)]).toEqual([t, t]);
    }
  });

  it('nests a message inside another and stays splittable', () => {
    const inner = both('笔数格式不对："x"', 'not a count: "x"');
    const outer = both(`汇总行：${zhOf(inner)}`, `summary row: ${enOf(inner)}`);
    expect(outer).toBe('汇总行：笔数格式不对："x" / summary row: not a count: "x"');
    expect(zhOf(both(`合计行：${zhOf('inflate failed')}`, `footer: ${enOf('inflate failed')}`))).toBe('合计行：inflate failed');
  });

  it('writes money in the Chinese half as yuan', () => {
    expect([yuan(1234), yuan(-5), yuan(0), yuan(100)]).toEqual(['¥12.34', '-¥0.05', '¥0.00', '¥1.00']);
  });
});

describe('every match note has a Chinese half', () => {
  const rows = (...names: string[]): ChannelRow[] => names.flatMap((n) => parseStatement(fixture(n), n).rows);
  const all = rows('wechat-20240102-all.csv', 'alipay-20240102.csv.zip', 'acquirer-20240102.csv');
  const opts = { date: '2024-01-02', channels: ['wechat', 'alipay', 'card', 'unionpay'] as const };
  const set = (id: string, change: Partial<LocalPayment>) => JOURNAL_20240102.map((p) => (p.paymentId === id ? { ...p, ...change } : p));
  const byRef = (ref: string) => all.find((r) => r.outRefundNo === ref || r.outTradeNo === ref) as ChannelRow;
  const notes = [
    // The fixture day: every kind of difference.
    ...matchStatements(JOURNAL_20240102, all, opts).items,
    // Taken locally but REVOKED / voided at the channel; not final locally but paid at the channel.
    ...matchStatements(set('p-w005', { state: 'approved' }), all, opts).items,
    ...matchStatements(set('p-c004', { state: 'approved' }), all, opts).items,
    ...matchStatements(set('p-w001', { state: 'unknown' }), all, opts).items,
    ...matchStatements(set('p-w005', { state: 'sent' }), all, opts).items,
    // Reversed at the channel only; duplicated rows; a void whose payment is not on the statement.
    ...matchStatements(
      JOURNAL_20240102.filter((p) => p.paymentId !== 'p-w005'),
      [
        ...all,
        { ...byRef('W001'), line: 98 },
        { ...byRef('R-W002-1'), line: 99 },
        { ...(all.find((r) => r.kind === 'void' && r.channel === 'card') as ChannelRow), originalRef: '409999999999', line: 100 },
      ],
      opts,
    ).items,
  ].map((i) => i.note);

  it('for each note match.ts writes', () => {
    const shapes = new Set(notes.map((n) => enOf(n).replace(/\d+/g, 'N')));
    expect([...shapes].sort()).toEqual(
      [
        'matched',
        'reversed on both sides',
        '短款: in the journal, missing at the channel',
        '长款: on the statement, not in the journal',
        'on the statement (reversed there), not in the journal',
        'not final locally (unknown) and not on the statement: resolve by query (likely never paid)',
        'not final locally (unknown), channel paid: resolve by query',
        'not final locally (sent), channel reversed: resolve by query',
        'amount differs: journal N fen, channel N fen',
        'journal approved, channel REVOKED',
        'journal approved, channel voided',
        'journal reversed, channel paid: money was taken (refund or re-confirm)',
        'duplicate statement row for WN (first on line N)',
        'void of N, whose payment is not on this statement',
        'refund in the journal, not on the statement (not paid out?)',
        'refund differs: journal N fen, channel N fen',
        'refund on the statement, not in the journal',
        'duplicate refund row for R-WN-N (first on line N)',
      ].sort(),
    );
    expect(notes.filter((n) => !chineseHalf(n))).toEqual([]);
  });
});

describe('every statement error has a Chinese half', () => {
  const wx = fixture('wechat-20240102-all.csv').toString('utf8');
  const wxEdit = (f: (s: string) => string) => Buffer.from(f(wx), 'utf8');
  const aliDetail = iconv.decode(fixture('alipay-20240102-detail.csv'), 'gbk');
  const aliEdit = (f: (s: string) => string) => gbk(f(aliDetail));
  const acq = iconv.decode(fixture('acquirer-20240102.csv'), 'gbk');
  const acqEdit = (f: (s: string) => string) => gbk(f(acq));
  const zip = fixture('alipay-20240102.csv.zip');
  const entries = readZip(zip);
  const M = { year: 2024, month: 1, day: 3, hour: 9, minute: 0, second: 0 };
  const summaryText = iconv.decode(entries[1]?.data ?? Buffer.alloc(0), 'gbk');
  // A byte of the first entry's compressed data flipped: it no longer inflates, or fails its CRC.
  const damaged = Buffer.from(zip);
  const dataAt = 30 + damaged.readUInt16LE(26) + damaged.readUInt16LE(28);
  damaged[dataAt + 5] = (damaged[dataAt + 5] ?? 0) ^ 0xff;

  const errors: ParseError[] = [
    // WeChat
    ...parseWechatBill(new Uint8Array(0)).errors,
    ...parseWechatBill(Buffer.from('\r\n  \r\n')).errors,
    ...parseWechatBill(iconv.encode(wx.slice(1), 'gbk')).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('商户订单号,', '订单号,'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`12.00,`0.00,`0,', '`12.0x,`0.00,`0,'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace(',`T01,`4200000001202401020000000003', ',`4200000001202401020000000003'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`2024-01-02 10:20:11', '2024-01-02 10:20:11'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`2024-01-02 10:20:11', '`2024/01/02 10:20:11'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`4200000001202401020000000003,`W003', '`,`'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`REVOKED', '`CLOSED'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`ORIGINAL,`SUCCESS', '`ORIGINAL,`CHANGE'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`R-W002-1', '`'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`5.00,`0.00,`ORIGINAL', '`0.00,`0.00,`ORIGINAL').replace('`0.00,`5.00,`\r\n总', '`0.00,`0.00,`\r\n总'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replaceAll('`8.00,', '`0.00,'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`7,`94.90,`5.00,`0.00,`0.54000', '`8,`95.90,`6.00,`0.00,`0.55000'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`7,`94.90', '`8,`94.90'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`7,`94.90', '`7,`9x.90'))).errors,
    ...parseWechatBill(wxEdit((s) => s.replace('`7,`94.90', '7,`94.90'))).errors,
    ...parseWechatBill(wxEdit((s) => `${s}\`extra\r\n`)).errors,
    ...parseWechatBill(Buffer.from(wx.split('\r\n').slice(0, 6).join('\r\n'))).errors,
    // Alipay
    ...parseAlipayBill(new Uint8Array(0)).errors,
    ...parseAlipayDetailCsv(new Uint8Array(0)).errors,
    ...parseAlipayBill(zip.subarray(0, 700)).errors,
    ...parseAlipayBill(zip.subarray(0, 10)).errors,
    ...parseAlipayBill(writeZip([{ name: Buffer.from('readme.txt'), data: Buffer.from('x'), modified: M }])).errors,
    ...parseAlipayBill(damaged).errors,
    ...parseAlipayDetailCsv(gbk('#支付宝业务明细查询\r\n支付宝交易号,商户订单号\r\n')).errors,
    ...parseAlipayDetailCsv(gbk('#支付宝业务明细查询\r\nà,b\r\n')).errors,
    ...parseAlipayDetailCsv(Buffer.from(aliDetail, 'utf8')).errors,
    ...parseAlipayDetailCsv(Buffer.from([0x23, 0xff, 0xff, 0x0d, 0x0a])).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace('50.00,50.00', '50.00,5O.00'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace('\t,牛奶,', '\t,'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace('\t,牛奶,', '\t,"牛奶,'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace('2024-01-02 09:00:03', '2024-01-02 9:00:03'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace('2024010222001400000000000005\t,A005\t', '\t,\t'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace(',交易\t,水果', ',交换\t,水果'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace(',12.00,12.00,', ',0.00,12.00,'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace(',25.00,-1.00,', ',25.00,0.00,'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace('#交易合计：5笔，商家实收共145.00元', '#交易合计：6笔，商家实收共146.00元').replace('共-31.00元', '共-32.00元').replace('#退款合计：4笔', '#退款合计：5笔'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace('商家实收共145.00元', '商家实收共1.4.5元'))).errors,
    ...parseAlipayDetailCsv(aliEdit((s) => s.replace(/#交易合计.*\r\n/, ''))).errors,
    ...parseAlipaySummaryCsv(gbk('a,b\r\n1,2\r\n')).errors,
    ...parseAlipaySummaryCsv(gbk(summaryText.replace(/\r\n合计.*/, ''))).errors,
    ...parseAlipaySummaryCsv(gbk(summaryText.replace('合计,,5,4,145.00', '合计,,5,4,14x.00'))).errors,
    ...parseAlipaySummaryCsv(gbk(summaryText.replace('合计,,5,4,145.00', '合计,5,4,145.00'))).errors,
    ...parseAlipayBill(
      writeZip([
        { name: gbk(entries[0]?.name ?? ''), data: entries[0]?.data ?? Buffer.alloc(0), modified: M },
        { name: gbk(entries[1]?.name ?? ''), data: gbk(summaryText.replace('合计,,5,4,145.00,114.00', '合计,,6,5,145.00,115.00')), modified: M },
      ]),
    ).errors,
    // Acquirer
    ...parseAcquirerFile(new Uint8Array(0)).errors,
    ...parseAcquirerFile(Buffer.from('\r\n')).errors,
    ...parseAcquirerFile(Buffer.from([0xff, 0xff, 0x0a])).errors,
    ...parseAcquirerFile(Buffer.from('a,b,c\r\n1,2,3\r\n')).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace('09:30:12', '9:30'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace(',2024-01-02,AL0001', ',2024/01/02,AL0001'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace(',消费,000101,000001', ',预授权,000101,000001'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace('621700******4123,借记卡', '621700******4123,信用卡'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace(',100.00,0.50,', ',0.00,0.50,'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace(',402010000002,', ',,'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace(',402010000004,消费撤销', ',,消费撤销'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace(',100.00,0.50,', ',1OO.00,0.50,'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace(',一号店,10000001,10:45:00', ',10000001,10:45:00'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace('合计,8,704.00,9.44', '合计,9,705.00,9.45'))).errors,
    ...parseAcquirerFile(acqEdit((s) => s.replace('合计,8,704.00', '合计,8,7x4.00'))).errors,
    // Kind not told
    ...parseStatement(Buffer.from('hello\r\n'), 'x.txt').errors,
    ...parseStatement(new Uint8Array(0), 'e.csv').errors,
  ];

  it('for each bad file', () => {
    expect(errors.length).toBeGreaterThanOrEqual(63);
    expect(errors.filter((e) => !chineseHalf(e.message)).map((e) => e.message)).toEqual([]);
  });

  it('keeps the English half as it was', () => {
    const en = errors.map((e) => enOf(e.message));
    expect(en).toContain('summary does not match detail: 总交易单数 8 but 7 detail rows');
    expect(en).toContain('summary row: not a yuan amount with at most 2 decimals: "9x.90"');
    expect(en).toContain('合计 does not match the rows: 笔数 9 but 8 rows; 交易金额 70500 fen but rows net to 70400; 手续费 945 fen but rows sum to 944');
    const zh = errors.map((e) => zhOf(e.message));
    expect(zh).toContain('汇总与明细不符：总交易单数 8，明细 7 行');
    expect(zh).toContain('汇总行：金额格式不对（应为元，最多两位小数）："9x.90"');
    expect(zh).toContain('合计与明细不符：笔数 9，明细 8 行；交易金额 ¥705.00，明细净额 ¥704.00；手续费 ¥9.45，明细合计 ¥9.44');
  });
});
