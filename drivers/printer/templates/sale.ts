import { z } from 'zod';
import { ReceiptWriter } from '../escpos/writer';
import { formatReceiptTime } from '../format';
import { SignedFen, fenToYuan, formatQty } from '../../shared/money';
import type { PrinterProfile } from '../profile';
import { wrapToWidth } from '../text-wrap';
import { field, parseOrThrow, printerProfileSchema, storeHeader } from './common';

export type { PrinterProfile } from '../profile';

export interface ReceiptLine {
  name: string;
  /** Quantity x 1000, e.g. 30250 = 30.25. */
  qtyMilli: number;
  /** '件', '升', ... */
  unit: string;
  unitPriceFen: number;
  amountFen: number;
}

export interface ReceiptPayment {
  /** '现金', '银行卡', '微信' ... */
  label: string;
  amountFen: number;
  /** e.g. a masked PAN (the caller masks) or a channel trade number. */
  detail?: string;
}

export interface SaleReceiptData {
  storeName: string;
  storeAddress?: string;
  orderNo: string;
  cashier: string;
  /** ISO 8601; the wall-clock part is printed as written. */
  at: string;
  lines: ReceiptLine[];
  totalFen: number;
  payments: ReceiptPayment[];
  changeFen: number;
  footer?: string;
  /** Reprint: marks the receipt 重打印 / COPY. */
  copy?: boolean;
  /** Printed as a QR code at the bottom (e.g. an e-invoice or membership link). */
  qr?: string;
}

export interface SaleReceiptOptions {
  /** Pulse the cash drawer before printing (cash tendered). Default false. */
  openDrawer?: boolean;
}

export const saleReceiptSchema = z.object({
  storeName: z.string().min(1),
  storeAddress: z.string().optional(),
  orderNo: z.string().min(1),
  cashier: z.string(),
  at: z.string().min(1),
  lines: z.array(
    z.object({ name: z.string(), qtyMilli: z.number().int(), unit: z.string(), unitPriceFen: SignedFen, amountFen: SignedFen }),
  ),
  totalFen: SignedFen,
  payments: z.array(z.object({ label: z.string().min(1), amountFen: SignedFen, detail: z.string().optional() })),
  changeFen: SignedFen,
  footer: z.string().optional(),
  copy: z.boolean().optional(),
  qr: z.string().min(1).optional(),
});

/**
 * Column plan for the line table, in half-width columns summing to the line width. From 40
 * columns up (80 mm: 48, or 42 on a 512-dot head) the name has a column of its own; on 58 mm
 * (32) the name goes on its own line above the numbers.
 */
function columnPlan(columns: number): { name: number; qty: number; price: number; amount: number } {
  return columns >= 40 ? { name: columns - 26, qty: 10, price: 8, amount: 8 } : { name: 0, qty: columns - 20, price: 10, amount: 10 };
}

/**
 * A sale receipt as ESC/POS bytes. Synchronous (the encoder writes to memory); `await` on it
 * works too. Throws a TypeError naming the bad field when the data is malformed.
 */
export function encodeSaleReceipt(data: SaleReceiptData, profile: PrinterProfile, options: SaleReceiptOptions = {}): Uint8Array {
  const d = parseOrThrow(saleReceiptSchema, data, 'sale receipt');
  const p = parseOrThrow(printerProfileSchema, profile, 'printer profile');
  const w = new ReceiptWriter(p);
  if (options.openDrawer) w.drawer();
  storeHeader(w, d.storeName, d.storeAddress, d.copy);
  w.rule();
  field(w, '单号', d.orderNo);
  field(w, '收银员', d.cashier);
  field(w, '时间', formatReceiptTime(d.at));
  w.rule();
  const c = columnPlan(w.columns);
  if (c.name > 0) {
    w.row([
      { text: '品名', width: c.name },
      { text: '数量', width: c.qty, align: 'right' },
      { text: '单价', width: c.price, align: 'right' },
      { text: '金额', width: c.amount, align: 'right' },
    ]);
  } else {
    w.row([
      { text: '品名', width: 4 },
      { text: '数量', width: c.qty - 4, align: 'right' },
      { text: '单价', width: c.price, align: 'right' },
      { text: '金额', width: c.amount, align: 'right' },
    ]);
  }
  w.rule();
  for (const line of d.lines) {
    const qty = `${formatQty(line.qtyMilli)}${line.unit}`;
    const numbers = [
      { text: qty, width: c.qty, align: 'right' as const },
      { text: fenToYuan(line.unitPriceFen), width: c.price, align: 'right' as const },
      { text: fenToYuan(line.amountFen), width: c.amount, align: 'right' as const },
    ];
    const name = w.prepare(line.name);
    if (c.name > 0 && wrapToWidth(name, c.name - 1).length === 1) {
      w.row([{ text: name, width: c.name }, ...numbers]);
    } else {
      // Long names (and every name on 58 mm) get their own line(s) above the numbers.
      w.lines(wrapToWidth(name, w.columns));
      w.row(c.name > 0 ? [{ text: '', width: c.name }, ...numbers] : numbers);
    }
  }
  w.rule();
  const pieces = d.lines.length;
  w.line(`共 ${pieces} 项`);
  w.pair('合计', `￥${fenToYuan(d.totalFen)}`, { bold: true, height: 2 });
  for (const pay of d.payments) {
    w.pair(pay.label, fenToYuan(pay.amountFen));
    if (pay.detail) w.line(`  ${pay.detail}`);
  }
  w.pair('找零', fenToYuan(d.changeFen));
  w.rule();
  if (d.footer) for (const l of wrapToWidth(w.prepare(d.footer), w.columns)) w.line(l, { align: 'center' });
  if (d.qr) w.qr(d.qr, { moduleSize: p.widthMm === 80 ? 6 : 5 });
  w.cut();
  return w.bytes();
}
