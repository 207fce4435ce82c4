/**
 * T+1 statements parse back: WeChat's backtick CSV through the real downloadbill call,
 * Alipay's GBK zip through the real bill.downloadurl.query + download URL. The tiny
 * parsers here are test-only.
 */
import { inflateRawSync, crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelKit, KIT_START_MS, startChannelKit } from '../../channel-test-kit';
import { QrChannelError } from '../../types';
import { magicAmount } from '../outcomes';
import { ALIPAY_DETAIL_COLUMNS, ALIPAY_SUMMARY_COLUMNS } from './alipay-bill';
import { WECHAT_BILL_HEADERS } from './wechat-bill';
import { writeZip } from './zip-writer';

/** WeChat bill -> { header, rows, summaryHeader, summary } with backticks stripped. */
function parseWechatBill(text: string) {
  // fetch's text() drops the BOM the file starts with; the raw bytes are checked below.
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  expect(lines.at(-1)).toBe('');
  lines.pop();
  const header = (lines.shift() ?? '').split(',');
  const summaryRow = lines.pop() ?? '';
  const summaryHeader = (lines.pop() ?? '').split(',');
  const unquote = (line: string) =>
    line.split(',').map((f) => {
      expect(f.startsWith('`')).toBe(true);
      return f.slice(1);
    });
  const rows = lines.map((l) => Object.fromEntries(unquote(l).map((v, i) => [header[i], v])));
  const summary = Object.fromEntries(unquote(summaryRow).map((v, i) => [summaryHeader[i], v]));
  return { header, rows, summaryHeader, summary };
}

/** Reads a zip through its central directory; checks every CRC. */
function readZip(zip: Buffer): { name: Buffer; data: Buffer; flags: number }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: { name: Buffer; data: Buffer; flags: number }[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const flags = zip.readUInt16LE(p + 8);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + csize));
    expect(crc32(data)).toBe(crc);
    out.push({ name, data, flags });
    p += 46 + nameLen;
  }
  return out;
}

/** Alipay CSV: comment lines, header, rows (TAB padding stripped), summary comment lines. */
function parseAlipayCsv(text: string) {
  const lines = text.split('\r\n').filter((l) => l !== '');
  const comments = lines.filter((l) => l.startsWith('#'));
  const table = lines.filter((l) => !l.startsWith('#'));
  const header = (table.shift() ?? '').split(',');
  const rows = table.map((l) => {
    const cells = l.split(',');
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(cells.map((v, i) => [header[i], v.replace(/\t$/, '')]));
  });
  return { comments, header, rows, raw: table };
}

let kit: ChannelKit;
beforeAll(async () => {
  kit = await startChannelKit();
  const wx = (no: string, fen: number) =>
    kit.wechat.pay({ channel: 'wechat', outTradeNo: no, authCode: kit.wechatCode(), amountFen: fen, subject: '可乐,大瓶', terminalId: 'T9' });
  const ali = (no: string, fen: number, store = 'NO0001') =>
    kit.alipay.pay({ channel: 'alipay', outTradeNo: no, authCode: kit.alipayCode(), amountFen: fen, subject: '面包', storeId: store });
  // Day 1 (2024-01-02): WeChat 12.00 + 30.00 (refund 5.00) + a failure that must not appear.
  await wx('W1', 1200);
  await wx('W2', 3000);
  await wx('W3', magicAmount('NOT_ENOUGH', 10));
  kit.clock.advance(60_000);
  await kit.wechat.refund({ outTradeNo: 'W2', outRefundNo: 'WR1', refundFen: 500, totalFen: 3000 });
  // Alipay: two stores, a refund and a cancel that refunded a last-moment payment.
  await ali('A1', 2000);
  await ali('A2', 4550, 'NO0002');
  await kit.alipay.refund({ outTradeNo: 'A1', outRefundNo: 'AR1', refundFen: 300, totalFen: 2000 });
  kit.sim.control.payAtLastMoment();
  await ali('A3', 990);
  await kit.alipay.reverse('A3');
  // Day 2: one more trade each, which must stay out of day 1's bills.
  kit.clock.advance(24 * 60 * 60_000);
  await wx('W4', 100);
  await ali('A4', 100);
});
afterAll(async () => {
  await kit.close();
});

