/**
 * The store with its head office and its channels: sales made at the counter reach a real
 * HQ receiver on loopback through the outbox (exactly once, in per-order order), and the
 * gateway simulator's T+1 bills reconcile against the store's own SQLite journal — balanced
 * as made, and with the differences found once the journal and the bill disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeDay } from '../../drivers/shared/store-time';
import { parseScenario } from '../../drivers/terminal/simulator/scenario';
import { startHq } from '../../main/hq/server';
import { runRecon } from '../../main/recon/cli';
import { SqliteJournal } from '../../main/recon/journal-source';
import { startSimService } from '../../main/sim/sim-service';
import { alipayCode, call, fastCore, wechatCode } from '../helpers/fast-core';
import { untilMatch } from '../helpers/until';
import { tempDir } from '../helpers/temp-dir';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Beijing-time date of now: bills and recon cut days at 00:00 +08:00. */
function storeDate(): string {
  return storeDay(Date.now());
}


describe('store -> HQ', () => {
  it('forwards every business event to HQ exactly once and in order, and shows the queue online', async () => {
    const dir = tempDir();
    const hq = await startHq({ port: 0, dbPath: path.join(dir, 'hq.db') });
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => hq.close());
    const core = await fastCore({ hqUrl: hq.url, storeId: 'store-042' });
    cleanups.push(() => core.cleanup());
    for (let i = 0; i < 3; i++) {
      await call(core, 'cart.scan', { code: '6901234000016' });
      await call(core, 'checkout.pay', { tender: i === 1 ? 'card' : 'cash', ...(i === 1 ? {} : { tenderedFen: 500 }) });
    }
    const status = await untilMatch(
      'the queue drained to HQ',
      () => call(core, 'queue.status', {}),
      (s) => s.pending === 0 && s.sentTotal > 0,
    );
    expect(status).toMatchObject({ configured: true, online: true, pending: 0 });
    const res = await fetch(`${hq.url}/v1/stores/store-042/events?limit=1000`);
    const body = (await res.json()) as { events: Array<{ id: string; aggregateId: string; seq: number; type: string }> };
    const ids = body.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(body.events.filter((e) => e.type === 'order.completed')).toHaveLength(3);
    const byOrder = new Map<string, number[]>();
    for (const e of body.events) byOrder.set(e.aggregateId, [...(byOrder.get(e.aggregateId) ?? []), e.seq]);
    for (const seqs of byOrder.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('with HQ unreachable the sale still completes, events wait, QR is refused offline and cash is not', async () => {
    const dir = tempDir();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    // A port nobody listens on: the worker's attempts fail and it goes offline.
    const core = await fastCore({ hqUrl: 'http://127.0.0.1:9', storeId: 'store-043' });
    cleanups.push(() => core.cleanup());
    // A first cash sale gives the worker something to send; its attempts fail.
    await call(core, 'cart.scan', { code: '6901234000016' });
    await call(core, 'checkout.pay', { tender: 'cash', tenderedFen: 200 });
    const offline = await untilMatch(
      'the queue offline',
      () => call(core, 'queue.status', {}),
      (s) => s.online === false,
    );
    expect(offline.online).toBe(false);
    await call(core, 'cart.scan', { code: '6901234000016' });
    const qr = await core.dispatch('checkout.pay', { tender: 'qrScan', authCode: wechatCode() });
    expect(qr).toMatchObject({ ok: false, error: { code: 'DEVICE' } });
    const cash = await call(core, 'checkout.pay', { tender: 'cash', tenderedFen: 200 });
    expect(cash.order?.status).toBe('completed');
    const st = await call(core, 'queue.status', {});
    expect(st.pending).toBeGreaterThan(0);
    expect(st.tenders.qr.available).toBe(false);
    expect(st.tenders.cash.available).toBe(true);
  });
});

describe('reconciliation against the gateway simulator\'s bills', () => {
  it('balances a day of WeChat + Alipay sales, then reports a missing and a mismatched payment', async () => {
    const core = await fastCore();
    cleanups.push(() => core.cleanup());
    const orders: string[] = [];
    for (const pay of [
      { tender: 'qrScan', authCode: wechatCode() },
      { tender: 'qrScan', authCode: alipayCode() },
      { tender: 'qrScan', authCode: wechatCode() },
    ]) {
      await call(core, 'cart.scan', { code: '6901234000122' });
      const r = await call(core, 'checkout.pay', pay);
      orders.push(r.order?.orderNo ?? '');
    }
    const paid = await call(core, 'journal.get', { orderNo: orders[0] });
    await call(core, 'journal.refund', { orderNo: orders[0], paymentId: paid.payments[0].id, amountFen: 1000 });

    const date = storeDate();
    const dir = tempDir('posdesk-recon-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const gw = core.sims.gateway;
    if (!gw) throw new Error('no embedded gateway');
    const wx = path.join(dir, 'wechat.csv');
    const ali = path.join(dir, 'alipay.zip');
    fs.writeFileSync(wx, gw.control.wechatBill(date.replaceAll('-', '')) ?? '');
    fs.writeFileSync(ali, gw.control.alipayBill(date).zip);

    const out: string[] = [];
    const io = {
      out: (s: string) => out.push(s),
      err: (s: string) => out.push(s),
      readFile: async (f: string) => new Uint8Array(fs.readFileSync(f)),
      writeFile: async (f: string, d: string) => fs.writeFileSync(f, d),
    };
    const journal = new SqliteJournal(core.db);
    const balanced = await runRecon(['--date', date, '--statement', wx, ali, '--json'], journal, io);
    expect(balanced, out.join('\n')).toBe(0);

    // The store loses a payment's row (as a peer losing an interrupted sync would) and
    // another is recorded with the wrong amount: both are reported, nothing is skipped.
    core.db.prepare(`UPDATE payments SET amount_fen = amount_fen + 1 WHERE leg_ref = ?`).run(`${orders[1]}01`);
    core.db.prepare(`UPDATE payments SET leg_ref = 'gone' WHERE leg_ref = ?`).run(`${orders[2]}01`);
    out.length = 0;
    const diff = await runRecon(['--date', date, '--statement', wx, ali, '--json'], journal, io);
    expect(diff).toBe(1);
    const report = out.join('\n');
    expect(report).toMatch(/amount/i);
    expect(report).toMatch(/channel.?only|长款/i);
  });
});

describe('the Reconciliation page\'s calls', () => {
  it('recon.run from the embedded gateway balances a day of QR sales; settle.run settles the card batch 对账平', async () => {
    const core = await fastCore();
    cleanups.push(() => core.cleanup());
    for (const pay of [{ tender: 'qrScan', authCode: wechatCode() }, { tender: 'card' }, { tender: 'card' }]) {
      await call(core, 'cart.scan', { code: '6901234000122' });
      await call(core, 'checkout.pay', pay);
    }
    const recon = await call(core, 'recon.run', { date: storeDate(), source: 'gateway' });
    expect(recon.balanced).toBe(true);
    expect(recon.totals.matched.count).toBe(1);
    expect(recon.statement.grand.grossFen).toBe(21_000);
    expect(recon.csv.charCodeAt(0)).toBe(0xfeff);
    expect(recon.chartSvg).toContain('<svg');

    const settled = await call(core, 'settle.run', {});
    expect(settled.responseCode).toBe('00');
    expect(settled.balanced).toBe(true);
    expect(settled.terminal.domestic.debit.count + settled.terminal.domestic.credit.count + settled.terminal.foreign.debit.count + settled.terminal.foreign.credit.count).toBe(2);
    expect(settled.receipt?.svg).toContain('<svg');
    // The day's close is in the outbox for HQ, with the batch's totals.
    const closed = core.db.prepare(`SELECT payload FROM outbox WHERE type = 'day.closed'`).all() as Array<{ payload: string }>;
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0].payload)).toMatchObject({ batchNo: settled.batchNo, balanced: true });

    const bad = await core.dispatch('recon.run', { date: '2026-13-40x', source: 'gateway' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'date' } });
  });

  it("settle.run balances a quasi-credit card ('02') sale: the terminal and the till both count it as 贷记", async () => {
    // A terminal whose next sale reads a 准贷记卡, reached over TCP like a real one. The first
    // try is refused (L1, not signed in) and sent again after the sign-in: both read the card.
    const card = { card: { pan: '6225880000000003', cardType: '02' } };
    const sim = await startSimService({
      vendor: 'wangpos',
      link: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      scenario: parseScenario({ name: 'quasi-credit', steps: [card, card] }),
    });
    cleanups.push(() => sim.close());
    const core = await fastCore({ terminal: `tcp://127.0.0.1:${sim.port}`, terminalVendor: 'wangpos' });
    cleanups.push(() => core.cleanup());
    await call(core, 'cart.scan', { code: '6901234000122' });
    const paid = await call(core, 'checkout.pay', { tender: 'card' });
    expect(sim.journal().at(-1)?.result).toMatchObject({ cardType: '02', outcome: 'approved' });

    const settled = await call(core, 'settle.run', {});
    expect(settled.terminal.domestic.credit).toEqual({ count: 1, amountFen: paid.payment.amountFen });
    expect(settled.terminal.domestic.debit.count).toBe(0);
    expect(settled).toMatchObject({ responseCode: '00', balanced: true, differences: [], warnings: [] });
  });
});
