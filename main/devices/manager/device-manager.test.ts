import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceInfo } from '../../../preload/contract';
import { VirtualPrinter } from '../../../drivers/printer/virtual/interpreter';
import { serveTcp, type TcpPrinterServer } from '../../../drivers/printer/virtual/servers';
import { DLE_EOT_QUERIES } from '../../../drivers/printer/status';
import { createMemoryPair } from '../../../drivers/transport/memory';
import { TcpTransport } from '../../../drivers/transport/tcp';
import { ManualClock } from './clock';
import { DeviceConnection } from './device-connection';
import { DeviceManager, type DeviceRegistryLike } from './device-manager';
import { ByteLog, Timeline } from './doctor';
import { PrintQueue } from '../print-queue/print-queue';
import { countReceiptsWith, saleJob, TripAfter, tempDb } from '../print-queue/print-queue-test-kit';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

class FakeRegistry implements DeviceRegistryLike {
  readonly devices = new Map<string, DeviceInfo>();
  readonly pushes: string[] = [];
  upsert(d: DeviceInfo): void {
    const before = this.devices.get(d.id);
    this.devices.set(d.id, d);
    if (!before || before.status !== d.status || before.detail !== d.detail) this.pushes.push(`${d.id}:${d.status}`);
  }
  setStatus(id: string, status: DeviceInfo['status'], detail: string): void {
    const d = this.devices.get(id);
    if (d) this.upsert({ ...d, status, detail });
  }
}

async function simulatedPrinter(manager: DeviceManager): Promise<{ id: string; printer: VirtualPrinter; server: TcpPrinterServer }> {
  const printer = new VirtualPrinter();
  const server = await serveTcp(printer, { port: 0 });
  cleanups.push(() => server.close());
  const id = manager.addSimulated({ name: 'printer1', kind: 'printer', label: '模拟小票机', connect: () => new TcpTransport({ port: server.port }) });
  return { id, printer, server };
}

function kinds(manager: DeviceManager, id: string): string[] {
  return manager.timeline(id).map((e) => e.kind);
}

describe('DeviceManager with a simulated printer (real TCP loopback, manual clock)', () => {
  it('adds, opens and registers; logs bytes both ways', async () => {
    const clock = new ManualClock(0);
    const registry = new FakeRegistry();
    const manager = new DeviceManager({ registry, clock, usbGetDevices: null, serialList: null });
    cleanups.push(() => manager.stop());
    const { id } = await simulatedPrinter(manager);
    await manager.start();
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('open'));
    expect(manager.get(id)).toMatchObject({ role: 'printer', driver: 'simulated', simulated: true, health: { status: 'ready' } });
    expect(registry.devices.get(id)).toMatchObject({ role: 'printer', name: '模拟小票机', link: '模拟 / simulated', simulated: true, status: 'ready' });
    expect(kinds(manager, id)).toEqual(['added', 'opened']);

    const t = await manager.open(id);
    if (!t) throw new Error('no link');
    const reply = new Promise<Buffer>((r) => t.onData(r));
    await t.write(DLE_EOT_QUERIES[0] ?? new Uint8Array());
    expect((await reply).toString('hex')).toBe('12');
    expect(manager.byteLog(id).map((e) => `${e.dir} ${e.hex}`)).toEqual(['out 10 04 01', 'in 12']);
  });

  it('unplug and replug before the debounce: error, reconnecting, recovered; never removed', async () => {
    const clock = new ManualClock(0);
    const registry = new FakeRegistry();
    const manager = new DeviceManager({ registry, clock, usbGetDevices: null, serialList: null, pollIntervalMs: 1000, removeAfterMs: 5000 });
    cleanups.push(() => manager.stop());
    const { id } = await simulatedPrinter(manager);
    await manager.start();
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('open'));

    await manager.simulateUnplug(id);
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('reconnecting'));
    expect(registry.devices.get(id)).toMatchObject({ status: 'offline', detail: expect.stringMatching(/simulated unplug/) });
    await clock.advance(500); // first retry: still unplugged
    await vi.waitFor(() => expect(kinds(manager, id)).toContain('error'));
    await manager.simulateReplug(id);
    await clock.advance(1000); // second retry succeeds
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('open'));
    const tl = manager.timeline(id);
    expect(tl.map((e) => e.kind)).toEqual(['added', 'opened', 'unplugged', 'error', 'reconnecting', 'error', 'reconnecting', 'replugged', 'recovered']);
    expect(tl[3]?.reason).toMatch(/link lost: .*simulated unplug: the cable was pulled/);
    expect(tl[5]?.reason).toMatch(/reopen failed: .*unplugged/);
    expect(tl[4]?.reason).toBe('attempt 1 in 500 ms');
    expect(tl[6]?.reason).toBe('attempt 2 in 1000 ms');
    // Health reached the registry only on change: registered (not open yet), ready, offline
    // (the drop), offline with the new reason (the failed retry), ready. Two retries, no repeats.
    expect(registry.pushes.filter((p) => p.startsWith(id))).toEqual([`${id}:offline`, `${id}:ready`, `${id}:offline`, `${id}:offline`, `${id}:ready`]);
  });

  it('unplugged past the debounce: removed, retries stop, added again on replug', async () => {
    const clock = new ManualClock(0);
    const manager = new DeviceManager({ clock, usbGetDevices: null, serialList: null, pollIntervalMs: 1000, removeAfterMs: 2000, backoff: { baseMs: 10_000, maxMs: 10_000, factor: 1 } });
    cleanups.push(() => manager.stop());
    const { id } = await simulatedPrinter(manager);
    await manager.start();
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('open'));
    await manager.simulateUnplug(id);
    await clock.advance(3000);
    expect(manager.list().map((d) => d.descriptor.id)).not.toContain(id);
    expect(kinds(manager, id).at(-1)).toBe('removed');
    await clock.advance(20_000);
    expect(kinds(manager, id).filter((k) => k === 'reconnecting')).toHaveLength(1); // no retries once removed
    await manager.simulateReplug(id);
    await clock.advance(1000);
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('open'));
    expect(kinds(manager, id).slice(-3)).toEqual(['replugged', 'added', 'opened']);
  });

  it('roles and settings: an unknown serial port opens only once it has a role', async () => {
    const clock = new ManualClock(0);
    const registry = new FakeRegistry();
    const manager = new DeviceManager({
      registry,
      clock,
      usbGetDevices: () => Promise.reject(new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)')),
      serialList: async () => [{ path: '/tmp/posdesk-no-such-dir/ttyNONE' }],
    });
    cleanups.push(() => manager.stop());
    await manager.start();
    const id = 'serial_/tmp/posdesk-no-such-dir/ttyNONE';
    expect(manager.problems()).toEqual([{ source: 'usb', message: expect.stringMatching(/no USB bus on this machine/) }]);
    expect(manager.get(id)).toMatchObject({ role: null, driver: 'serial', state: 'closed' });
    expect(registry.devices.has(id)).toBe(false);
    manager.updateSettings(id, { baudRate: 2400, displayModel: 'led8n' });
    manager.setRole(id, 'customerDisplay');
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('reconnecting'));
    expect(registry.devices.get(id)).toMatchObject({ role: 'customerDisplay', status: 'offline', detail: expect.stringMatching(/no such serial port/) });
    expect(manager.timeline(id).find((e) => e.kind === 'error')?.reason).toMatch(/open failed: .*ttyNONE@2400: no such serial port/);
  });
});