describe('WeChat downloadbill (ALL / SUCCESS / REFUND)', () => {
  it('ALL: 27 columns, payment and refund rows, summary totals', async () => {
    const bill = parseWechatBill(await kit.wechat.downloadBill('20240102', 'ALL'));
    expect(bill.header.join(',')).toBe(WECHAT_BILL_HEADERS.ALL.detail);
    expect(bill.header).toHaveLength(27);
    expect(bill.rows.map((r) => [r['商户订单号'], r['交易状态']])).toEqual([
      ['W1', 'SUCCESS'],
      ['W2', 'SUCCESS'],
      ['W2', 'REFUND'],
    ]);
    const [w1, , refund] = bill.rows;
    expect(w1).toMatchObject({
      交易时间: '2024-01-02 10:00:00',
      公众账号ID: kit.sim.wechat.appId,
      商户号: kit.sim.wechat.mchId,
      特约商户号: '0',
      设备号: 'T9',
      交易类型: 'MICROPAY',
      应结订单金额: '12.00',
      手续费: '0.07000',
      费率: '0.60%',
      订单金额: '12.00',
      商品名称: '可乐，大瓶',
    });
    expect(refund).toMatchObject({ 交易时间: '2024-01-02 10:01:00', 商户退款单号: 'WR1', 退款金额: '5.00', 应结订单金额: '0.00', 手续费: '-0.03000' });
    expect(bill.summaryHeader.join(',')).toBe(WECHAT_BILL_HEADERS.ALL.summary);
    expect(bill.summary).toEqual({
      总交易单数: '3',
      应结订单总金额: '42.00',
      退款总金额: '5.00',
      充值券退款总金额: '0.00',
      手续费总金额: '0.22000',
      订单总金额: '42.00',
      申请退款总金额: '5.00',
    });
  });

  it('SUCCESS and REFUND types have their own columns', async () => {
    const ok = parseWechatBill(await kit.wechat.downloadBill('20240102', 'SUCCESS'));
    expect(ok.header).toHaveLength(20);
    expect(ok.rows).toHaveLength(2);
    expect(ok.summary).toEqual({ 总交易单数: '2', 应结订单总金额: '42.00', 手续费总金额: '0.25000', 订单总金额: '42.00' });
    const rf = parseWechatBill(await kit.wechat.downloadBill('20240102', 'REFUND'));
    expect(rf.header).toHaveLength(29);
    expect(rf.rows).toEqual([expect.objectContaining({ 交易时间: '2024-01-02 10:00:00', 退款申请时间: '2024-01-02 10:01:00', 退款金额: '5.00' })]);
  });

  it('a day without trades is "No Bill Exist"; the GET convenience serves the same text', async () => {
    await expect(kit.wechat.downloadBill('20231231')).rejects.toThrow(QrChannelError);
    const res = await fetch(`${kit.sim.url}/statements/wechat/20240103?type=ALL`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const bill = parseWechatBill(bytes.toString('utf8'));
    expect(bill.rows.map((r) => r['商户订单号'])).toEqual(['W4']);
  });
});

describe('Alipay bill zip (GBK, 业务明细 + 汇总)', () => {
  it('downloads through bill.downloadurl.query and parses back', async () => {
    const url = await kit.alipay.billDownloadUrl('2024-01-02');
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = readZip(Buffer.from(await res.arrayBuffer()));
    const names = entries.map((e) => iconv.decode(e.name, 'gbk'));
    expect(names).toEqual(['20880000000000010156_20240102_业务明细.csv', '20880000000000010156_20240102_业务明细(汇总).csv']);
    // GBK names, without the UTF-8 flag, as Alipay ships them.
    expect(entries.every((e) => (e.flags & 0x0800) === 0)).toBe(true);
    expect(entries[0]?.name.equals(Buffer.from(names[0] ?? '', 'utf8'))).toBe(false);

    const detail = parseAlipayCsv(iconv.decode(entries[0]?.data ?? Buffer.alloc(0), 'gbk'));
    expect(detail.comments.slice(0, 4)).toEqual([
      '#支付宝业务明细查询',
      '#账号：[20880000000000010156]',
      '#起始日期：[2024年01月02日 00:00:00]   终止日期：[2024年01月03日 00:00:00]',
      '#-----------------------------------------业务明细列表----------------------------------------',
    ]);
    expect(detail.header).toEqual([...ALIPAY_DETAIL_COLUMNS]);
    expect(detail.rows.map((r) => [r['商户订单号'], r['业务类型'], r['商家实收（元）'], r['退款批次号/请求号']])).toEqual([
      // All at 10:01:00 on the manual clock: ordered by time, then order number.
      ['A1', '交易', '20.00', ''],
      ['A1', '退款', '-3.00', 'AR1'],
      ['A2', '交易', '45.50', ''],
      ['A3', '交易', '9.90', ''],
      ['A3', '退款', '-9.90', ''],
    ]);
    // Identifier fields carry the trailing TAB in the raw file.
    expect(detail.raw[0]?.startsWith(`${kit.sim.control.trade('alipay', 'A1')?.transactionId}\t,A1\t,交易\t,面包,`)).toBe(true);
    expect(detail.comments.slice(-3)).toEqual([
      '#交易合计：3笔，商家实收共75.40元，商家优惠共0.00元',
      '#退款合计：2笔，商家实收退款共-12.90元，商家优惠退款共0.00元',
      expect.stringMatching(/^#导出时间：\[2024年01月03日 10:01:00\]$/),
    ]);

    const summary = parseAlipayCsv(iconv.decode(entries[1]?.data ?? Buffer.alloc(0), 'gbk'));
    expect(summary.header).toEqual([...ALIPAY_SUMMARY_COLUMNS]);
    expect(summary.rows.map((r) => [r['门店编号'], r['交易订单总笔数'], r['退款订单总笔数'], r['商家实收（元）'], r['实收净额（元）']])).toEqual([
      ['NO0001', '2', '2', '17.00', '17.00'],
      ['NO0002', '1', '0', '45.50', '45.50'],
      ['合计', '3', '2', '62.50', '62.50'],
    ]);
  });

  it('the download URL expires after 30 s', async () => {
    const url = await kit.alipay.billDownloadUrl('2024-01-02');
    kit.clock.advance(31_000);
    const res = await fetch(url);
    expect(res.status).toBe(410);
    expect(await res.text()).toBe('下载超时，请重新下载');
  });
});

describe('zip writer', () => {
  it('writes exact headers a reader can walk', () => {
    const modified = { year: 2024, month: 1, day: 2, hour: 10, minute: 30, second: 4 };
    const zip = writeZip([{ name: Buffer.from('a.txt'), data: Buffer.from('hello hello hello'), modified, utf8Name: true }]);
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.readUInt16LE(6)).toBe(0x0800);
    expect(zip.readUInt16LE(8)).toBe(8);
    expect(zip.readUInt16LE(10)).toBe((10 << 11) | (30 << 5) | 2);
    expect(zip.readUInt16LE(12)).toBe((44 << 9) | (1 << 5) | 2);
    expect(zip.subarray(-22, -18).toString('hex')).toBe('504b0506');
    const [entry] = readZip(zip);
    expect(entry?.data.toString()).toBe('hello hello hello');
    expect(KIT_START_MS).toBeGreaterThan(0);
  });
});
