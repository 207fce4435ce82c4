import { describe, expect, it } from 'vitest';
import { golden, pngDifference } from '../golden';
import type { PrinterProfile } from '../profile';
import { SAMPLE_CARD_SLIP, SAMPLE_REFUND, SAMPLE_SALE, SAMPLE_SETTLEMENT, SAMPLE_SHIFT } from '../samples';
import { VirtualPrinter } from '../virtual/interpreter';
import { type Receipt, receiptText } from '../virtual/model';
import { receiptToPng } from '../virtual/preview-png';
import { receiptToSvg } from '../virtual/preview-svg';
import { encodeCardSlip } from './card-slip';
import { encodeRefundReceipt } from './refund';
import { encodeSaleReceipt } from './sale';
import { encodeSettlementReport } from './settlement';
import { encodeShiftReport } from './shift';
import { encodeTestPage } from './test-page';

const P80: PrinterProfile = { widthMm: 80, encoding: 'GB18030', cjkMode: 'native', cut: true };
const P58: PrinterProfile = { widthMm: 58, encoding: 'GBK', cjkMode: 'native', cut: true };

function interpret(bytes: Uint8Array, profile: PrinterProfile): Receipt {
  const vp = new VirtualPrinter({ widthDots: profile.widthMm === 80 ? 576 : 384, encoding: profile.encoding === 'ascii' ? 'GB18030' : profile.encoding });
  const errors: string[] = [];
  vp.onError((e) => errors.push(e.message));
  vp.feed(bytes);
  expect(errors).toEqual([]);
  expect(vp.receipts).toHaveLength(1);
  const r = vp.receipts[0];
  if (!r) throw new Error('no receipt');
  return r;
}

describe('sale receipt', () => {
  it('encodes the exact golden bytes (80 mm, GB18030)', () => {
    const bytes = Buffer.from(encodeSaleReceipt(SAMPLE_SALE, P80, { openDrawer: true }));
    expect(bytes.subarray(0, 6).toString('hex')).toBe('1b401c261b70'); // init, Kanji on, drawer
    expect(bytes.equals(golden('sale-80.bin', bytes))).toBe(true);
  });

  it('lays out columns with CJK counted double width', () => {
    for (const profile of [P80, P58]) {
      const lines = receiptText(interpret(encodeSaleReceipt(SAMPLE_SALE, profile), profile));
      const cols = profile.widthMm === 80 ? 48 : 32;
      expect(lines).toContain('-'.repeat(cols));
      const total = lines.find((l) => l.startsWith('合计'));
      expect(total?.endsWith('￥236.48')).toBe(true);
      const width = (s: string) => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2), 0);
      expect(width(total ?? '')).toBe(cols);
      expect(lines.some((l) => l.endsWith('30.25升      7.52    227.48') || l.endsWith('30.25升    7.52  227.48'))).toBe(true);
    }
  });

  it('prints ￥ as A3A4 on a GBK printer and marks a reprint', () => {
    const bytes = Buffer.from(encodeSaleReceipt({ ...SAMPLE_SALE, copy: true }, P58));
    expect(bytes.includes(Buffer.from('a3a4', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('81308436', 'hex'))).toBe(false);
    expect(receiptText(interpret(bytes, P58))).toContain(' 重打印 COPY ');
  });

  it('rejects non-integer money with a message naming the field', () => {
    expect(() => encodeSaleReceipt({ ...SAMPLE_SALE, totalFen: 12.5 }, P80)).toThrow(/sale receipt: invalid data – totalFen/);
  });

  it('sends CJK as a raster image to printers without a Chinese font', () => {
    const profile: PrinterProfile = { ...P58, cjkMode: 'raster' };
    const bytes = Buffer.from(encodeSaleReceipt(SAMPLE_SALE, profile));
    expect(bytes.includes(Buffer.from('1c2e', 'hex'))).toBe(true); // Kanji mode off
    expect(bytes.includes(Buffer.from('1d763000', 'hex'))).toBe(true);
    const r = interpret(bytes, profile);
    const image = r.items.find((i) => i.kind === 'image');
    expect(image?.kind === 'image' && image.width).toBe(384);
    expect(image?.kind === 'image' && image.bits.some((x) => x !== 0)).toBe(true);
  });
});

