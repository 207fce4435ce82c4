/**
 * Prints receipts and keeps the job record.
 *
 * Every job is a row in print_jobs (with its exact bytes) before a byte goes to the
 * printer, so a reprint is the same bytes marked as a copy and a crash mid-print
 * leaves a visible 'printing' job rather than a silent gap. The default printer is
 * the in-process virtual printer: it interprets the ESC/POS bytes into a receipt
 * model, and its rendering is the preview the cashier sees.
 */
import { randomUUID } from 'node:crypto';
import type { Order, ReceiptPreview, Tender } from '../../preload/api';
import type { PrinterProfile } from '../../drivers/printer/profile';
import { DEFAULT_PROFILE, DOTS_BY_WIDTH } from '../../drivers/printer/profile';
import { encodeSaleReceipt, type SaleReceiptData } from '../../drivers/printer/templates/sale';
import { VirtualPrinter } from '../../drivers/printer/virtual/interpreter';
import { receiptToSvg } from '../../drivers/printer/virtual/preview-svg';
import type { SalePrinter } from '../checkout/checkout';
import { ApiFailure } from '../contract/errors';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';

const TENDER_LABEL: Record<Tender, string> = {
  cash: '现金',
  card: '银行卡',
  wechat: '微信支付',
  alipay: '支付宝',
  unionpay: '云闪付',
  storedValue: '储值卡',
};

export const VIRTUAL_PRINTER_ID = 'printer-virtual';

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
      .map((p) => ({ label: TENDER_LABEL[p.tender], amountFen: p.tenderedFen ?? p.amountFen })),
    changeFen: order.changeFen,
    footer: '谢谢惠顾，欢迎再次光临',
    copy,
  };
}

export interface ReceiptServiceDeps {
  db: Db;
  bus: EventBus;
  log: Logger;
  devices: DeviceRegistry;
  storeName: string;
  now: () => Date;
  profile?: PrinterProfile;
}

export class ReceiptService implements SalePrinter {
  private readonly printer: VirtualPrinter;
  private readonly profile: PrinterProfile;

  constructor(private readonly d: ReceiptServiceDeps) {
    this.profile = d.profile ?? DEFAULT_PROFILE;
    this.printer = this.newInterpreter();
    d.devices.upsert({
      id: VIRTUAL_PRINTER_ID,
      role: 'printer',
      name: `虚拟小票打印机 ${this.profile.widthMm}mm`,
      link: 'in-process',
      simulated: true,
      status: 'ready',
      detail: `${this.profile.encoding}, ESC/POS`,
    });
  }

  async printSale(order: Order, opts: { openDrawer: boolean; copy: boolean }): Promise<ReceiptPreview> {
    const bytes = encodeSaleReceipt(saleReceiptData(order, this.d.storeName, opts.copy), this.profile, { openDrawer: opts.openDrawer });
    const jobId = randomUUID();
    const createdAt = this.d.now().toISOString();
    this.d.db
      .prepare(`INSERT INTO print_jobs (id, order_no, kind, state, copy, bytes, created_at) VALUES (?, ?, 'sale', 'printing', ?, ?, ?)`)
      .run(jobId, order.orderNo, opts.copy ? 1 : 0, Buffer.from(bytes), createdAt);
    const before = this.printer.receipts.length;
    this.printer.feed(bytes);
    const receipt = this.printer.receipts[before];
    if (!receipt) {
      const error = 'the printer did not finish the receipt (no cut received)';
      this.d.db.prepare(`UPDATE print_jobs SET state = 'failed', error = ? WHERE id = ?`).run(error, jobId);
      throw new ApiFailure('DEVICE', `小票打印失败 / ${error}`);
    }
    const printedAt = this.d.now().toISOString();
    this.d.db.prepare(`UPDATE print_jobs SET state = 'done', printed_at = ? WHERE id = ?`).run(printedAt, jobId);
    const preview: ReceiptPreview = { jobId, orderNo: order.orderNo, svg: receiptToSvg(receipt), byteCount: bytes.length, printedAt };
    this.d.bus.emit('receipt.printed', preview);
    return preview;
  }

  /** Re-renders the newest job of an order from its stored bytes, in a fresh interpreter. */
  lastFor(orderNo: string): ReceiptPreview | null {
    const job = this.d.db
      .prepare<[string], { id: string; bytes: Buffer; printed_at: string | null; created_at: string }>(
        `SELECT id, bytes, printed_at, created_at FROM print_jobs WHERE order_no = ? AND state = 'done' ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .get(orderNo);
    if (!job) return null;
    const interpreter = this.newInterpreter();
    interpreter.feed(job.bytes);
    const receipt = interpreter.receipts[0];
    if (!receipt) return null;
    return { jobId: job.id, orderNo, svg: receiptToSvg(receipt), byteCount: job.bytes.length, printedAt: job.printed_at ?? job.created_at };
  }

  /** An interpreter matching the printer's paper and encoding, so the preview wraps as the paper does. */
  private newInterpreter(): VirtualPrinter {
    return new VirtualPrinter({ widthDots: DOTS_BY_WIDTH[this.profile.widthMm], encoding: this.profile.encoding });
  }

  async close(): Promise<void> {}
}
