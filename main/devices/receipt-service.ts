/**
 * Receipts for the counter, printed through the exactly-once print queue.
 *
 * A sale prints its card slips first (商户存根 then 持卡人存根 for every approved card
 * leg), then the sale receipt, so the receipt is what the cashier tears off last. Every
 * job carries a 重打印 copy of itself for a confirmed reprint. The preview is the same
 * bytes interpreted by a virtual printer matching the paper and encoding, drawn as the
 * paper looks. A job the printer holds (paper out, cover open, offline) is reported with
 * what to do; the paid sale stands whatever the printer does.
 */
import type { Order, Payment, ReceiptPreview, Tender } from '../../preload/contract';
import { DOTS_BY_WIDTH, type PrinterProfile } from '../../drivers/printer/profile';
import { encodeCardSlip, type SlipCopy } from '../../drivers/printer/templates/card-slip';
import { encodeSaleReceipt, type SaleReceiptData } from '../../drivers/printer/templates/sale';
import { encodeTestPage } from '../../drivers/printer/templates/test-page';
import { VirtualPrinter } from '../../drivers/printer/virtual/interpreter';
import { receiptToSvg } from '../../drivers/printer/virtual/preview-svg';
import type { SalePrinter } from '../checkout/checkout';
import { ApiFailure } from '../contract/errors';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { PrintJob } from './print-queue/job';
import type { PrintQueue } from './print-queue/print-queue';

export const TENDER_LABEL: Record<Tender, string> = {
  cash: '现金',
  card: '银行卡',
  wechat: '微信支付',
  alipay: '支付宝',
  unionpay: '云闪付',
  storedValue: '储值卡',
};

/** How long a sale waits for its receipt to print before answering "still printing". */
const PRINT_WAIT_MS = 10_000;

/** Local wall-clock time with its UTC offset, as printed on the receipt. */
export function localIso(d: Date): string {
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${sign}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
}

export function saleReceiptData(order: Order, storeName: string, copy: boolean): SaleReceiptData {
  return {
    storeName,
    orderNo: order.orderNo,
    cashier: order.cashier,
    at: localIso(new Date(order.completedAt ?? order.createdAt)),
    lines: order.lines.map((l) => ({ name: l.nameZh, qtyMilli: l.qtyMilli, unit: l.unit, unitPriceFen: l.unitPriceFen, amountFen: l.amountFen })),
    totalFen: order.totalFen,
    payments: order.payments
      .filter((p) => p.state === 'approved')
      .map((p) => ({
        label: TENDER_LABEL[p.tender],
        amountFen: p.tenderedFen ?? p.amountFen,
        ...(typeof p.data.maskedPan === 'string' ? { detail: p.data.maskedPan } : typeof p.data.cardMasked === 'string' ? { detail: p.data.cardMasked } : {}),
      })),
    changeFen: order.changeFen,
    footer: '谢谢惠顾，欢迎再次光临',
    copy,
  };
}

export interface ReceiptServiceDeps {
  db: Db;
  bus: EventBus;
  log: Logger;
  queue: PrintQueue;
  storeName: string;
  cashier: string;
  profile: PrinterProfile;
}

export class ReceiptService implements SalePrinter {
  constructor(private readonly d: ReceiptServiceDeps) {}

  async printSale(order: Order, opts: { openDrawer: boolean; copy: boolean }): Promise<ReceiptPreview> {
    if (!opts.copy) {
      for (const p of order.payments) if (p.tender === 'card' && p.state === 'approved') this.enqueueSlips(order, p);
    }
    const data = saleReceiptData(order, this.d.storeName, opts.copy);
    const bytes = encodeSaleReceipt(data, this.d.profile, { openDrawer: opts.openDrawer });
    const copyBytes = encodeSaleReceipt({ ...data, copy: true }, this.d.profile);
    const jobId = this.d.queue.enqueue({ orderNo: order.orderNo, kind: 'sale', bytes: opts.copy ? copyBytes : bytes, copyBytes, copy: opts.copy });
    return this.awaitPrinted(jobId, order.orderNo, opts.copy ? copyBytes : bytes);
  }

