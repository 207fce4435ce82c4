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
import type { Order, Payment, ReceiptPreview, ShiftSummary } from '../../preload/contract';
import { type PrinterProfile, widthDotsOf } from '../../drivers/printer/profile';
import { encodeCardSlip, type SlipCopy } from '../../drivers/printer/templates/card-slip';
import { printerProfileSchema } from '../../drivers/printer/templates/common';
import { asReprint, encodeDocument, printDocumentSchema } from '../../drivers/printer/templates/documents';
import { encodeSaleReceipt, type SaleReceiptData } from '../../drivers/printer/templates/sale';
import { encodeShiftReport } from '../../drivers/printer/templates/shift';
import { encodeTestPage } from '../../drivers/printer/templates/test-page';
import { VirtualPrinter } from '../../drivers/printer/virtual/interpreter';
import { receiptToSvg } from '../../drivers/printer/virtual/preview-svg';
import type { RefundPrint, SalePrinter } from '../checkout/checkout';
import { ApiFailure } from '../contract/errors';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { PrintJob } from './print-queue/job';
import type { PrintQueue, StoredJob } from './print-queue/print-queue';
import { localIso, TENDER_LABEL } from './receipt-format';
import { refundDocuments, refundGroupKey } from './refund-documents';


/** How long a sale waits for its receipt to print before answering "still printing". */
const PRINT_WAIT_MS = 10_000;

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
  /** The receipt printer's profile as its device settings say now: read at every print. */
  printerProfile: () => PrinterProfile;
  /** Store-defined notes for the test page (a model override the data file doubts). */
  printerWarnings?: () => string[];
}

export class ReceiptService implements SalePrinter {
  constructor(private readonly d: ReceiptServiceDeps) {}

  async printSale(order: Order, opts: { openDrawer: boolean; copy: boolean }): Promise<ReceiptPreview> {
    const profile = this.d.printerProfile();
    if (!opts.copy) {
      for (const p of order.payments) if (p.tender === 'card' && p.state === 'approved') this.enqueueSlips(order, p, profile);
    }
    const data = saleReceiptData(order, this.d.storeName, opts.copy);
    const bytes = encodeSaleReceipt(data, profile, { openDrawer: opts.openDrawer });
    const copyBytes = encodeSaleReceipt({ ...data, copy: true }, profile);
    const jobId = this.d.queue.enqueue({ orderNo: order.orderNo, kind: 'sale', bytes: opts.copy ? copyBytes : bytes, copyBytes, copy: opts.copy, profile });
    return this.awaitPrinted(jobId, order.orderNo, opts.copy ? copyBytes : bytes, profile);
  }

  /** The test page of the Devices page (model, encoding, width, a CJK line, a barcode, a QR). */
  testPage(): Promise<ReceiptPreview> {
    const profile = this.d.printerProfile();
    return this.printDocument('test', encodeTestPage(profile, undefined, this.d.printerWarnings?.() ?? []), profile);
  }

  /** Any other document (settlement slip, shift report): through the queue, with its preview. */
  printDocument(kind: string, bytes: Uint8Array, profile: PrinterProfile = this.d.printerProfile()): Promise<ReceiptPreview> {
    const jobId = this.d.queue.enqueue({ orderNo: null, kind, bytes, profile });
    return this.awaitPrinted(jobId, kind.toUpperCase(), bytes, profile);
  }

  /** The shift report (交班) of a closed shift. */
  printShiftReport(s: ShiftSummary): Promise<ReceiptPreview> {
    const profile = this.d.printerProfile();
    const bytes = encodeShiftReport(
      {
        storeName: this.d.storeName,
        cashier: s.cashier,
        shiftNo: s.shiftNo,
        from: localIso(new Date(s.from)),
        to: localIso(new Date(s.to)),
        orderCount: s.orderCount,
        salesFen: s.salesFen,
        refundCount: s.refundCount,
        refundFen: s.refundFen,
        byTender: s.byTender.map((t) => ({ label: TENDER_LABEL[t.tender], count: t.count, amountFen: t.amountFen })),
        openingCashFen: s.openingCashFen,
        expectedCashFen: s.expectedCashFen,
        ...(s.countedCashFen !== null ? { countedCashFen: s.countedCashFen } : {}),
      },
      profile,
    );
    return this.printDocument('shift', bytes, profile);
  }

  /** The profile to encode an ad-hoc document (settlement) with, now. */
  profile(): PrinterProfile {
    return this.d.printerProfile();
  }

  queueRefund(refund: RefundPrint): string[] {
    try {
      const profile = this.d.printerProfile();
      // Every document is encoded before the first is queued: a set is queued whole or not at all.
      const jobs = refundDocuments(refund, { storeName: this.d.storeName, cashier: this.d.cashier }).map((doc) => ({
        doc,
        bytes: encodeDocument(doc.document, profile),
        copyBytes: encodeDocument(asReprint(doc.document), profile),
      }));
      return jobs.map(({ doc, bytes, copyBytes }) =>
        this.d.queue.enqueue({ orderNo: refund.order.orderNo, kind: doc.kind, bytes, copyBytes, key: doc.key, profile, document: doc.document }),
      );
    } catch (err) {
      this.d.log.error({ orderNo: refund.order.orderNo, refundNo: refund.refundNo, err: err instanceof Error ? err.message : String(err) }, 'refund slip not queued (the refund itself stands)');
      return [];
    }
  }

