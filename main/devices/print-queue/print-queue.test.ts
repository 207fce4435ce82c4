import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENABLE_ASB } from '../../../drivers/printer/status';
import { VirtualPrinter } from '../../../drivers/printer/virtual/interpreter';
import { receiptText } from '../../../drivers/printer/virtual/model';
import { listenTcp } from '../../../drivers/transport/tcp-server';
import { TcpTransport } from '../../../drivers/transport/tcp';
import { COPY_MARK_TEXT } from './copy-mark';
import type { PrintJob } from './job';
import { PrintQueue, type PrintQueueOptions } from './print-queue';
import { countReceiptsWith, saleJob, sampleJobs, servePrinterTcp, TripAfter, tempDb } from './print-queue-test-kit';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { printer?: VirtualPrinter; wrap?: (t: TcpTransport, p: VirtualPrinter) => PrintQueueOptions['transport']; queue?: Partial<PrintQueueOptions> } = {}) {
  const printer = opts.printer ?? new VirtualPrinter();
  const { server, transport } = await servePrinterTcp(printer);
  const { db, cleanup } = tempDb();
  const queue = new PrintQueue({ db, transport: opts.wrap ? opts.wrap(transport, printer) : transport, statusTimeoutMs: 1_000, ...opts.queue });
  cleanups.push(cleanup, () => server.close(), () => transport.close(), () => queue.close());
  return { printer, server, transport, db, queue };
}

const held = (j: PrintJob | undefined) => ({ state: j?.state, code: j?.hold?.code });

