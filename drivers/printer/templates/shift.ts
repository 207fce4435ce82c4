import { z } from 'zod';
import { ReceiptWriter } from '../escpos/writer';
import { formatReceiptTime } from '../format';
import { SignedFen, fenToYuan } from '../../shared/money';
import type { PrinterProfile } from '../profile';
import { field, parseOrThrow, printerProfileSchema } from './common';

/** Shift hand-over report (交班报表): sales by tender, refunds, cash in the drawer. */
export interface ShiftReportData {
  storeName: string;
  cashier: string;
  shiftNo: string;
  from: string;
  to: string;
  orderCount: number;
  salesFen: number;
  refundCount: number;
  refundFen: number;
  byTender: { label: string; count: number; amountFen: number }[];
  openingCashFen: number;
  expectedCashFen: number;
  countedCashFen?: number;
}

export const shiftReportSchema = z.object({
  storeName: z.string().min(1),
  cashier: z.string(),
  shiftNo: z.string(),
  from: z.string().min(1),
  to: z.string().min(1),
  orderCount: z.number().int().min(0),
  salesFen: SignedFen,
  refundCount: z.number().int().min(0),
  refundFen: SignedFen,
  byTender: z.array(z.object({ label: z.string().min(1), count: z.number().int().min(0), amountFen: SignedFen })),
  openingCashFen: SignedFen,
  expectedCashFen: SignedFen,
  countedCashFen: SignedFen.optional(),
});

export function encodeShiftReport(data: ShiftReportData, profile: PrinterProfile): Uint8Array {
  const d = parseOrThrow(shiftReportSchema, data, 'shift report');
  const w = new ReceiptWriter(parseOrThrow(printerProfileSchema, profile, 'printer profile'));
  w.line('交班报表', { align: 'center', bold: true, width: 2, height: 2 });
  w.line(d.storeName, { align: 'center' });
  w.rule();
  field(w, '收银员', d.cashier);
  field(w, '班次', d.shiftNo);
  field(w, '开始', formatReceiptTime(d.from));
  field(w, '结束', formatReceiptTime(d.to));
  w.rule();
  w.pair(`销售 ${d.orderCount} 单`, fenToYuan(d.salesFen));
  w.pair(`退货 ${d.refundCount} 单`, `-${fenToYuan(d.refundFen)}`);
  w.rule();
  for (const t of d.byTender) w.pair(`${t.label} ${t.count} 笔`, fenToYuan(t.amountFen));
  w.rule();
  w.pair('备用金', fenToYuan(d.openingCashFen));
  w.pair('应有现金', fenToYuan(d.expectedCashFen), { bold: true });
  if (d.countedCashFen !== undefined) {
    w.pair('实点现金', fenToYuan(d.countedCashFen));
    const diff = d.countedCashFen - d.expectedCashFen;
    w.pair('差额', fenToYuan(diff), { bold: diff !== 0 });
  }
  w.blank();
  w.line('交班人签名:');
  w.blank();
  w.rule('_');
  w.cut();
  return w.bytes();
}
