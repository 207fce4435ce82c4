/**
 * What a refund or void prints, as documents: the refund slip (退货单 / 作废单) and, for a card
 * leg, the card slip of the terminal's 退货 / 撤销 in the two copies a card sale prints
 * (商户存根 to sign, 持卡人存根). Each carries the key that makes it print once: the refund's
 * own number, so the same refund can never queue a second set.
 */
import type { PrintDocument } from '../../drivers/printer/templates/documents';
import type { SlipCopy } from '../../drivers/printer/templates/card-slip';
import type { RefundPrint } from '../checkout/checkout';
import { localIso, TENDER_LABEL } from './receipt-format';

export interface RefundDocument {
  /** Idempotency key of the print job. */
  key: string;
  /** print_jobs.kind: 'refund' / 'void' for the slip, 'cardSlip' for the card slips. */
  kind: 'refund' | 'void' | 'cardSlip';
  document: PrintDocument;
}

/** The prefix every job of one refund's document set shares ('refund:<refund no.>#'). */
export function refundGroupKey(kind: RefundPrint['kind'], refundNo: string): string {
  return `${kind}:${refundNo}#`;
}

const MASKED_PAN = /^\d{6}\*+\d{4}$/;
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function refundDocuments(r: RefundPrint, store: { storeName: string; cashier: string }): RefundDocument[] {
  const group = refundGroupKey(r.kind, r.refundNo);
  const at = localIso(new Date(r.at));
  const docs: RefundDocument[] = [
    {
      key: `${group}slip`,
      kind: r.kind,
      document: {
        template: 'refund',
        data: {
          kind: r.kind,
          storeName: store.storeName,
          refundNo: r.kind === 'void' ? `${r.order.orderNo}V` : r.refundNo,
          originalOrderNo: r.order.orderNo,
          cashier: store.cashier,
          at,
          // A void gives back the goods; a refund gives back an amount of one leg.
          lines: r.kind === 'void' ? r.order.lines.map((l) => ({ name: l.nameZh, qtyMilli: l.qtyMilli, unit: l.unit, amountFen: l.amountFen })) : [],
          refundFen: r.legs.reduce((sum, l) => sum + l.amountFen, 0),
          refunds: r.legs.map((l) => ({
            label: l.payment.tender === 'cash' ? '现金退款' : `原路退回 ${TENDER_LABEL[l.payment.tender]}`,
            amountFen: l.amountFen,
            ...(MASKED_PAN.test(str(l.payment.data.maskedPan)) ? { detail: str(l.payment.data.maskedPan) } : {}),
          })),
          ...(r.kind === 'void' ? { reason: '整单作废 / order voided' } : {}),
        },
      },
    },
  ];
  for (const l of r.legs) {
    const d = l.payment.data;
    const pan = str(d.maskedPan);
    // No card data (recovered by query, or not a card): the terminal printed its own slip.
    if (l.payment.tender !== 'card' || !MASKED_PAN.test(pan)) continue;
    const res = l.result;
    // A void the terminal could no longer do in its batch became a refund (退货).
    const asVoid = r.kind === 'void' && res.voidTraceNo !== undefined;
    const p = asVoid ? 'void' : 'refund';
    for (const copy of ['merchant', 'cardholder'] as SlipCopy[]) {
      docs.push({
        key: `${group}card:${l.payment.id}:${copy}`,
        kind: 'cardSlip',
        document: {
          template: 'cardSlip',
          data: {
            merchantName: store.storeName,
            merchantNo: str(d.merchantId),
            terminalNo: str(d.terminalId),
            operatorNo: store.cashier,
            maskedPan: pan,
            transType: asVoid ? '撤销/VOID' : '退货/REFUND',
            batchNo: str(res[`${p}BatchNo`] ?? d.batchNo),
            traceNo: str(res[`${p}TraceNo`]),
            ...(str(res[`${p}AuthCode`]) !== '' ? { authCode: str(res[`${p}AuthCode`]) } : {}),
            refNo: str(res[`${p}RefNo`]),
            at: str(res[`${p}At`]) || at,
            amountFen: l.amountFen,
            reference: `原凭证号 ${str(d.traceNo)} 原参考号 ${str(d.refNo)} ORDER ${r.order.orderNo}`,
            copy,
          },
        },
      });
    }
  }
  return docs;
}
