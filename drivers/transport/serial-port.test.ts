import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair } from './pty-pair';
import { createSerialPort, readOrHangup } from './serial-port';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('readOrHangup (the read serialport retries on, real files)', () => {
  it('passes bytes through and turns end of file into a disconnect error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'posdesk-eof-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'line');
    writeFileSync(path, 'AB');
    const fd = openSync(path, 'r');
    cleanups.push(() => closeSync(fd));
    const buffer = Buffer.alloc(8);
    const first = await readOrHangup(fd, buffer, 0, 8, null);
    expect(first.bytesRead).toBe(2);
    expect(buffer.subarray(0, 2).toString()).toBe('AB');
    const err = (await readOrHangup(fd, buffer, 0, 8, null).catch((e: unknown) => e)) as Error & { disconnect?: boolean };
    expect(err.message).toMatch(/hung up/);
    expect(err.disconnect).toBe(true);
  });
});

describe.skipIf(!hasSocat())('a serial port whose far end hung up (real socat pty)', () => {
  it('reports the hang-up on close instead of retrying the 0-byte read forever (bindings-cpp #162)', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const port = createSerialPort({ path: pair.a, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    cleanups.push(() => new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r())));
    // No reader yet: kill the far end first, so the first read meets a tty that is already hung
    // up (read() returns 0, not EIO). serialport's own read would loop on that 0 forever.
    await pair.close();
    await new Promise((r) => setTimeout(r, 100));
    const closed = new Promise<unknown>((resolve) => port.once('close', resolve));
    port.on('data', () => {});
    const why = (await closed) as { disconnected?: boolean; message?: string };
    expect(why?.disconnected).toBe(true);
    expect(why?.message).toMatch(/hung up/);
    expect(port.isOpen).toBe(false);
  });
});
