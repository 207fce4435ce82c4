/**
 * Refunds and voids print, once: a real core on a real SQLite file, the card terminal
 * simulator, and the virtual printer behind the exactly-once print queue. The slips are
 * read back as the printer read them (its receipts) and from the job rows (their bytes).
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePrinterProfile } from '../../drivers/printer/resolve-profile';
import { VirtualPrinter } from '../../drivers/printer/virtual/interpreter';
import { type Receipt, receiptText } from '../../drivers/printer/virtual/model';
import { widthDotsOf } from '../../drivers/printer/profile';
import { call, fastCore } from '../helpers/fast-core';
import { tempDir } from '../helpers/temp-dir';

type Core = Awaited<ReturnType<typeof fastCore>>;
const CIGARETTES = '6901234000122'; // ¥70.00
const cores: Core[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function open(dataDir: string): Promise<Core> {
  const core = await fastCore({}, dataDir);
  cores.push(core);
  return core;
}

async function start(): Promise<{ core: Core; dataDir: string }> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  return { core: await open(dataDir), dataDir };
}

async function close(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

interface JobRow {
  id: string;
  kind: string;
  state: string;
  bytes: Buffer;
  job_key: string | null;
}
const jobs = (core: Core, kinds = ['refund', 'void', 'cardSlip']) =>
  core.db.prepare<[], JobRow>(`SELECT id, kind, state, bytes, job_key FROM print_jobs WHERE kind IN (${kinds.map((k) => `'${k}'`).join(',')}) AND job_key IS NOT NULL ORDER BY created_at, rowid`).all();

/** The job's bytes as a fresh 80 mm GB18030 printer (the default profile) reads them. */
function read(bytes: Buffer): string[] {
  const vp = new VirtualPrinter({ widthDots: 576, encoding: 'GB18030' });
  vp.feed(bytes);
  return receiptText(vp.receipts[0] ?? vp.peek());
}

const texts = (receipts: Receipt[]) => receipts.map(receiptText);

async function paidOrder(core: Core, tender: 'cash' | 'card'): Promise<{ orderNo: string; paymentId: string }> {
  await call(core, 'cart.scan', { code: CIGARETTES });
  const paid = await call(core, 'checkout.pay', tender === 'cash' ? { tender: 'cash', tenderedFen: 7000 } : { tender: 'card' });
  if (!paid.order) throw new Error('order not completed');
  return { orderNo: paid.order.orderNo, paymentId: paid.payment.id };
}

