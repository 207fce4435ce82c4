import { z } from 'zod';
import { ReceiptWriter } from '../escpos/writer';
import { formatReceiptTime } from '../format';
import { SignedFen, fenToYuan } from '../../shared/money';
import type { PrinterProfile } from '../profile';
import { parseOrThrow, printerProfileSchema } from './common';

/**
 * Bank-card slip (签购单) in the JR/T 0001-2001 ch. 8 element order: merchant block
 * (商户名称, 商户编号, 终端编号, 操作员号, 收单行/发卡行), transaction block (卡号, 交易类型,
 * 有效期, 批次号, 凭证号, 授权码, 参考号, 日期/时间, 金额), then 备注 and the cardholder's
 * signature. One call prints one copy; print it twice for 商户存根 and 持卡人存根.
 */
export type SlipCopy = 'merchant' | 'cardholder' | 'bank';

const COPY_TITLE: Record<SlipCopy, string> = {
  merchant: '商户存根 MERCHANT COPY',
  cardholder: '持卡人存根 CARDHOLDER COPY',
  bank: '银行存根 BANK COPY',
};

export interface CardSlipData {
  merchantName: string;
  /** 15 digits. */
  merchantNo: string;
  /** 8 digits. */
  terminalNo: string;
  operatorNo: string;
  acquirer?: string;
  issuer?: string;
  /** Already masked by the caller (first 6 / last 4), e.g. "622202******1234". */
  maskedPan: string;
  /** e.g. "消费/SALE", "撤销/VOID", "退货/REFUND". */
  transType: string;
  expiry?: string;
  batchNo: string;
  traceNo: string;
  authCode?: string;
  refNo: string;
  /** ISO 8601 */
  at: string;
  amountFen: number;
  reference?: string;
  copy: SlipCopy;
  /** Reprint of an earlier slip. */
  reprint?: boolean;
}

const MASKED_PAN = /^\d{6}\*+\d{4}$/;

export const cardSlipSchema = z.object({
  merchantName: z.string().min(1),
  merchantNo: z.string().min(1),
  terminalNo: z.string().min(1),
  operatorNo: z.string(),
  acquirer: z.string().optional(),
  issuer: z.string().optional(),
  maskedPan: z.string().regex(MASKED_PAN, 'must be masked: first 6 and last 4 digits with * between'),
  transType: z.string().min(1),
  expiry: z.string().optional(),
  batchNo: z.string(),
  traceNo: z.string(),
  authCode: z.string().optional(),
  refNo: z.string(),
  at: z.string().min(1),
  amountFen: SignedFen,
  reference: z.string().optional(),
  copy: z.enum(['merchant', 'cardholder', 'bank']),
  reprint: z.boolean().optional(),
});

export function encodeCardSlip(data: CardSlipData, profile: PrinterProfile): Uint8Array {
  const d = parseOrThrow(cardSlipSchema, data, 'card slip');
  const w = new ReceiptWriter(parseOrThrow(printerProfileSchema, profile, 'printer profile'));
  w.line('银联 POS 签购单', { align: 'center', bold: true, height: 2 });
  w.line(COPY_TITLE[d.copy], { align: 'center' });
  if (d.reprint) w.line(' 重打印 DUPLICATED ', { align: 'center', bold: true, invert: true });
  w.rule();
  w.line('商户名称(MERCHANT NAME):');
  w.line(`  ${d.merchantName}`);
  w.pair('商户编号(MERCHANT NO):', d.merchantNo);
  w.pair('终端编号(TERMINAL NO):', d.terminalNo);
  w.pair('操作员号(OPERATOR NO):', d.operatorNo);
  if (d.acquirer) w.pair('收单行(ACQUIRER):', d.acquirer);
  if (d.issuer) w.pair('发卡行(ISSUER):', d.issuer);
  w.rule();
  w.line('卡号(CARD NO):');
  w.line(`  ${d.maskedPan}`, { bold: true });
  w.line('交易类型(TRANS TYPE):');
  w.line(`  ${d.transType}`, { bold: true });
  if (d.expiry) w.pair('有效期(EXP DATE):', d.expiry);
  w.pair('批次号(BATCH NO):', d.batchNo);
  w.pair('凭证号(VOUCHER NO):', d.traceNo);
  if (d.authCode) w.pair('授权码(AUTH NO):', d.authCode);
  w.pair('参考号(REFER NO):', d.refNo);
  w.line('日期/时间(DATE/TIME):');
  w.line(`  ${formatReceiptTime(d.at)}`);
  w.pair('金额(AMOUNT):', `RMB ${fenToYuan(d.amountFen)}`, { bold: true, height: 2 });
  w.rule();
  w.wrap(`备注(REFERENCE): ${d.reference ?? ''}`);
  if (d.copy !== 'cardholder') {
    w.blank();
    w.wrap('持卡人签名(CARDHOLDER SIGNATURE):');
    w.blank(2);
    w.rule('_');
    w.wrap('本人确认以上交易，同意将其记入本卡账户');
    w.wrap('I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES');
  }
  w.cut();
  return w.bytes();
}
