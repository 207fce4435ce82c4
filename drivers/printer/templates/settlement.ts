import { z } from 'zod';
import { ReceiptWriter } from '../escpos/writer';
import { formatReceiptTime } from '../format';
import { SignedFen, fenToYuan } from '../../shared/money';
import type { PrinterProfile } from '../profile';
import { field, parseOrThrow, printerProfileSchema } from './common';

/**
 * Terminal settlement report (POS结算总计单), after bills-displays.md §1.3: 内卡 block by
 * transaction type, 外卡 block by 借记/贷记, then 对账平/不平 per block.
 */
export interface SettlementRow {
  /** 消费, 消费撤销, 退货, 预授权完成, 借记, 贷记 ... */
  label: string;
  count: number;
  amountFen: number;
}

export interface SettlementReportData {
  merchantName: string;
  merchantNo: string;
  terminalNo: string;
  operatorNo: string;
  batchNo: string;
  at: string;
  domestic: SettlementRow[];
  foreign: SettlementRow[];
  /** true = 对账平 (response 00), false = 对账不平 (95). */
  domesticBalanced: boolean;
  foreignBalanced: boolean;
}

const row = z.object({ label: z.string().min(1), count: z.number().int().min(0), amountFen: SignedFen });
export const settlementReportSchema = z.object({
  merchantName: z.string().min(1),
  merchantNo: z.string(),
  terminalNo: z.string(),
  operatorNo: z.string(),
  batchNo: z.string(),
  at: z.string().min(1),
  domestic: z.array(row),
  foreign: z.array(row),
  domesticBalanced: z.boolean(),
  foreignBalanced: z.boolean(),
});

export function encodeSettlementReport(data: SettlementReportData, profile: PrinterProfile): Uint8Array {
  const d = parseOrThrow(settlementReportSchema, data, 'settlement report');
  const w = new ReceiptWriter(parseOrThrow(printerProfileSchema, profile, 'printer profile'));
  const cols = w.columns;
  // Count and amount columns: wide enough for 9999 transactions and 9 999 999.99 yuan.
  const countCol = 6;
  const amountCol = 12;
  const labelCol = cols - countCol - amountCol;
  const table = (rows: SettlementRow[]) => {
    w.row([
      { text: '交易类型', width: labelCol },
      { text: '总笔数', width: countCol, align: 'right' },
      { text: '总金额', width: amountCol, align: 'right' },
    ]);
    for (const r of rows) {
      w.row([
        { text: r.label, width: labelCol },
        { text: String(r.count), width: countCol, align: 'right' },
        { text: fenToYuan(r.amountFen), width: amountCol, align: 'right' },
      ]);
    }
  };
  w.line('结算总计单 SETTLEMENT', { align: 'center', bold: true, height: 2 });
  w.line(d.merchantName, { align: 'center' });
  field(w, '商户编号', d.merchantNo);
  field(w, '终端编号', d.terminalNo);
  field(w, '操作员号', d.operatorNo);
  field(w, '批次号', d.batchNo);
  field(w, '日期/时间', formatReceiptTime(d.at));
  w.line(centerRule('内卡', cols));
  table(d.domestic);
  w.line(centerRule('外卡', cols));
  table(d.foreign);
  w.rule();
  w.line(d.domesticBalanced ? '内卡对账平' : '内卡对账不平', { bold: !d.domesticBalanced });
  w.line(d.foreignBalanced ? '外卡对账平' : '外卡对账不平', { bold: !d.foreignBalanced });
  w.cut();
  return w.bytes();
}

/** "-------内卡-------" across the line. */
function centerRule(title: string, cols: number): string {
  const side = Math.max(0, Math.floor((cols - title.length * 2) / 2));
  return `${'-'.repeat(side)}${title}${'-'.repeat(cols - side - title.length * 2)}`;
}
