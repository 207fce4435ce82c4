import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualPrinter } from '../../../drivers/printer/virtual/interpreter';
import { serveSerial } from '../../../drivers/printer/virtual/servers';
import { hasSocat, openPtyPair } from '../../../drivers/transport/pty-pair';
import { SerialTransport } from '../../../drivers/transport/serial';
import { PrintQueue } from './print-queue';
import { countReceiptsWith, saleJob, sampleJobs, TripAfter, tempDb } from './print-queue-test-kit';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serialSetup(printer: VirtualPrinter) {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const server = await serveSerial(printer, pair.b, 9600);
  cleanups.push(() => server.close());
  const transport = new SerialTransport({ path: pair.a, baudRate: 9600 });
  cleanups.push(() => transport.close());
  const { db, cleanup } = tempDb();
  cleanups.push(cleanup);
  return { transport, db };
}

describe.skipIf(!hasSocat())('PrintQueue over a real socat pty pair (serveSerial on the device end)', () => {
  it('prints every template once, then holds on paper out mid-job until the cashier confirms', async () => {
    const printer = new VirtualPrinter();
    const { transport, db } = await serialSetup(printer);
    let armed = false;
    const queue = new PrintQueue({ db, transport, statusTimeoutMs: 2_000, chunkSize: 256 });
    cleanups.push(() => queue.close());
    const jobs = sampleJobs();
    for (const j of jobs) queue.enqueue(j);
    await queue.idle();
    expect(queue.list().map((j) => j.state)).toEqual(jobs.map(() => 'done'));
    expect(printer.receipts).toHaveLength(jobs.length);
    await queue.close();

    // A second queue on the same link whose transport takes the paper away mid-job.
    const tripQueue = new PrintQueue({
      db,
      deviceId: 'printer-2',
      statusTimeoutMs: 2_000,
      chunkSize: 128,
      transport: new TripAfter(transport, 400, async () => {
        armed = true;
        await vi.waitFor(() => expect(printer.peek().items.length).toBeGreaterThan(0));
        printer.setState({ paperOut: true });
      }),
    });
    cleanups.push(() => tripQueue.close());
    const id = tripQueue.enqueue(saleJob('S-SERIAL'));
    await tripQueue.idle();
    expect(armed).toBe(true);
    expect(tripQueue.get(id)).toMatchObject({ state: 'held', hold: { code: 'maybeIncomplete' }, attempts: 1 });
    printer.setState({ paperOut: false });
    expect(tripQueue.resume()).toBe(0);
    await tripQueue.idle();
    expect(countReceiptsWith(printer, 'S-SERIAL')).toBe(0);
    tripQueue.confirmReprint(id);
    await tripQueue.idle();
    expect(tripQueue.get(id)).toMatchObject({ state: 'done', attempts: 2, copy: true });
    expect(countReceiptsWith(printer, 'S-SERIAL')).toBe(1);
  });
});
