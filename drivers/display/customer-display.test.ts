import { afterEach, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair } from '../transport/pty-pair';
import { SerialTransport } from '../transport/serial';
import { createMemoryPair } from '../transport/memory';
import type { Transport } from '../transport/transport';
import { CustomerDisplay } from './customer-display';
import { LED8N_DEFAULT_BAUD } from './led8n';
import { attachDisplay, type DisplayView, SimulatedDisplay } from './simulated-display';
import { untilMatch } from '../../test/helpers/until';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Resolves once the simulated display shows a view matching `pred`. */
function until(d: SimulatedDisplay, pred: (v: DisplayView) => boolean): Promise<DisplayView> {
  return untilMatch('the display to show the expected view', () => d.view(), pred);
}

async function memoryLink(): Promise<[Transport, Transport]> {
  const [host, device] = createMemoryPair('display');
  await host.open();
  await device.open();
  cleanups.push(async () => {
    await host.close();
    await device.close();
  });
  return [host, device];
}

describe('CustomerDisplay', () => {
  it('LED8N: each amount lights its lamp', async () => {
    const [host, device] = await memoryLink();
    const sim = new SimulatedDisplay('led8n');
    attachDisplay(sim, device);
    const cd = new CustomerDisplay(host, { model: 'led8n' });
    await cd.init();
    await cd.showPrice(650);
    await until(sim, (v) => v.model === 'led8n' && v.lamp === 'price' && v.digits === '6.50');
    await cd.showTotal(23648);
    await until(sim, (v) => v.model === 'led8n' && v.lamp === 'total' && v.digits === '236.48');
    await cd.showPaid(30000);
    await until(sim, (v) => v.model === 'led8n' && v.lamp === 'paid' && v.digits === '300.00');
    await cd.showChange(6352);
    await until(sim, (v) => v.model === 'led8n' && v.lamp === 'change' && v.digits === '63.52');
    await cd.welcome('欢迎光临');
    const v = await until(sim, (x) => x.model === 'led8n' && x.digits === '');
    expect(v).toMatchObject({ lamp: null, lamps: [] });
  });

  it('LED8N: bytes of one amount are exact', () => {
    const [host] = createMemoryPair();
    const cd = new CustomerDisplay(host, { model: 'led8n' });
    expect(Buffer.from(cd.encodeAmount('total', 1234)).toString('hex')).toBe('1b514131322e33340d1b7332');
    expect(() => cd.encodeAmount('total', 100_000_000)).toThrow(/8 digits/);
  });

  it('DM-D: label line and amount line; welcome text', async () => {
    const [host, device] = await memoryLink();
    const sim = new SimulatedDisplay('dmd');
    attachDisplay(sim, device);
    const cd = new CustomerDisplay(host, { model: 'dmd' });
    await cd.init();
    await cd.showChange(6352);
    await until(sim, (v) => v.model === 'dmd' && v.lines[0] === '找零 Change' && v.lines[1] === '           RMB 63.52');
    await cd.welcome('欢迎光临', 'Welcome');
    await until(sim, (v) => v.model === 'dmd' && v.lines[0] === '欢迎光临' && v.lines[1] === 'Welcome');
    await cd.clear();
    await until(sim, (v) => v.model === 'dmd' && v.lines[0] === '' && v.lines[1] === '');
  });

  it('DM-D ascii model: English labels, ￥ never sent', () => {
    const [host] = createMemoryPair();
    const cd = new CustomerDisplay(host, { model: 'dmd', encoding: 'ascii' });
    const bytes = Buffer.from(cd.encodeAmount('paid', 500));
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(bytes.toString('latin1')).toContain('PAID');
  });
});

describe.skipIf(!hasSocat())('CustomerDisplay over a real socat pty pair at 2400 8N1', () => {
  it.each(['led8n', 'dmd'] as const)('%s shows the total on the far end', async (model) => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const host = new SerialTransport({ path: pair.a, baudRate: LED8N_DEFAULT_BAUD });
    const device = new SerialTransport({ path: pair.b, baudRate: LED8N_DEFAULT_BAUD });
    await host.open();
    await device.open();
    cleanups.push(async () => {
      await host.close();
      await device.close();
    });
    const sim = new SimulatedDisplay(model);
    const errors: string[] = [];
    sim.onError((e) => errors.push(e.message));
    attachDisplay(sim, device);
    const cd = new CustomerDisplay(host, { model });
    await cd.init();
    await cd.showTotal(23648);
    const v = await until(sim, (x) => (x.model === 'led8n' ? x.lamp === 'total' : x.lines[1].endsWith('236.48')));
    if (v.model === 'led8n') expect(v.digits).toBe('236.48');
    else expect(v.lines[0]).toBe('总计 Total');
    expect(errors).toEqual([]);
  });
});
