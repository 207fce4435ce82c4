import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { ReceiptWriter } from '../../drivers/printer/escpos/writer';
import type { PrinterProfile } from '../../drivers/printer/profile';
import { SAMPLE_SALE } from '../../drivers/printer/samples';
import { encodeSaleReceipt } from '../../drivers/printer/templates/sale';
import { VirtualPrinter } from '../../drivers/printer/virtual/interpreter';
import { receiptToSvg } from '../../drivers/printer/virtual/preview-svg';
import type { BenchRow } from './bench-row';

/**
 * ESC/POS encoding speed: our ReceiptWriter (@node-escpos/core + native GS ( k QR) against
 * @point-of-sale/receipt-printer-encoder on the same 40-line ASCII receipt with a QR code;
 * plus the virtual printer's throughput and the SVG preview time.
 */

const BENCH = 'escpos-encode';
const LINES = 40;
const QR = 'https://posdesk.example/r/S20261122-0001';
const P80: PrinterProfile = { widthMm: 80, encoding: 'GB18030', cjkMode: 'native', cut: true };
const ASCII_LINES = Array.from({ length: LINES }, (_, i) => `Item ${String(i + 1).padStart(2, '0')} sample product      2 x 3.50      7.00`.slice(0, 48));
const BUDGET_NS = 2_000_000_000n; // ~2 s per measurement keeps the whole bench well under 20 s

function rate(fn: () => void): { perSecond: number; runs: number } {
  for (let i = 0; i < 200; i++) fn(); // warm-up: let the JIT settle
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < BUDGET_NS) {
    for (let i = 0; i < 50; i++) fn();
    runs += 50;
    elapsed = process.hrtime.bigint() - start;
  }
  return { perSecond: (runs * 1e9) / Number(elapsed), runs };
}

function ours(): Uint8Array {
  const w = new ReceiptWriter(P80);
  for (const l of ASCII_LINES) w.line(l);
  w.qr(QR, { moduleSize: 6, level: 'M' });
  w.cut();
  return w.bytes();
}

function theirs(): Uint8Array {
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48 });
  e.initialize();
  for (const l of ASCII_LINES) e.line(l);
  e.qrcode(QR, 2, 6, 'm');
  e.cut();
  return e.encode();
}

export default async function (): Promise<BenchRow[]> {
  const a = rate(ours);
  const b = rate(theirs);
  const rows: BenchRow[] = [
    { bench: BENCH, metric: 'ReceiptWriter receipts/s (40 ASCII lines + QR)', value: Math.round(a.perSecond), unit: 'receipts/s', note: `${ours().length} bytes` },
    { bench: BENCH, metric: 'receipt-printer-encoder receipts/s (same receipt)', value: Math.round(b.perSecond), unit: 'receipts/s', note: `${theirs().length} bytes` },
    { bench: BENCH, metric: 'speed ratio ours / receipt-printer-encoder', value: Number((a.perSecond / b.perSecond).toFixed(2)), unit: 'x', goal: '≥ 10x' },
  ];
  const sale = rate(() => encodeSaleReceipt(SAMPLE_SALE, P80));
  rows.push({ bench: BENCH, metric: 'encodeSaleReceipt (CJK, zod-validated, QR)', value: Math.round(sale.perSecond), unit: 'receipts/s' });

  // Interpreter throughput over a batch of sale receipts.
  const one = encodeSaleReceipt(SAMPLE_SALE, P80);
  const batch = Buffer.concat(Array.from({ length: 200 }, () => one));
  let bytes = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < BUDGET_NS) {
    new VirtualPrinter().feed(batch);
    bytes += batch.length;
    elapsed = process.hrtime.bigint() - start;
  }
  rows.push({ bench: BENCH, metric: 'VirtualPrinter interpret throughput', value: Math.round((bytes * 1e9) / Number(elapsed) / 1024), unit: 'KiB/s' });

  const vp = new VirtualPrinter();
  vp.feed(one);
  const receipt = vp.receipts[0];
  if (receipt) {
    const svg = rate(() => receiptToSvg(receipt));
    rows.push({ bench: BENCH, metric: 'SVG preview render time per sale receipt', value: Number((1000 / svg.perSecond).toFixed(3)), unit: 'ms' });
  }
  return rows;
}
