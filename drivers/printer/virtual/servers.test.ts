import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterProfile } from '../profile';
import { SAMPLE_CARD_SLIP, SAMPLE_REFUND, SAMPLE_SALE, SAMPLE_SETTLEMENT, SAMPLE_SHIFT } from '../samples';
import { decodeDleEot } from '../status';
import { encodeCardSlip } from '../templates/card-slip';
import { encodeRefundReceipt } from '../templates/refund';
import { encodeSaleReceipt } from '../templates/sale';
import { encodeSettlementReport } from '../templates/settlement';
import { encodeShiftReport } from '../templates/shift';
import { encodeTestPage } from '../templates/test-page';
import { VirtualPrinter } from './interpreter';
import { receiptText } from './model';
import { serveSerial, serveTcp } from './servers';
import { hasSocat, openPtyPair, type PtyPair } from '../../transport/pty-pair';
import { createSerialPort } from '../../transport/serial-port';

const P: PrinterProfile = { widthMm: 80, encoding: 'GB18030', cjkMode: 'native', cut: true };
const JOBS: [string, Uint8Array][] = [
  ['sale', encodeSaleReceipt(SAMPLE_SALE, P)],
  ['card', encodeCardSlip(SAMPLE_CARD_SLIP, P)],
  ['refund', encodeRefundReceipt(SAMPLE_REFUND, P)],
  ['settle', encodeSettlementReport(SAMPLE_SETTLEMENT, P)],
  ['shift', encodeShiftReport(SAMPLE_SHIFT, P)],
  ['test', encodeTestPage(P)],
];
const STATUS_QUERY = Uint8Array.of(0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4);

/** Collects bytes from a stream until `count` have arrived. */
function reader(on: (cb: (chunk: Buffer) => void) => void) {
  let buf = Buffer.alloc(0);
  let waiter: { n: number; resolve: (b: Buffer) => void } | null = null;
  const check = () => {
    if (waiter && buf.length >= waiter.n) {
      const out = buf.subarray(0, waiter.n);
      buf = buf.subarray(waiter.n);
      const w = waiter;
      waiter = null;
      w.resolve(out);
    }
  };
  on((chunk) => {
    buf = Buffer.concat([buf, chunk]);
    check();
  });
  return (n: number) =>
    new Promise<Buffer>((resolve) => {
      waiter = { n, resolve };
      check();
    });
}

/** Wait until the printer has cut `n` receipts (the reply to a status query proves ordering). */
async function untilReceipts(vp: VirtualPrinter, n: number): Promise<void> {
  if (vp.receipts.length >= n) return;
  await new Promise<void>((resolve) => {
    const off = vp.onReceipt(() => {
      if (vp.receipts.length >= n) {
        off();
        resolve();
      }
    });
  });
}

describe('virtual printer on TCP (127.0.0.1, port 0)', () => {
  it('prints every template and answers status; holds nothing while out of paper', async () => {
    const vp = new VirtualPrinter();
    const server = await serveTcp(vp, { port: 0 });
    const socket = connect(server.port, '127.0.0.1');
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const read = reader((cb) => socket.on('data', cb));
      for (const [, job] of JOBS) socket.write(job);
      await untilReceipts(vp, JOBS.length);
      expect(vp.receipts.map((r) => receiptText(r)[0])).toEqual(['好又多超市', '银联 POS 签购单', '好又多超市', '结算总计单 SETTLEMENT', '交班报表', 'PosDesk 打印测试']);

      socket.write(STATUS_QUERY);
      expect(decodeDleEot(await read(4))).toMatchObject({ online: true, paperOut: false });

      // Paper runs out mid-job: the rest of the job is discarded and status says so.
      const sale = encodeSaleReceipt(SAMPLE_SALE, P);
      socket.write(sale.subarray(0, 100));
      socket.write(STATUS_QUERY);
      await read(4);
      vp.setState({ paperOut: true });
      socket.write(sale.subarray(100));
      socket.write(STATUS_QUERY);
      expect(decodeDleEot(await read(4))).toMatchObject({ online: false, paperOut: true });
      expect(vp.receipts).toHaveLength(JOBS.length);
      expect(vp.discardedBytes).toBe(sale.length - 100);
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});

describe.skipIf(!hasSocat())('virtual printer on a socat pty pair', () => {
  let pty: PtyPair | undefined;
  /** The counter's end of the cable and the virtual printer's. */
  let hostPath = '';
  let printerPath = '';
  beforeAll(async () => {
    pty = await openPtyPair();
    hostPath = pty.a;
    printerPath = pty.b;
  });
  afterAll(async () => {
    await pty?.close();
  });

  it('prints every template over serial and reports paper out', async () => {
    const vp = new VirtualPrinter();
    const server = await serveSerial(vp, printerPath, 115200);
    const host = createSerialPort({ path: hostPath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => host.open((e) => (e ? reject(e) : resolve())));
    try {
      const read = reader((cb) => host.on('data', cb));
      for (const [, job] of JOBS) host.write(Buffer.from(job));
      await untilReceipts(vp, JOBS.length);
      expect(vp.receipts.map((r) => r.cut)).toEqual(JOBS.map(() => 'full'));
      expect(receiptText(vp.receipts[0] ?? { widthDots: 0, items: [], cut: null })).toContain('单号:                             S20261122-0001');
      vp.setState({ paperOut: true });
      host.write(Buffer.from(STATUS_QUERY));
      expect(decodeDleEot(await read(4))).toMatchObject({ online: false, paperOut: true });
      host.write(Buffer.from(JOBS[0]?.[1] ?? []));
      host.write(Buffer.from(STATUS_QUERY));
      await read(4);
      expect(vp.receipts).toHaveLength(JOBS.length);
    } finally {
      await new Promise<void>((resolve) => host.close(() => resolve()));
      await server.close();
    }
  });
});
