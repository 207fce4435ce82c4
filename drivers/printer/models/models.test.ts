/**
 * Every printer model's data file, and what PosDesk prints for it: exact bytes (a golden per
 * model), and the virtual printer's reading of them wrapping at the model's own columns.
 */
import { describe, expect, it } from 'vitest';
import { golden } from '../golden';
import { columnsFor, widthDotsOf } from '../profile';
import { resolvePrinterProfile } from '../resolve-profile';
import { SAMPLE_CARD_SLIP, SAMPLE_REFUND, SAMPLE_SALE } from '../samples';
import { encodeCardSlip } from '../templates/card-slip';
import { encodeRefundReceipt } from '../templates/refund';
import { encodeSaleReceipt } from '../templates/sale';
import { displayWidth } from '../text-width';
import { VirtualPrinter } from '../virtual/interpreter';
import { type Receipt, receiptText, type TextLine } from '../virtual/model';
import { receiptToSvg } from '../virtual/preview-svg';
import { PRINTER_MODELS } from './catalog';

function interpret(bytes: Uint8Array, id: string): Receipt {
  const { profile, kanjiAtPowerOn } = resolvePrinterProfile({ printerModel: id });
  const vp = new VirtualPrinter({ widthDots: widthDotsOf(profile), encoding: profile.encoding, kanjiAtPowerOn });
  const errors: string[] = [];
  vp.onError((e) => errors.push(e.message));
  vp.feed(bytes);
  expect(errors).toEqual([]);
  return vp.receipts[0] ?? vp.peek(); // a printer without a cutter never ends the receipt
}

/** Printed width of a line: its text at the line's character width. */
function printedColumns(line: TextLine): number {
  return line.spans.reduce((n, s) => n + displayWidth(s.text) * s.widthMul, 0);
}

describe('printer model files', () => {
  it('are the ten models, each citing where every fact comes from (or saying it is modelled or derived)', () => {
    expect(PRINTER_MODELS.map((m) => m.id).sort()).toEqual([
      'epson-tm-t20',
      'epson-tm-t82',
      'epson-tm-t88',
      'gprinter-gp-58',
      'gprinter-gp-80',
      'star-tsp100',
      'sunmi-58',
      'sunmi-80',
      'xprinter-xp-58',
      'xprinter-xp-80',
    ]);
    for (const m of PRINTER_MODELS) {
      for (const [fact, source] of Object.entries(m.sources)) {
        expect(/^(modelled|derived):|https?:\/\/|\/[\w.-]+\.(json|yml|md|ts)\b|README|field-notes/.test(source), `${m.id}.${fact}: ${source}`).toBe(true);
      }
    }
  });

  it('say which language the Star is spoken to in', () => {
    const star = PRINTER_MODELS.find((m) => m.id === 'star-tsp100');
    expect(star?.language).toBe('esc-pos-emulation');
    expect(star?.nativeLanguage).toBe('star-prnt');
    expect(star?.quirks.join(' ')).toMatch(/ESC\/POS emulation/);
  });
});

describe.each(PRINTER_MODELS.map((m) => [m.id, m] as const))('%s', (id, model) => {
  const { profile } = resolvePrinterProfile({ printerModel: id });
  const paper = model.paper[0];
  const columns = paper?.columns.A ?? 0;

  it('resolves to its paper, dots and columns', () => {
    expect(profile.widthMm).toBe(paper?.widthMm);
    expect(widthDotsOf(profile)).toBe(paper?.widthDots);
    expect(columnsFor(profile)).toBe(columns);
  });

  it('encodes the sample sale to its golden bytes', () => {
    const bytes = Buffer.from(encodeSaleReceipt(SAMPLE_SALE, profile, { openDrawer: true }));
    expect(bytes.equals(golden(`models/${id}-sale.bin`, bytes))).toBe(true);
    const hex = bytes.toString('hex');
    // Drawer pulse only where there is a drawer port; GS V only where there is a cutter.
    expect(hex.includes('1b70001978')).toBe(model.drawer !== null);
    expect(hex.includes('1d5600')).toBe(model.cutter !== false);
  });

  it('prints the refund slip and the card slip within its columns, as the preview shows', () => {
    for (const bytes of [encodeRefundReceipt(SAMPLE_REFUND, profile), encodeCardSlip(SAMPLE_CARD_SLIP, profile), encodeSaleReceipt(SAMPLE_SALE, profile)]) {
      const receipt = interpret(bytes, id);
      expect(receipt.widthDots).toBe(paper?.widthDots);
      expect(receiptToSvg(receipt)).toContain(`viewBox="0 0 ${(paper?.widthDots ?? 0) + 32} `);
      const lines = receipt.items.filter((i): i is TextLine => i.kind === 'line');
      for (const l of lines) expect(printedColumns(l), receiptText({ ...receipt, items: [l] })[0]).toBeLessThanOrEqual(columns);
      if (model.cjk === 'native') {
        expect(receiptText(receipt)).toContain('-'.repeat(columns));
      } else {
        // No Chinese font: lines with Chinese text arrive as images as wide as the head.
        const images = receipt.items.filter((i) => i.kind === 'image');
        expect(images.length).toBeGreaterThan(0);
        for (const img of images) expect(img.kind === 'image' && img.width).toBe(paper?.widthDots);
        expect(receiptText(receipt).every((t) => /^[\x20-\x7e]*$/.test(t))).toBe(true);
      }
    }
  });
});

describe('a 58 mm GBK printer', () => {
  it('gets 32-column GBK receipts: ￥ as A3A4, no four-byte GB18030, totals flush at column 32', () => {
    const { profile } = resolvePrinterProfile({ printerModel: 'xprinter-xp-58', encoding: 'GBK' });
    const bytes = Buffer.from(encodeRefundReceipt(SAMPLE_REFUND, profile));
    expect(bytes.includes(Buffer.from('a3a4', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('81308436', 'hex'))).toBe(false);
    const lines = receiptText(interpret(bytes, 'xprinter-xp-58'));
    expect(lines).toContain('-'.repeat(32));
    expect(lines).toContain('退款合计                 -￥3.50');
    expect(lines).toContain('时间:        2026-11-22 15:10:00');
  });
});