describe('PrintQueue over the virtual printer on TCP loopback', () => {
  it('prints every template exactly once, in order', async () => {
    const { printer, queue } = await setup();
    const jobs = sampleJobs();
    const ids = jobs.map((j) => queue.enqueue(j));
    await queue.idle();
    expect(queue.list().map((j) => j.state)).toEqual(jobs.map(() => 'done'));
    expect(printer.receipts).toHaveLength(jobs.length);
    expect(countReceiptsWith(printer, 'S-T-1')).toBe(1);
    expect(countReceiptsWith(printer, 'PosDesk 打印测试')).toBe(1);
    expect(queue.get(ids[0] ?? '')).toMatchObject({ attempts: 1, copy: false, hold: null });
    expect(printer.discardedBytes).toBe(0);
  });

  it('cover open before a job: held with what to do, nothing sent, prints once after 继续', async () => {
    const printer = new VirtualPrinter({ state: { coverOpen: true } });
    const { queue } = await setup({ printer });
    const id = queue.enqueue(saleJob('S-COVER'));
    await queue.idle();
    const job = queue.get(id);
    expect(held(job)).toEqual({ state: 'held', code: 'coverOpen' });
    expect(job?.hold?.action).toMatch(/合上纸仓盖/);
    expect(job?.attempts).toBe(0);
    // Only GS a (turn ASB on) reached the stopped printer: no receipt byte was sent.
    expect(printer.discardedBytes).toBe(ENABLE_ASB.length);
    printer.setState({ coverOpen: false });
    expect(printer.receipts).toHaveLength(0); // closing the cover alone prints nothing
    expect(queue.resume()).toBe(1);
    await queue.idle();
    expect(queue.get(id)).toMatchObject({ state: 'done', attempts: 1, copy: false });
    expect(countReceiptsWith(printer, 'S-COVER')).toBe(1);
  });

  it('paper out before several jobs: no replay storm after the refill, each prints once on 继续', async () => {
    const printer = new VirtualPrinter({ state: { paperOut: true } });
    const { queue } = await setup({ printer });
    const ids = ['S-P1', 'S-P2', 'S-P3'].map((n) => queue.enqueue(saleJob(n)));
    await queue.idle();
    expect(ids.map((id) => held(queue.get(id)))).toEqual(ids.map(() => ({ state: 'held', code: 'paperOut' })));
    expect(queue.get(ids[0] ?? '')?.hold?.action).toMatch(/装纸/);
    printer.setState({ paperOut: false });
    await queue.idle();
    expect(printer.receipts).toHaveLength(0);
    expect(queue.resume()).toBe(3);
    await queue.idle();
    expect(queue.resume()).toBe(0);
    await queue.idle();
    expect(printer.receipts).toHaveLength(3);
    for (const n of ['S-P1', 'S-P2', 'S-P3']) expect(countReceiptsWith(printer, n)).toBe(1);
  });

  it('paper out mid-job: held as may-be-incomplete, never re-sent until the cashier confirms, then once as a COPY', async () => {
    const { printer, queue } = await setup({
      queue: { chunkSize: 128 },
      wrap: (t, p) =>
        new TripAfter(t, 300, async () => {
          // Let the printer put some of the receipt on paper first, then the roll runs out.
          await vi.waitFor(() => expect(p.peek().items.length).toBeGreaterThan(0));
          p.setState({ paperOut: true });
        }),
    });
    const job = sampleJobs()[0];
    if (!job) throw new Error('no sample');
    const id = queue.enqueue(job);
    await queue.idle();
    const h = queue.get(id);
    expect(held(h)).toEqual({ state: 'held', code: 'maybeIncomplete' });
    expect(h?.hold?.message).toMatch(/可能未打印完整.*缺纸|Paper out/);
    expect(h?.hold?.action).toMatch(/重打印/);
    expect(printer.receipts).toHaveLength(0);

    // The refill. Nothing happens by itself, and 继续 does not touch an unsure job.
    printer.setState({ paperOut: false });
    expect(queue.resume()).toBe(0);
    expect(() => queue.resume(id)).toThrow(/may already be on paper/);
    await queue.idle();
    expect(printer.receipts).toHaveLength(0);
    expect(queue.get(id)?.attempts).toBe(1);

    // The cashier looks at the stub and asks for a reprint: exactly one more, marked COPY.
    queue.confirmReprint(id);
    await queue.idle();
    expect(queue.get(id)).toMatchObject({ state: 'done', copy: true, attempts: 2, reprints: 1 });
    expect(countReceiptsWith(printer, 'S-T-1')).toBe(1);
    const last = printer.receipts.at(-1);
    expect(last && receiptText(last)).toContain(COPY_MARK_TEXT);
    expect(() => queue.confirmReprint(id)).toThrow(/is done/);
  });

  it('an ASB "paper out" pushed mid-job stops the sending at once', async () => {
    let queueRef: PrintQueue | undefined;
    const { printer, queue } = await setup({
      queue: { chunkSize: 64 },
      wrap: (t, p) =>
        new TripAfter(t, 200, async () => {
          p.setState({ paperOut: true });
          // The printer pushes its new status by ASB; wait until the queue has heard it.
          await vi.waitFor(() => expect(queueRef?.lastStatus?.paperOut).toBe(true));
        }),
    });
    queueRef = queue;
    const job = saleJob('S-ASB');
    const id = queue.enqueue(job);
    await queue.idle();
    const h = queue.get(id);
    expect(held(h)).toEqual({ state: 'held', code: 'maybeIncomplete' });
    const m = /Paper out after (\d+) of (\d+) bytes/.exec(h?.hold?.message ?? '');
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeLessThan(Number(m?.[2]));
    expect(Number(m?.[2])).toBe(job.bytes.length);
    expect(printer.receipts).toHaveLength(0);
  });

  it('markPrinted closes an unsure job without sending anything', async () => {
    const { printer, queue } = await setup({
      queue: { chunkSize: 64 },
      wrap: (t, p) => new TripAfter(t, 100, async () => p.setState({ paperOut: true })),
    });
    const id = queue.enqueue(saleJob('S-MARK'));
    await queue.idle();
    expect(held(queue.get(id))).toEqual({ state: 'held', code: 'maybeIncomplete' });
    printer.setState({ paperOut: false });
    const before = printer.discardedBytes;
    queue.markPrinted(id);
    await queue.idle();
    expect(queue.get(id)).toMatchObject({ state: 'done', attempts: 1, error: 'marked printed by the cashier' });
    expect(printer.receipts).toHaveLength(0);
    expect(printer.discardedBytes).toBe(before);
  });

  it('printer gone (server closed): held with a clear reason; prints once when it is back', async () => {
    const printer = new VirtualPrinter();
    const { server, queue, transport } = await setup({ printer });
    queue.enqueue(saleJob('S-OK'));
    await queue.idle();
    const port = server.port;
    const closed = new Promise<void>((r) => transport.onClose(() => r()));
    await server.close();
    await closed;
    const id = queue.enqueue(saleJob('S-GONE'));
    await queue.idle();
    const job = queue.get(id);
    expect(held(job)).toEqual({ state: 'held', code: 'disconnected' });
    expect(job?.hold?.message).toMatch(/未连接.*connection refused/);
    expect(job?.attempts).toBe(0);
    // Same port again (the printer was power-cycled).
    const { serveTcp } = await import('../../../drivers/printer/virtual/servers');
    const again = await serveTcp(printer, { port });
    cleanups.push(() => again.close());
    expect(queue.resume()).toBe(1);
    await queue.idle();
    expect(queue.get(id)).toMatchObject({ state: 'done', attempts: 1 });
    expect(countReceiptsWith(printer, 'S-GONE')).toBe(1);
  });

  it('a printer that never answers status: held as noStatus, nothing printed', async () => {
    const silent = await listenTcp({ port: 0, onConnection: () => {} });
    const transport = new TcpTransport({ port: silent.port });
    const { db, cleanup } = tempDb();
    const queue = new PrintQueue({ db, transport, statusTimeoutMs: 150 });
    cleanups.push(cleanup, () => silent.close(), () => transport.close(), () => queue.close());
    const id = queue.enqueue(saleJob('S-SILENT'));
    await queue.idle();
    const job = queue.get(id);
    expect(held(job)).toEqual({ state: 'held', code: 'noStatus' });
    expect(job?.hold?.message).toMatch(/no status reply within 150 ms \(0 of 4/);
  });

  it('after a crash a printing job comes back held as interrupted; pending ones print once', async () => {
    const { db, printer, transport, queue } = await setup();
    await queue.close();
    const insert = db.prepare(
      `INSERT INTO print_jobs (id, order_no, kind, state, bytes, created_at, device_id) VALUES (?, ?, 'sale', ?, ?, ?, 'printer')`,
    );
    insert.run('crashed', 'S-CRASH', 'printing', Buffer.from(saleJob('S-CRASH').bytes), '2026-11-22T01:00:00.000Z');
    insert.run('waiting', 'S-WAIT', 'pending', Buffer.from(saleJob('S-WAIT').bytes), '2026-11-22T01:00:01.000Z');
    const restarted = new PrintQueue({ db, transport, statusTimeoutMs: 1_000 });
    cleanups.push(() => restarted.close());
    expect(held(restarted.get('crashed'))).toEqual({ state: 'held', code: 'interrupted' });
    restarted.start();
    await restarted.idle();
    expect(restarted.get('waiting')?.state).toBe('done');
    expect(held(restarted.get('crashed'))).toEqual({ state: 'held', code: 'interrupted' });
    expect(countReceiptsWith(printer, 'S-CRASH')).toBe(0);
    expect(countReceiptsWith(printer, 'S-WAIT')).toBe(1);
    restarted.confirmReprint('crashed');
    await restarted.idle();
    expect(countReceiptsWith(printer, 'S-CRASH')).toBe(1);
  });

  it('a keyed job is made once: enqueueing the key again returns the first job and prints nothing more', async () => {
    const { printer, queue } = await setup();
    const first = queue.enqueue({ ...saleJob('S-KEY'), key: 'refund:S-KEYR1#slip' });
    const again = queue.enqueue({ ...saleJob('S-KEY'), key: 'refund:S-KEYR1#slip' });
    await queue.idle();
    expect(again).toBe(first);
    expect(queue.list()).toHaveLength(1);
    expect(countReceiptsWith(printer, 'S-KEY')).toBe(1);
    // Even after it printed, the key still names that job (a replayed call prints nothing).
    expect(queue.enqueue({ ...saleJob('S-KEY'), key: 'refund:S-KEYR1#slip' })).toBe(first);
    await queue.idle();
    expect(countReceiptsWith(printer, 'S-KEY')).toBe(1);
    expect(queue.storedByKeyPrefix('refund:S-KEYR1#').map((j) => j.id)).toEqual([first]);
  });

  it('inside the caller’s transaction a job commits or rolls back with it; nothing prints before the commit', async () => {
    const { db, printer, queue } = await setup();
    const seen: string[] = [];
    queue.onChange((j) => seen.push(`${j.orderNo}:${j.state}`));
    expect(() =>
      db.transaction(() => {
        queue.enqueue({ ...saleJob('S-ROLLBACK'), key: 'k-rollback' });
        throw new Error('the refund failed to commit');
      })(),
    ).toThrow(/failed to commit/);
    const id = db.transaction(() => queue.enqueue({ ...saleJob('S-COMMIT'), key: 'k-commit' }))();
    expect(seen).toEqual([]); // listeners hear of it only after the transaction ended
    await new Promise((r) => setTimeout(r, 20));
    await queue.idle();
    expect(queue.list().map((j) => j.orderNo)).toEqual(['S-COMMIT']);
    expect(queue.get(id)?.state).toBe('done');
    expect(countReceiptsWith(printer, 'S-ROLLBACK')).toBe(0);
    expect(countReceiptsWith(printer, 'S-COMMIT')).toBe(1);
    // The first event is about the committed job; which state it shows depends on whether the
    // worker (kicked by the rolled-back enqueue's own after-commit hook) got to it first.
    expect(seen[0]).toMatch(/^S-COMMIT:(pending|printing)$/);
    expect(seen.some((e) => e.startsWith('S-ROLLBACK'))).toBe(false);
  });

  it('validates input, cancels, and reports every change', async () => {
    const printer = new VirtualPrinter({ state: { paperOut: true } });
    const { queue } = await setup({ printer });
    expect(() => queue.enqueue({ kind: 'sale', bytes: new Uint8Array(0) })).toThrow(/at least one byte/);
    expect(() => queue.cancel('nope')).toThrow(/no print job nope/);
    const seen: string[] = [];
    queue.onChange((j) => seen.push(j.state));
    const id = queue.enqueue(saleJob('S-CANCEL'));
    await queue.idle();
    queue.cancel(id);
    expect(queue.get(id)).toMatchObject({ state: 'failed', error: 'cancelled by the cashier' });
    expect(seen).toEqual(['pending', 'held', 'failed']);
    expect(() => queue.markPrinted(id)).toThrow(/is failed/);
  });
});