  async awaitRefund(jobIds: string[]): Promise<void> {
    const [slip] = jobIds;
    if (!slip) return;
    const job = this.d.queue.stored(slip);
    if (!job) return;
    try {
      await this.awaitPrinted(slip, job.orderNo ?? '', job.bytes, this.profileOf(job));
    } catch (err) {
      // Held (paper out...) or still queued: the print queue shows it with what to do.
      this.d.log.warn({ jobId: slip, orderNo: job.orderNo, err: err instanceof Error ? err.message : String(err) }, 'refund slip not printed yet');
    }
  }

  /**
   * Prints again the documents of one refund of an order (its slip, and its card slips), each
   * marked 重打印 and encoded for the printer as it is set up today. Without `refundNo`, the
   * order's newest refund (or its void). Resolves with the previews once printed.
   */
  async reprintRefund(orderNo: string, refundNo?: string): Promise<ReceiptPreview[]> {
    const slip =
      refundNo === undefined
        ? this.d.queue.newestKeyed(orderNo, ['refund:', 'void:'])
        : this.d.queue.storedByKeyPrefix(refundGroupKey('refund', refundNo)).find((j) => j.orderNo === orderNo) ??
          this.d.queue.storedByKeyPrefix(refundGroupKey('void', refundNo)).find((j) => j.orderNo === orderNo);
    const group = slip?.key ? slip.key.slice(0, slip.key.indexOf('#') + 1) : undefined;
    if (!slip || !group) throw new ApiFailure('NOT_FOUND', `订单 ${orderNo} 没有${refundNo ? ` ${refundNo} 的` : ''}退款单 / no refund slip for this order`, refundNo ? 'refundNo' : 'orderNo');
    const profile = this.d.printerProfile();
    const queued: Array<{ id: string; bytes: Uint8Array }> = [];
    for (const job of this.d.queue.storedByKeyPrefix(group)) {
      const doc = printDocumentSchema.safeParse(job.document);
      if (!doc.success) {
        this.d.log.warn({ jobId: job.id }, 'stored refund document is unreadable; not reprinted');
        continue;
      }
      const bytes = encodeDocument(asReprint(doc.data), profile);
      queued.push({ id: this.d.queue.enqueue({ orderNo, kind: job.kind, bytes, copy: true, profile, document: doc.data }), bytes });
    }
    const previews: ReceiptPreview[] = [];
    for (const q of queued) previews.push(await this.awaitPrinted(q.id, orderNo, q.bytes, profile));
    return previews;
  }

  /** Re-renders the newest printed sale receipt of an order from its stored bytes, on the paper it was printed for. */
  lastFor(orderNo: string): ReceiptPreview | null {
    const row = this.d.db
      .prepare<[string], { id: string }>(`SELECT id FROM print_jobs WHERE order_no = ? AND kind = 'sale' ORDER BY created_at DESC, rowid DESC LIMIT 1`)
      .get(orderNo);
    const job = row ? this.d.queue.stored(row.id) : undefined;
    return job ? this.preview(job.id, orderNo, job.bytes, job.printedAt ?? job.createdAt, this.profileOf(job)) : null;
  }

  /** The profile a stored job was encoded for; jobs from before profiles were stored: today's. */
  private profileOf(job: StoredJob): PrinterProfile {
    const p = printerProfileSchema.safeParse(job.profile);
    return p.success ? p.data : this.d.printerProfile();
  }

  private enqueueSlips(order: Order, p: Payment, profile: PrinterProfile): void {
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
        profile,
      );
      this.d.queue.enqueue({ orderNo: order.orderNo, kind: 'cardSlip', bytes: slip, profile });
    }
  }

  private awaitPrinted(jobId: string, orderNo: string, bytes: Uint8Array, profile: PrinterProfile): Promise<ReceiptPreview> {
    return new Promise((resolve, reject) => {
      const settle = (job: PrintJob | undefined) => {
        if (!job || job.id !== jobId) return false;
        if (job.state === 'done') {
          const p = this.preview(jobId, orderNo, Buffer.from(bytes), job.printedAt ?? new Date().toISOString(), profile);
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

  /** What those bytes look like on paper: a fresh interpreter matching the paper and encoding they were made for. */
  private preview(jobId: string, orderNo: string, bytes: Buffer, printedAt: string, profile: PrinterProfile): ReceiptPreview {
    const vp = new VirtualPrinter({ widthDots: widthDotsOf(profile), encoding: profile.encoding });
    vp.feed(bytes);
    const receipt = vp.receipts.at(-1) ?? vp.peek();
    return { jobId, orderNo, svg: receiptToSvg(receipt), byteCount: bytes.length, printedAt };
  }
}
