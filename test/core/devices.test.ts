/**
 * The counter's devices through the contract: the simulated ESC/POS printer on a loopback
 * socket behind the exactly-once print queue, the pole display following the cart, and
 * the device doctor's timeline and byte log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, fastCore } from '../helpers/fast-core';
import { untilMatch } from '../helpers/until';

type Core = Awaited<ReturnType<typeof fastCore>>;
let core: Core | undefined;
afterEach(async () => {
  await core?.cleanup();
  core = undefined;
});


describe('devices', () => {
  it('lists the simulated printer, display and the keyboard-wedge scanner, with a card terminal', async () => {
    core = await fastCore();
    const list = await call(core, 'devices.list', {});
    const roles = list.map((d) => d.role).sort();
    expect(roles).toEqual(expect.arrayContaining(['printer', 'customerDisplay', 'scanner', 'terminal']));
    expect(list.find((d) => d.id === 'sim_printer')?.status).toBe('ready');
  });

  it('prints the test page through the queue and shows its preview; the byte log has the bytes', async () => {
    core = await fastCore();
    const preview = await call(core, 'devices.testPrint', {});
    expect(preview.svg).toContain('<svg');
    expect(preview.svg).toContain('打印测试');
    expect(core.sims.printer?.receipts.length).toBe(1);
    const detail = await call(core, 'devices.detail', { id: 'sim_printer' });
    expect(detail.byteLog.some((b) => b.dir === 'out' && b.length > 100)).toBe(true);
  });

  it('paper out: the sale completes, the receipt is held with what to do, and prints once on 继续', async () => {
    core = await fastCore();
    await call(core, 'printer.simState', { paperOut: true });
    await call(core, 'cart.scan', { code: '6901234000016' });
    const paid = await call(core, 'checkout.pay', { tender: 'cash', tenderedFen: 200 });
    expect(paid.order?.status).toBe('completed');
    expect(paid.printError).toMatch(/纸|paper/i);
    const held = (await call(core, 'printer.jobs', {})).find((j) => j.orderNo === paid.order?.orderNo && j.kind === 'sale');
    expect(held?.state).toBe('held');
    expect(held?.hold?.action).toBeTruthy();
    expect(core.sims.printer?.receipts.length).toBe(0);
    // Refilling prints nothing by itself (no replay storm)...
    await call(core, 'printer.simState', { paperOut: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(core.sims.printer?.receipts.length).toBe(0);
    // ...继续 prints it exactly once.
    await call(core, 'printer.resume', {});
    const jobs = await untilMatch(
      'every print job done',
      () => call(core as Core, 'printer.jobs', {}),
      (js) => js.every((j) => j.state === 'done'),
    );
    expect(jobs.every((j) => j.state === 'done')).toBe(true);
    expect(core.sims.printer?.receipts.length).toBe(1);
  });

  it('a card sale prints both card slips and the receipt', async () => {
    core = await fastCore();
    await call(core, 'cart.scan', { code: '6901234000016' });
    await call(core, 'checkout.pay', { tender: 'card' });
    const kinds = (await call(core, 'printer.jobs', {})).map((j) => j.kind);
    expect(kinds.filter((k) => k === 'cardSlip')).toHaveLength(2);
    expect(kinds).toContain('sale');
  });

  it('a simulated unplug and replug show in the device timeline', async () => {
    core = await fastCore();
    await call(core, 'devices.unplug', { id: 'sim_printer' });
    const after = await untilMatch(
      'the printer unplugged in its timeline',
      () => call(core as Core, 'devices.detail', { id: 'sim_printer' }),
      (d) => d.timeline.some((t) => t.kind === 'unplugged'),
    );
    expect(after.timeline.map((t) => t.kind)).toContain('unplugged');
    expect(after.device.status).toBe('offline');
    await call(core, 'devices.replug', { id: 'sim_printer' });
    const back = await untilMatch(
      'the printer ready again',
      () => call(core as Core, 'devices.detail', { id: 'sim_printer' }),
      (d) => d.device.status === 'ready',
    );
    expect(back.device.status).toBe('ready');
    const real = await core.dispatch('devices.unplug', { id: 'scanner-wedge' });
    expect(real).toMatchObject({ ok: false });
  });

  it('the pole display shows the cart total', async () => {
    core = await fastCore();
    await call(core, 'cart.scan', { code: '6901234000122' });
    const view = await untilMatch(
      'the pole display showing the total',
      () => call(core as Core, 'display.state', {}),
      (v) => v.model === 'led8n' && v.digits.replace(/\D/g, '') === '7000',
    );
    expect(view.model === 'led8n' ? view.digits.replace(/\D/g, '') : '').toBe('7000');
    expect(view.model === 'led8n' ? view.lamps : []).toContain('total');
  });
});

describe('a serial (USB-CDC) scanner', () => {
  it('adds what it scans to the cart, over a real pty; a garbage line adds nothing; unplugged it shows offline', async () => {
    const { openPtyPair } = await import('../../drivers/transport/pty-pair');
    const { SerialPort } = await import('serialport');
    const pty = await openPtyPair();
    try {
      core = await fastCore({ serialScanners: [`${pty.a}@9600`] });
      const gun = new SerialPort({ path: pty.b, baudRate: 9600 });
      await new Promise((r) => gun.once('open', r));
      const send = (text: string) => new Promise((r) => gun.write(text, () => gun.drain(r)));
      const listed = (await call(core, 'devices.list', {})).find((d) => d.id === `serial_scanner_${pty.a}`);
      expect(listed).toMatchObject({ role: 'scanner', status: 'ready' });
      await send('not-a-product\r\n');
      await send('6901234000016\r\n');
      const cart = await untilMatch(
      'the scanned line in the cart',
        () => call(core as Core, 'cart.get', {}),
        (c) => c.lines.length > 0,
      );
      expect(cart.lines.map((l) => l.barcode)).toEqual(['6901234000016']);
      await new Promise((r) => gun.close(r));
      await pty.close();
      const gone = await untilMatch(
      'the serial scanner offline',
        () => call(core as Core, 'devices.list', {}),
        (ds) => ds.find((d) => d.id === `serial_scanner_${pty.a}`)?.status === 'offline',
      );
      expect(gone.find((d) => d.id === `serial_scanner_${pty.a}`)?.status).toBe('offline');
    } finally {
      await pty.close().catch(() => undefined);
    }
  });
});