describe('device doctor: an unplug during a print, seen by the print queue and the timeline', () => {
  it('holds the job as may-be-incomplete, reconnects after the replug, prints once on confirmation', async () => {
    const clock = new ManualClock(0);
    const manager = new DeviceManager({ clock, usbGetDevices: null, serialList: null, pollIntervalMs: 1000, removeAfterMs: 10_000 });
    cleanups.push(() => manager.stop());
    const { id, printer } = await simulatedPrinter(manager);
    await manager.start();
    const link = await manager.open(id);
    if (!link) throw new Error('no link');
    const { db, cleanup } = tempDb();
    cleanups.push(cleanup);
    const queue = new PrintQueue({
      db,
      deviceId: id,
      chunkSize: 128,
      statusTimeoutMs: 1_000,
      transport: new TripAfter(link, 400, () => manager.simulateUnplug(id)),
    });
    cleanups.push(() => queue.close());
    const jobId = queue.enqueue(saleJob('S-UNPLUG'));
    await queue.idle();
    expect(queue.get(jobId)).toMatchObject({ state: 'held', hold: { code: 'maybeIncomplete', message: expect.stringMatching(/the link dropped after \d+ of \d+ bytes/) } });
    expect(kinds(manager, id)).toEqual(['added', 'opened', 'unplugged', 'error', 'reconnecting']);
    const out = manager.byteLog(id).filter((e) => e.dir === 'out');
    expect(out[0]?.hex).toBe('1d 61 0f'); // GS a: ASB on
    expect(out[1]?.hex).toBe('10 04 01 10 04 02 10 04 03 10 04 04'); // DLE EOT 1..4 before the job

    await manager.simulateReplug(id);
    await clock.advance(500);
    await vi.waitFor(() => expect(manager.get(id)?.state).toBe('open'));
    expect(kinds(manager, id).at(-1)).toBe('recovered');
    expect(countReceiptsWith(printer, 'S-UNPLUG')).toBe(0);
    queue.confirmReprint(jobId);
    await queue.idle();
    expect(queue.get(jobId)).toMatchObject({ state: 'done', copy: true, attempts: 2 });
    expect(countReceiptsWith(printer, 'S-UNPLUG')).toBe(1);
  });
});

describe('DeviceConnection lifecycle', () => {
  it('open -> claim -> enable/disable -> release -> close; input only while enabled', async () => {
    const clock = new ManualClock();
    const [host, device] = createMemoryPair('scanner');
    await device.open();
    const health: string[] = [];
    const c = new DeviceConnection({
      deviceId: 'sim_scanner',
      connect: () => host,
      clock,
      timeline: new Timeline('sim_scanner', () => clock.now()),
      byteLog: new ByteLog(() => clock.now()),
      onHealth: (h) => health.push(h.status),
    });
    const got: string[] = [];
    c.onData((b) => got.push(b.toString()));
    expect(() => c.claim('checkout')).toThrow(/open the device before claiming/);
    await c.open();
    expect(() => c.enable()).toThrow(/claim the device before enabling/);
    c.claim('checkout');
    expect(() => c.claim('other')).toThrow(/claimed by checkout/);
    await device.write(Buffer.from('ignored'));
    await new Promise((r) => setImmediate(r));
    c.enable();
    await device.write(Buffer.from('6901234567892'));
    await vi.waitFor(() => expect(got).toEqual(['6901234567892']));
    c.disable();
    await device.write(Buffer.from('dropped'));
    await new Promise((r) => setImmediate(r));
    c.release('checkout');
    c.claim('other');
    await c.close();
    expect(got).toEqual(['6901234567892']);
    expect(health).toEqual(['ready']);
    expect(clock.pending).toBe(0);
  });
});