async function settle(core: Core): Promise<void> {
  for (let i = 0; i < 100 && jobs(core).some((j) => j.state === 'pending' || j.state === 'printing'); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('a refund prints its slip through the print queue', () => {
  it('cash refund: one refund slip whose text has the refund total; the printer printed it once', async () => {
    const { core } = await start();
    const { orderNo, paymentId } = await paidOrder(core, 'cash');
    const before = core.sims.printer?.receipts.length ?? 0;
    await call(core, 'journal.refund', { orderNo, paymentId, amountFen: 1250 });
    const refundJobs = jobs(core);
    expect(refundJobs.map((j) => [j.kind, j.state])).toEqual([['refund', 'done']]);
    const slip = read(refundJobs[0]?.bytes ?? Buffer.alloc(0));
    expect(slip).toContain('退货单 REFUND');
    expect(slip.find((l) => l.startsWith('退款合计'))).toMatch(/ -￥12\.50$/);
    expect(slip.find((l) => l.startsWith('现金退款'))).toMatch(/ -12\.50$/);
    expect(slip.some((l) => l.startsWith('原单号:') && l.endsWith(orderNo))).toBe(true);
    const printed = texts(core.sims.printer?.receipts.slice(before) ?? []);
    expect(printed.filter((r) => r.includes('退货单 REFUND'))).toHaveLength(1);
  });

  it('card refund: the refund slip and the card slips to sign (退货/REFUND, merchant and cardholder copies)', async () => {
    const { core } = await start();
    const { orderNo, paymentId } = await paidOrder(core, 'card');
    await call(core, 'journal.refund', { orderNo, paymentId, amountFen: 2000 });
    await settle(core); // the call waited for the refund slip; the card slips print after it
    const refundJobs = jobs(core);
    expect(refundJobs.map((j) => j.kind)).toEqual(['refund', 'cardSlip', 'cardSlip']);
    expect(refundJobs.every((j) => j.state === 'done')).toBe(true);
    expect(read(refundJobs[0]?.bytes ?? Buffer.alloc(0)).find((l) => l.startsWith('退款合计'))).toMatch(/-￥20\.00$/);
    const [merchant, holder] = refundJobs.slice(1).map((j) => read(j.bytes));
    for (const slip of [merchant, holder]) {
      expect(slip).toContain('  退货/REFUND');
      expect(slip.find((l) => l.startsWith('金额(AMOUNT):'))).toMatch(/RMB 20\.00$/);
      expect(slip.some((l) => /^ {2}\d{6}\*+\d{4}$/.test(l))).toBe(true);
      expect(slip.find((l) => l.startsWith('凭证号(VOUCHER NO):'))).toMatch(/\d{6}$/);
    }
    expect(merchant).toContain('商户存根 MERCHANT COPY');
    expect(merchant.some((l) => l.startsWith('持卡人签名'))).toBe(true);
    expect(holder).toContain('持卡人存根 CARDHOLDER COPY');
  });

  it('void of a card order: a void slip with the goods, and card slips of the terminal’s 撤销', async () => {
    const { core } = await start();
    const { orderNo } = await paidOrder(core, 'card');
    await call(core, 'journal.void', { orderNo });
    await settle(core);
    const voidJobs = jobs(core);
    expect(voidJobs.map((j) => j.kind)).toEqual(['void', 'cardSlip', 'cardSlip']);
    const slip = read(voidJobs[0]?.bytes ?? Buffer.alloc(0));
    expect(slip).toContain('作废单 VOID');
    expect(slip.find((l) => l.startsWith('退款合计'))).toMatch(/-￥70\.00$/);
    expect(slip).toContain('原因: 整单作废 / order voided');
    expect(read(voidJobs[1]?.bytes ?? Buffer.alloc(0))).toContain('  撤销/VOID');
  });

  it('the journal reprints the refund slips, marked 重打印, without queueing the refund again', async () => {
    const { core } = await start();
    const { orderNo, paymentId } = await paidOrder(core, 'card');
    await call(core, 'journal.refund', { orderNo, paymentId, amountFen: 500 });
    const again = await call(core, 'receipt.reprintRefund', { orderNo });
    expect(again).toHaveLength(3);
    expect(again[0]?.svg).toContain('重打印COPY'); // the SVG places each glyph; spaces are positions
    expect(again[1]?.svg).toContain('重打印DUPLICATED');
    expect(jobs(core)).toHaveLength(3); // the keyed originals; reprints are unkeyed copies
    const copies = core.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM print_jobs WHERE copy = 1 AND state = 'done'`).get();
    expect(copies?.n).toBe(3);
    const none = await core.dispatch('receipt.reprintRefund', { orderNo, refundNo: 'NO-SUCH' });
    expect(none.ok ? null : none.error.code).toBe('NOT_FOUND');
  });
});

describe('exactly once across a crash and a restart', () => {
  it('a restart prints nothing again; a slip caught mid-print is held, not re-sent', async () => {
    const { core, dataDir } = await start();
    const { orderNo, paymentId } = await paidOrder(core, 'cash');
    await call(core, 'journal.refund', { orderNo, paymentId, amountFen: 100 });
    await call(core, 'journal.refund', { orderNo, paymentId, amountFen: 200 });
    const [first, second] = jobs(core);
    expect([first?.state, second?.state]).toEqual(['done', 'done']);
    // The power fails while the second slip is going out: its row is left 'printing'.
    core.db.prepare(`UPDATE print_jobs SET state = 'printing' WHERE id = ?`).run(second?.id ?? '');
    await close(core);

    const again = await open(dataDir);
    await new Promise((r) => setTimeout(r, 300));
    expect(texts(again.sims.printer?.receipts ?? []).filter((r) => r.includes('退货单 REFUND'))).toHaveLength(0);
    const after = jobs(again);
    expect(after.map((j) => j.id)).toEqual([first?.id, second?.id]);
    expect(after.map((j) => j.state)).toEqual(['done', 'held']);
    const held = (await call(again, 'printer.jobs', {})).find((j) => j.id === second?.id);
    expect(held?.hold?.code).toBe('interrupted');
  });

  it('a slip queued with its refund but not yet sent when the core stopped prints once at the next start', async () => {
    const { core, dataDir } = await start();
    const { orderNo, paymentId } = await paidOrder(core, 'cash');
    await call(core, 'printer.simState', { paperOut: true });
    await call(core, 'journal.refund', { orderNo, paymentId, amountFen: 300 });
    const [slip] = jobs(core);
    expect(slip?.state).toBe('held'); // paper out: nothing was sent
    // As if the core died after the refund's commit, before the worker looked at the printer.
    core.db.prepare(`UPDATE print_jobs SET state = 'pending', hold_code = NULL WHERE id = ?`).run(slip?.id ?? '');
    await close(core);

    const again = await open(dataDir);
    await settle(again);
    expect(jobs(again).map((j) => [j.id, j.state])).toEqual([[slip?.id, 'done']]);
    expect(texts(again.sims.printer?.receipts ?? []).filter((r) => r.includes('退货单 REFUND'))).toHaveLength(1);
  });
});

describe('each printer prints with its own profile', () => {
  it('a 58 mm GBK model on the Devices page: the next sale and refund print 32 columns in GBK', async () => {
    const { core } = await start();
    await call(core, 'devices.updateSettings', { id: 'sim_printer', settings: { printerModel: 'xprinter-xp-58', encoding: 'GBK' } });
    const bad = await core.dispatch('devices.updateSettings', { id: 'sim_printer', settings: { paperWidthMm: 80 } });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/takes 58 mm paper/) });
    const { orderNo, paymentId } = await paidOrder(core, 'cash');
    await call(core, 'journal.refund', { orderNo, paymentId, amountFen: 700 });
    const printer = core.sims.printer;
    expect(printer?.widthDots).toBe(384);
    expect(printer?.encoding).toBe('GBK');
    const [refundJob] = jobs(core);
    expect(refundJob?.bytes.includes(Buffer.from('a3a4', 'hex'))).toBe(true); // ￥ in GBK
    const { profile } = resolvePrinterProfile({ printerModel: 'xprinter-xp-58', encoding: 'GBK' });
    const vp = new VirtualPrinter({ widthDots: widthDotsOf(profile), encoding: 'GBK' });
    vp.feed(refundJob?.bytes ?? Buffer.alloc(0));
    const slip = receiptText(vp.peek());
    expect(slip).toContain('-'.repeat(32));
    expect(slip).toContain('退款合计                 -￥7.00');
    // The preview the journal shows is drawn 384 dots wide (the paper it was printed on).
    const receipt = await call(core, 'receipt.get', { orderNo });
    expect(receipt?.svg).toContain('viewBox="0 0 416 ');
    // The no-cutter model never cuts: the printer's paper simply goes on (one long receipt).
    expect(texts([printer?.peek() as Receipt])[0]?.filter((l) => l === '-'.repeat(32)).length).toBeGreaterThan(2);
  });
});
