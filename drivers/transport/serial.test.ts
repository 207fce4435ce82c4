import { afterEach, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair, type PtyPair } from './pty-pair';
import { SerialTransport, serialErrorToTransportError } from './serial';
import type { Transport, TransportError } from './transport';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function pair(): Promise<PtyPair> {
  const p = await openPtyPair();
  cleanups.push(() => p.close());
  return p;
}

async function openSerial(path: string): Promise<SerialTransport> {
  const t = new SerialTransport({ path, baudRate: 115200 });
  await t.open();
  cleanups.push(() => t.close());
  return t;
}

function collect(t: Transport, n: number): Promise<number[]> {
  return new Promise((resolve) => {
    const got: number[] = [];
    const off = t.onData((c) => {
      got.push(...c);
      if (got.length >= n) {
        off();
        resolve(got);
      }
    });
  });
}

describe.skipIf(!hasSocat())('serial transport over a real socat pty pair', () => {
  it('carries binary bytes both ways intact', async () => {
    const p = await pair();
    const a = await openSerial(p.a);
    const b = await openSerial(p.b);
    expect(a.address).toBe(`${p.a}@115200`);
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
    const atB = collect(b, bytes.length);
    await a.write(bytes);
    expect(await atB).toEqual([...bytes]);
    const atA = collect(a, 5);
    await b.write(Uint8Array.of(0x0a, 0x0d, 0xff, 0x00, 0x11));
    expect(await atA).toEqual([0x0a, 0x0d, 0xff, 0x00, 0x11]);
  });

  it('a missing port is NOT_FOUND', async () => {
    const t = new SerialTransport({ path: '/tmp/posdesk-no-such-dir/ttyNONE', baudRate: 9600 });
    const err = (await t.open().catch((e: unknown) => e)) as TransportError;
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/no such serial port/);
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('a port another program holds is LOCKED', async () => {
    const p = await pair();
    await openSerial(p.a);
    const second = new SerialTransport({ path: p.a, baudRate: 9600 });
    const err = (await second.open().catch((e: unknown) => e)) as TransportError;
    expect(err.code).toBe('LOCKED');
    expect(err.message).toMatch(/in use by another program/);
  });

  it('the peer vanishing mid-session (socat killed) closes with DISCONNECTED; our own close is clean', async () => {
    const p = await pair();
    const a = await openSerial(p.a);
    const b = await openSerial(p.b);
    // When socat dies, the kernel does not always hang up *both* pty ends (it depends on the
    // order socat closes them): wait for the first end to report, then close the other.
    const closes = [a, b].map((t) => new Promise<TransportError | undefined>((r) => t.onClose(r)));
    await p.close();
    const first = await Promise.race(closes);
    expect(first?.code).toBe('DISCONNECTED');
    await a.close();
    await b.close();
    // Each end reports exactly once: DISCONNECTED if it saw the line go, clean if we closed it.
    for (const e of await Promise.all(closes)) expect(e === undefined || e.code === 'DISCONNECTED').toBe(true);
    expect(a.isOpen).toBe(false);
    expect(b.isOpen).toBe(false);
  });
});

describe('serial error mapping', () => {
  it.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', 'NOT_FOUND'],
    ['Error Resource temporarily unavailable Cannot lock port', 'LOCKED'],
    ['Port is locked cannot open', 'LOCKED'],
    ['Error: Permission denied, cannot open /dev/ttyS0', 'PERMISSION'],
    ['Error: Input/output error', 'IO'],
  ])('%s -> %s', (text, code) => {
    expect(serialErrorToTransportError(new Error(text), '/dev/x@9600').code).toBe(code);
  });

  it('uses errno codes when present', () => {
    const e = Object.assign(new Error('busy'), { code: 'EBUSY' });
    expect(serialErrorToTransportError(e, 'x').code).toBe('LOCKED');
    const p = Object.assign(new Error('nope'), { code: 'EACCES' });
    expect(serialErrorToTransportError(p, 'x').message).toMatch(/dialout/);
  });
});
