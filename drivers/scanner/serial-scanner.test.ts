import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryPair } from '../transport/memory';
import { hasSocat, openPtyPair, type PtyPair } from '../transport/pty-pair';
import { SerialTransport } from '../transport/serial';
import { type SerialScan, SerialScanner, type SerialScannerError } from './serial-scanner';
import { createSerialPort, type SerialPortHandle } from '../transport/serial-port';
import { until } from '../../test/helpers/until';

/** Collects scans/errors and lets a test await the n-th one. */
function collector(scanner: SerialScanner) {
  const scans: SerialScan[] = [];
  const errors: SerialScannerError[] = [];
  scanner.onScan((s) => scans.push(s));
  scanner.onError((e) => errors.push(e));
  return { scans, errors, until: (cond: () => boolean) => until('the scans to arrive', cond) };
}

describe.skipIf(!hasSocat())('SerialScanner over a real pty pair (socat)', () => {
  let pty: PtyPair | undefined;
  /** The app's end of the cable and the end the test plays the scanner on. */
  let hostPath = '';
  let devicePath = '';
  let device: SerialPortHandle | undefined;
  let scanner: SerialScanner | undefined;

  beforeAll(async () => {
    pty = await openPtyPair();
    hostPath = pty.a;
    devicePath = pty.b;
    // The device end: plays the scanner with serialport directly.
    device = createSerialPort({ path: devicePath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => device?.open((e) => (e ? reject(e) : resolve())));
  });

  afterAll(async () => {
    await scanner?.stop().catch(() => {});
    if (device?.isOpen) await new Promise<void>((resolve) => device?.close(() => resolve()));
    await pty?.close();
  });

  const send = (bytes: string | Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      device?.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
      device?.drain((e) => (e ? reject(e) : resolve()));
    });

  it('reads codes ended by CR, LF and CRLF, however the bytes are chunked', async () => {
    scanner = new SerialScanner(new SerialTransport({ path: hostPath, baudRate: 9600 }));
    const c = collector(scanner);
    await scanner.start();
    await send('6901234567892\r\n');
    await send('9638');
    await new Promise((r) => setTimeout(r, 30)); // let the first half arrive as its own chunk
    await send('5074\r');
    await send('\n036000291452\n]C1010950110153000317251231\x1d10AB\r\n');
    await c.until(() => c.scans.length >= 4);
    expect(c.scans.map((s) => s.code)).toEqual(['6901234567892', '96385074', '036000291452', ']C1010950110153000317251231\x1d10AB']);
    expect(c.scans[0]?.address).toBe(`${hostPath}@9600`);
    expect(c.errors).toEqual([]);
  });

  it('rejects an over-long garbage line with an error, then reads the next code', async () => {
    if (scanner === undefined) throw new Error('scanner not started');
    const c = collector(scanner);
    await send(Buffer.alloc(2000, 0x41));
    await send('\r\n5901234123457\r\n');
    await c.until(() => c.scans.length >= 1);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]?.reason).toMatch(/^line longer than 512 bytes/);
    expect(c.scans.map((s) => s.code)).toEqual(['5901234123457']);
  });

  it('line noise (wrong baud rate) is an error, nothing thrown', async () => {
    if (scanner === undefined) throw new Error('scanner not started');
    const c = collector(scanner);
    await send(Uint8Array.of(0xff, 0x00, 0x80, 0x0d, 0x31, 0x32, 0x33, 0x34, 0x0d));
    await c.until(() => c.scans.length >= 1);
    expect(c.errors.map((e) => e.bytes)).toEqual(['ff 00 80']);
    expect(c.scans.map((s) => s.code)).toEqual(['1234']);
    await scanner.stop();
    scanner = undefined;
  });

  it('idle flush: a scanner with no terminator still yields scans', async () => {
    scanner = new SerialScanner(new SerialTransport({ path: hostPath, baudRate: 9600 }), { idleFlushMs: 80 });
    const c = collector(scanner);
    await scanner.start();
    await send('6901234567892');
    await c.until(() => c.scans.length >= 1);
    expect(c.scans.map((s) => s.code)).toEqual(['6901234567892']);
    await scanner.stop();
    scanner = undefined;
  });
});

describe('SerialScanner link handling (memory pair)', () => {
  it('an unplug delivers the partial code, then reports the close with its reason', async () => {
    const [host, dev] = createMemoryPair('scanner');
    const scanner = new SerialScanner(host, {}, () => 42);
    const c = collector(scanner);
    const closed = new Promise<unknown>((resolve) => scanner.onClose(resolve));
    await scanner.start();
    await dev.open();
    await dev.write(Buffer.from('ABCD\r\nEFG'));
    await c.until(() => c.scans.length >= 1);
    await dev.close();
    const why = await closed;
    expect(c.scans).toEqual([
      { code: 'ABCD', receivedAt: 42, address: 'scanner:a' },
      { code: 'EFG', receivedAt: 42, address: 'scanner:a' },
    ]);
    expect(why).toMatchObject({ code: 'DISCONNECTED' });
  });

  it('a failed open is thrown and leaves no listeners behind', async () => {
    const t = new SerialTransport({ path: '/nonexistent/ttyNOPE', baudRate: 9600 });
    const scanner = new SerialScanner(t);
    await expect(scanner.start()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a negative idle flush', () => {
    const [host] = createMemoryPair();
    expect(() => new SerialScanner(host, { idleFlushMs: -1 })).toThrow(/idleFlushMs/);
  });
});