describe('other templates', () => {
  it('card slip: JR/T 0001 order, copy title, signature only on the merchant copy', () => {
    const merchant = receiptText(interpret(encodeCardSlip(SAMPLE_CARD_SLIP, P58), P58));
    const order = ['商户名称', '商户编号', '终端编号', '操作员号', '收单行', '卡号', '交易类型', '有效期', '批次号', '凭证号', '授权码', '参考号', '日期/时间', '金额', '备注', '持卡人签名'];
    const at = order.map((label) => merchant.findIndex((l) => l.startsWith(label)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(merchant).toContain('商户存根 MERCHANT COPY');
    const holder = receiptText(interpret(encodeCardSlip({ ...SAMPLE_CARD_SLIP, copy: 'cardholder' }, P58), P58));
    expect(holder).toContain('持卡人存根 CARDHOLDER COPY');
    expect(holder.some((l) => l.startsWith('持卡人签名'))).toBe(false);
    expect(() => encodeCardSlip({ ...SAMPLE_CARD_SLIP, maskedPan: '6222021234561234' }, P58)).toThrow(/maskedPan: must be masked/);
  });

  it('card slip: Latin wraps between words, CJK per character, the date label is not padded', () => {
    const slip58 = receiptText(interpret(encodeCardSlip(SAMPLE_CARD_SLIP, P58), P58));
    const from = slip58.indexOf('本人确认以上交易，同意将其记入本');
    expect(slip58.slice(from, from + 5)).toEqual(['本人确认以上交易，同意将其记入本', '卡账户', 'I ACKNOWLEDGE SATISFACTORY', 'RECEIPT OF RELATIVE', 'GOODS/SERVICES']);
    const at = slip58.indexOf('日期/时间(DATE/TIME):');
    expect(slip58.slice(at, at + 2)).toEqual(['日期/时间(DATE/TIME):', '  2026-11-22 14:03:01']);
    expect(slip58.filter((l) => / $/.test(l))).toEqual([]); // no line ends in padding
    const slip80 = receiptText(interpret(encodeCardSlip(SAMPLE_CARD_SLIP, P80), P80));
    const end = slip80.indexOf('本人确认以上交易，同意将其记入本卡账户');
    expect(slip80.slice(end, end + 3)).toEqual(['本人确认以上交易，同意将其记入本卡账户', 'I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE', 'GOODS/SERVICES']);
  });

  it('refund slip of an amount (no goods) and void slip of a whole order', () => {
    const amount = receiptText(interpret(encodeRefundReceipt({ ...SAMPLE_REFUND, lines: [], reason: undefined }, P58), P58));
    expect(amount.slice(0, 11)).toEqual([
      '好又多超市',
      '退货单 REFUND',
      '-'.repeat(32),
      '退货单号:         R20261122-0001',
      '原单号:           S20261122-0001',
      '收银员:                     张三',
      '时间:        2026-11-22 15:10:00',
      '-'.repeat(32),
      '退款合计                 -￥3.50',
      '现金                       -3.50',
      '',
    ]);
    const voided = receiptText(interpret(encodeRefundReceipt({ ...SAMPLE_REFUND, kind: 'void', reason: '整单作废 / order voided' }, P80), P80));
    expect(voided).toContain('作废单 VOID');
    expect(voided.some((l) => l.startsWith('作废单号:'))).toBe(true);
    expect(voided).toContain('原因: 整单作废 / order voided');
  });

  it('a store name too long for double width on 58 mm prints whole at single width', () => {
    const r = interpret(encodeRefundReceipt({ ...SAMPLE_REFUND, storeName: '便民超市 · 加油站' }, P58), P58);
    const first = r.items[0];
    expect(first?.kind === 'line' && first.spans.map((x) => [x.text, x.widthMul, x.heightMul])).toEqual([['便民超市 · 加油站', 1, 2]]);
    const short = interpret(encodeRefundReceipt(SAMPLE_REFUND, P58), P58).items[0];
    expect(short?.kind === 'line' && short.spans[0]?.widthMul).toBe(2);
  });

  it('refund, settlement and shift reports print their totals', () => {
    expect(receiptText(interpret(encodeRefundReceipt(SAMPLE_REFUND, P80), P80)).some((l) => l.startsWith('退款合计') && l.endsWith('-￥3.50'))).toBe(true);
    const settle = receiptText(interpret(encodeSettlementReport(SAMPLE_SETTLEMENT, P80), P80));
    expect(settle.some((l) => l.startsWith('消费 ') && l.endsWith('42    12345.00'))).toBe(true);
    expect(settle).toContain('内卡对账平');
    expect(settle).toContain('外卡对账不平');
    expect(receiptText(interpret(encodeShiftReport(SAMPLE_SHIFT, P58), P58)).some((l) => l.startsWith('差额') && l.endsWith('0.00'))).toBe(true);
  });

  it('test page shows the profile, a CJK line, a barcode and a QR', () => {
    const r = interpret(encodeTestPage(P80), P80);
    expect(receiptText(r).some((l) => l.includes('GB18030'))).toBe(true);
    expect(r.items.filter((i) => i.kind === 'barcode').map((i) => i.kind === 'barcode' && i.data)).toEqual(['6901234567892', 'POSDESK-128']);
    expect(r.items.some((i) => i.kind === 'qr')).toBe(true);
  });
});

describe('preview goldens', () => {
  const cases: [string, () => Receipt][] = [
    ['sale-80', () => interpret(encodeSaleReceipt(SAMPLE_SALE, P80, { openDrawer: true }), P80)],
    ['sale-58-gbk-copy', () => interpret(encodeSaleReceipt({ ...SAMPLE_SALE, copy: true }, P58), P58)],
    ['card-slip-58', () => interpret(encodeCardSlip(SAMPLE_CARD_SLIP, P58), P58)],
    ['refund-58-gbk', () => interpret(encodeRefundReceipt(SAMPLE_REFUND, P58), P58)],
    ['refund-80', () => interpret(encodeRefundReceipt(SAMPLE_REFUND, P80), P80)],
    ['test-page-80', () => interpret(encodeTestPage(P80), P80)],
  ];
  for (const [name, make] of cases) {
    it(`${name}: SVG is byte-identical and PNG within 0.5% of pixels`, () => {
      const receipt = make();
      const svg = receiptToSvg(receipt);
      expect(receiptToSvg(receipt)).toBe(svg); // deterministic
      expect(svg).toBe(golden(`${name}.svg`, svg).toString('utf8'));
      const png = receiptToPng(receipt);
      expect(pngDifference(png, golden(`${name}.png`, png))).toBeLessThan(0.005);
    });
  }
});
