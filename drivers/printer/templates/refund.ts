import { z } from 'zod';
import { ReceiptWriter } from '../escpos/writer';
import { formatReceiptTime } from '../format';
import { SignedFen, UnsignedFen, fenToYuan, formatQty } from '../../shared/money';
import type { PrinterProfile } from '../profile';
import { field, parseOrThrow, printerProfileSchema, storeHeader } from './common';

/**
 * The refund slip (退货单) of a journal refund, or the void slip (作废单) of a whole order:
 * what went back, where to (原路退回 per tender), and a line for the customer to sign.
 */
export interface RefundReceiptData {
  /** 'void': the whole order was undone (作废); 'refund' (default): part or all of one leg. */
  kind?: 'refund' | 'void';
  storeName: string;
  storeAddress?: string;
  refundNo: string;
  originalOrderNo: string;
  cashier: string;
  at: string;
  /** Goods given back. Empty for a refund of an amount (the leg, not particular goods). */
  lines: { name: string; qtyMilli: number; unit: string; amountFen: number }[];
  /** Positive number of fen given back. */
  refundFen: number;
  /** Where the money went back: '现金', '原路退回 微信' ... */
  refunds: { label: string; amountFen: number; detail?: string }[];
  reason?: string;
  copy?: boolean;
}

export const refundReceiptSchema = z.object({
  kind: z.enum(['refund', 'void']).optional(),
  storeName: z.string().min(1),
  storeAddress: z.string().optional(),
  refundNo: z.string().min(1),
  originalOrderNo: z.string().min(1),
  cashier: z.string(),
  at: z.string().min(1),
  lines: z.array(z.object({ name: z.string(), qtyMilli: z.number().int(), unit: z.string(), amountFen: SignedFen })),
  refundFen: UnsignedFen,
  refunds: z.array(z.object({ label: z.string().min(1), amountFen: SignedFen, detail: z.string().optional() })),
  reason: z.string().optional(),
  copy: z.boolean().optional(),
});

const TITLE = { refund: '退货单 REFUND', void: '作废单 VOID' } as const;
const NUMBER_LABEL = { refund: '退货单号', void: '作废单号' } as const;

export function encodeRefundReceipt(data: RefundReceiptData, profile: PrinterProfile): Uint8Array {
  const d = parseOrThrow(refundReceiptSchema, data, 'refund receipt');
  const kind = d.kind ?? 'refund';
  const w = new ReceiptWriter(parseOrThrow(printerProfileSchema, profile, 'printer profile'));
  storeHeader(w, d.storeName, d.storeAddress, d.copy);
  w.line(TITLE[kind], { align: 'center', bold: true, width: 2 });
  w.rule();
  field(w, NUMBER_LABEL[kind], d.refundNo);
  field(w, '原单号', d.originalOrderNo);
  field(w, '收银员', d.cashier);
  field(w, '时间', formatReceiptTime(d.at));
  w.rule();
  if (d.lines.length > 0) {
    for (const l of d.lines) w.pair(l.name, `${formatQty(l.qtyMilli)}${l.unit}  -${fenToYuan(l.amountFen)}`);
    w.rule();
  }
  w.pair('退款合计', `-￥${fenToYuan(d.refundFen)}`, { bold: true, height: 2 });
  for (const r of d.refunds) {
    w.pair(r.label, `-${fenToYuan(r.amountFen)}`);
    if (r.detail) w.wrap(`  ${r.detail}`);
  }
  if (d.reason) w.wrap(`原因: ${d.reason}`);
  w.blank();
  w.line('顾客签名:');
  w.blank();
  w.rule('_');
  w.cut();
  return w.bytes();
}
