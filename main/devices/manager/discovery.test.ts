import { afterEach, describe, expect, it } from 'vitest';
import { VirtualPrinter } from '../../../drivers/printer/virtual/interpreter';
import { serveTcp } from '../../../drivers/printer/virtual/servers';
import { listenTcp } from '../../../drivers/transport/tcp-server';
import { discoverSerial, discoverUsb, parseNetworkAddress, probeNetworkPrinter } from './discovery';
import { lookupUsbId, USB_IDS } from './vidpid';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('VID/PID table', () => {
  it('prefers the exact product, falls back to the vendor', () => {
    expect(lookupUsbId(0x0416, 0x5011)).toMatchObject({ vendor: 'Xprinter', kind: 'printer', name: 'POS58 / XP-58 series' });
    expect(lookupUsbId(0x04b8, 0x9999)).toMatchObject({ vendor: 'Epson', kind: 'printer' });
    expect(lookupUsbId(0x0c2e, 0x0001)?.kind).toBe('scanner');
    expect(lookupUsbId(0x2fb8, 0x0001)?.kind).toBe('terminal');
    expect(lookupUsbId(0xdead, 0xbeef)).toBeUndefined();
  });

  it('has one vendor-wide row per vendor and says where each row comes from', () => {
    const vendorRows = USB_IDS.filter((e) => e.productId === null).map((e) => e.vendorId);
    expect(new Set(vendorRows).size).toBe(vendorRows.length);
    expect(USB_IDS.every((e) => e.source === 'usb.ids' || e.source === 'field')).toBe(true);
  });
});

describe('USB discovery', () => {
  it('no USB bus is a clear, non-fatal problem', async () => {
    const r = await discoverUsb(() => Promise.reject(new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)')));
    expect(r.devices).toEqual([]);
    expect(r.problems).toEqual([{ source: 'usb', message: expect.stringMatching(/^no USB bus on this machine .*serial and network devices still work$/) }]);
  });

  it('the real usb 3 binding never throws here: devices or a problem', async () => {
    const r = await discoverUsb();
    expect(r.devices.length > 0 || r.problems.length === 1).toBe(true);
  });

  it('names devices from the table, ids survive identical twins', async () => {
    const r = await discoverUsb(async () => [
      { vendorId: 0x0416, productId: 0x5011, serialNumber: '' },
      { vendorId: 0x0416, productId: 0x5011 },
      { vendorId: 0x04b8, productId: 0x0202, serialNumber: 'X1', productName: 'TM-T88V' },
      { vendorId: 0x1234, productId: 0x0001 },
      'not a device',
    ]);
    expect(r.devices.map((d) => [d.id, d.kind, d.name])).toEqual([
      ['usb_0416:5011', 'printer', 'POS58 / XP-58 series'],
      ['usb_0416:5011#2', 'printer', 'POS58 / XP-58 series'],
      ['usb_04b8:0202/X1', 'printer', 'TM-T88V'],
      ['usb_1234:0001', 'unknown', 'USB device 1234:0001'],
    ]);
  });
});

describe('serial discovery', () => {
  it('a missing udevadm is a clear, non-fatal problem', async () => {
    const r = await discoverSerial(() => Promise.reject(new Error('spawn udevadm ENOENT')));
    expect(r.problems[0]?.message).toMatch(/^udevadm is missing .*apt-get install udev/);
  });

  it('names USB-serial bridges', async () => {
    const r = await discoverSerial(async () => [{ path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001' }, { path: '/dev/ttyS0' }]);
    expect(r.devices.map((d) => [d.id, d.name])).toEqual([
      ['serial_/dev/ttyUSB0', '/dev/ttyUSB0 (FTDI)'],
      ['serial_/dev/ttyS0', '/dev/ttyS0'],
    ]);
  });
});

describe('network printer probe', () => {
  it('parses addresses', () => {
    expect(parseNetworkAddress('192.168.1.50')).toEqual({ host: '192.168.1.50', port: 9100 });
    expect(parseNetworkAddress('tcp://printer.local:9101')).toEqual({ host: 'printer.local', port: 9101 });
    expect(parseNetworkAddress('[fe80::1]:9100')).toEqual({ host: 'fe80::1', port: 9100 });
    expect(() => parseNetworkAddress('a:b:c')).toThrow(/not a printer address/);
    expect(() => parseNetworkAddress('host:70000')).toThrow(/not a printer address/);
  });

  it('reads DLE EOT status from a printer on 127.0.0.1', async () => {
    const printer = new VirtualPrinter({ state: { paperOut: true } });
    const server = await serveTcp(printer, { port: 0 });
    cleanups.push(() => server.close());
    const r = await probeNetworkPrinter(`127.0.0.1:${server.port}`, { timeoutMs: 1_000 });
    expect(r.problem).toBeUndefined();
    expect(r.status).toMatchObject({ online: false, paperOut: true, coverOpen: false });
    expect(r.descriptor).toMatchObject({ id: `net_127.0.0.1:${server.port}`, kind: 'printer' });
  });

  it('nothing listening, or something that is not a printer: a problem, not a throw', async () => {
    const silent = await listenTcp({ port: 0, onConnection: () => {} });
    cleanups.push(() => silent.close());
    const notPrinter = await probeNetworkPrinter(`127.0.0.1:${silent.port}`, { timeoutMs: 150 });
    expect(notPrinter.problem?.message).toMatch(/did not answer DLE EOT .*is it an ESC\/POS printer/);
    const port = silent.port;
    await silent.close();
    cleanups.pop();
    const gone = await probeNetworkPrinter(`127.0.0.1:${port}`, { timeoutMs: 500 });
    expect(gone.problem?.message).toMatch(/did not accept a connection: .*connection refused/);
  });
});
