/**
 * Shared fixtures for the print queue's tests: a temp SQLite file with the devices migration,
 * a virtual printer served on real links, and a transport that trips paper-out mid-job.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROFILE, type PrinterProfile } from '../../../drivers/printer/profile';
import { SAMPLE_CARD_SLIP, SAMPLE_REFUND, SAMPLE_SALE, SAMPLE_SETTLEMENT, SAMPLE_SHIFT } from '../../../drivers/printer/samples';
import { encodeCardSlip } from '../../../drivers/printer/templates/card-slip';
import { encodeRefundReceipt } from '../../../drivers/printer/templates/refund';
import { encodeSaleReceipt } from '../../../drivers/printer/templates/sale';
import { encodeSettlementReport } from '../../../drivers/printer/templates/settlement';
import { encodeShiftReport } from '../../../drivers/printer/templates/shift';
import { encodeTestPage } from '../../../drivers/printer/templates/test-page';
import type { VirtualPrinter } from '../../../drivers/printer/virtual/interpreter';
import { receiptText } from '../../../drivers/printer/virtual/model';
import { serveTcp, type TcpPrinterServer } from '../../../drivers/printer/virtual/servers';
import { TcpTransport } from '../../../drivers/transport/tcp';
import { DelegatingTransport } from '../../../drivers/transport/delegating';
import type { Transport } from '../../../drivers/transport/transport';
import { type Db, openDatabase } from '../../db/open';

export function tempDb(): { db: Db; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'posdesk-pq-'));
  const file = join(dir, 'posdesk.db');
  const db = openDatabase(file);
  // openDatabase applies every migration, the devices' included.
  return {
    db,
    file,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every template, each with its own order number where it has one. */
export function sampleJobs(profile: PrinterProfile = DEFAULT_PROFILE): Array<{ kind: string; orderNo: string; bytes: Uint8Array; copyBytes?: Uint8Array }> {
  return [
    {
      kind: 'sale',
      orderNo: 'S-T-1',
      bytes: encodeSaleReceipt({ ...SAMPLE_SALE, orderNo: 'S-T-1' }, profile),
      copyBytes: encodeSaleReceipt({ ...SAMPLE_SALE, orderNo: 'S-T-1', copy: true }, profile),
    },
    { kind: 'refund', orderNo: SAMPLE_REFUND.refundNo, bytes: encodeRefundReceipt(SAMPLE_REFUND, profile) },
    { kind: 'cardSlip', orderNo: 'CARD-1', bytes: encodeCardSlip(SAMPLE_CARD_SLIP, profile) },
    { kind: 'settlement', orderNo: 'SETTLE-1', bytes: encodeSettlementReport(SAMPLE_SETTLEMENT, profile) },
    { kind: 'shift', orderNo: 'SHIFT-1', bytes: encodeShiftReport(SAMPLE_SHIFT, profile) },
    { kind: 'test', orderNo: 'TEST-1', bytes: encodeTestPage(profile) },
  ];
}

export function saleJob(orderNo: string): { kind: string; orderNo: string; bytes: Uint8Array } {
  return { kind: 'sale', orderNo, bytes: encodeSaleReceipt({ ...SAMPLE_SALE, orderNo }, DEFAULT_PROFILE) };
}

export async function servePrinterTcp(printer: VirtualPrinter): Promise<{ server: TcpPrinterServer; transport: TcpTransport }> {
  const server = await serveTcp(printer, { port: 0 });
  const transport = new TcpTransport({ port: server.port, connectTimeoutMs: 2_000 });
  return { server, transport };
}

/** Cut receipts whose text mentions `needle` (an order number). */
export function countReceiptsWith(printer: VirtualPrinter, needle: string): number {
  return printer.receipts.filter((r) => receiptText(r).some((l) => l.includes(needle))).length;
}

/**
 * Wraps a printer transport; once more than `afterBytes` have been written it awaits `trip`
 * (once), e.g. "wait until the printer has printed something, then take its paper away".
 */
export class TripAfter extends DelegatingTransport {
  #written = 0;
  #tripped = false;

  constructor(
    inner: Transport,
    readonly afterBytes: number,
    readonly trip: () => Promise<void>,
  ) {
    super(inner);
  }

  override async write(data: Uint8Array): Promise<void> {
    await this.inner.write(data);
    this.#written += data.length;
    if (!this.#tripped && this.#written > this.afterBytes) {
      this.#tripped = true;
      await this.trip();
    }
  }
}