  /** The test page of the Devices page (encoding, width, a CJK line, a barcode, a QR). */
  testPage(): Promise<ReceiptPreview> {
    return this.printDocument('test', encodeTestPage(this.d.profile));
  }

  /** Any other document (settlement slip, shift report): through the queue, with its preview. */
  printDocument(kind: string, bytes: Uint8Array): Promise<ReceiptPreview> {
    const jobId = this.d.queue.enqueue({ orderNo: null, kind, bytes });
    return this.awaitPrinted(jobId, kind.toUpperCase(), bytes);
  }

  /** Re-renders the newest printed sale receipt of an order from its stored bytes. */
  lastFor(orderNo: string): ReceiptPreview | null {
    const job = this.d.db
      .prepare<[string], { id: string; bytes: Buffer; printed_at: string | null; created_at: string }>(
        `SELECT id, bytes, printed_at, created_at FROM print_jobs WHERE order_no = ? AND kind = 'sale' ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .get(orderNo);
    return job ? this.preview(job.id, orderNo, job.bytes, job.printed_at ?? job.created_at) : null;
  }

  private enqueueSlips(order: Order, p: Payment): void {
    const d = p.data;
    const pan = typeof d.maskedPan === 'string' ? d.maskedPan : '';
    if (!/^\d{6}\*+\d{4}$/.test(pan)) return; // no card data (e.g. recovered by query): the terminal printed its own slip
    for (const copy of ['merchant', 'cardholder'] as SlipCopy[]) {
      const slip = encodeCardSlip(
        {
          merchantName: this.d.storeName,
          merchantNo: String(d.merchantId ?? ''),
          terminalNo: String(d.terminalId ?? ''),
          operatorNo: this.d.cashier,
          maskedPan: pan,
          transType: '消费/SALE',
          batchNo: String(d.batchNo ?? ''),
          traceNo: String(d.traceNo ?? ''),
          authCode: String(d.authCode ?? ''),
          refNo: String(d.refNo ?? ''),
          at: String(d.at ?? order.createdAt),
          amountFen: p.amountFen,
          reference: order.orderNo,
          copy,
        },
        this.d.profile,
      );
      this.d.queue.enqueue({ orderNo: order.orderNo, kind: 'cardSlip', bytes: slip });
    }
  }

  private awaitPrinted(jobId: string, orderNo: string, bytes: Uint8Array): Promise<ReceiptPreview> {
    return new Promise((resolve, reject) => {
      const settle = (job: PrintJob | undefined) => {
        if (!job || job.id !== jobId) return false;
        if (job.state === 'done') {
          const p = this.preview(jobId, orderNo, Buffer.from(bytes), job.printedAt ?? new Date().toISOString());
          this.d.bus.emit('receipt.printed', p);
          resolve(p);
          return true;
        }
        if (job.state === 'held' || job.state === 'failed') {
          const hold = job.hold ? `${job.hold.message}，${job.hold.action}` : (job.error ?? job.state);
          reject(new ApiFailure('DEVICE', `小票未打印：${hold} / receipt not printed (${job.hold?.code ?? job.state})`));
          return true;
        }
        return false;
      };
      if (settle(this.d.queue.get(jobId))) return;
      const timer = setTimeout(() => {
        off();
        reject(new ApiFailure('DEVICE', '小票仍在打印队列中 / the receipt is still queued'));
      }, PRINT_WAIT_MS);
      const off = this.d.queue.onChange((job) => {
        if (settle(job)) {
          clearTimeout(timer);
          off();
        }
      });
    });
  }

  /** What those bytes look like on paper: a fresh interpreter matching the printer's paper and encoding. */
  private preview(jobId: string, orderNo: string, bytes: Buffer, printedAt: string): ReceiptPreview {
    const vp = new VirtualPrinter({ widthDots: DOTS_BY_WIDTH[this.d.profile.widthMm], encoding: this.d.profile.encoding });
    vp.feed(bytes);
    const receipt = vp.receipts.at(-1) ?? vp.peek();
    return { jobId, orderNo, svg: receiptToSvg(receipt), byteCount: bytes.length, printedAt };
  }
}
