import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from './tcp';
import { listenTcp, type TcpServerHandle } from './tcp-server';
import type { Transport, TransportError } from './transport';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function nextClose(t: Transport): Promise<TransportError | undefined> {
  return new Promise((resolve) => t.onClose(resolve));
}

function nextData(t: Transport, n: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    const off = t.onData((c) => {
      parts.push(c);
      const all = Buffer.concat(parts);
      if (all.length >= n) {
        off();
        resolve(all);
      }
    });
  });
}

async function server(): Promise<{ handle: TcpServerHandle; accepted: Promise<Transport> }> {
  let accept: (t: Transport) => void = () => {};
  const accepted = new Promise<Transport>((r) => {
    accept = r;
  });
  const handle = await listenTcp({ onConnection: (t) => accept(t) });
  cleanups.push(() => handle.close());
  return { handle, accepted };
}

describe('TCP transport over 127.0.0.1', () => {
  it('exchanges bytes both ways with a listening server', async () => {
    const { handle, accepted } = await server();
    expect(handle.host).toBe('127.0.0.1');
    const client = new TcpTransport({ port: handle.port });
    cleanups.push(() => client.close());
    await client.open();
    expect(client.address).toBe(`tcp://127.0.0.1:${handle.port}`);
    const peer = await accepted;
    const got = nextData(peer, 5);
    await client.write(Uint8Array.of(0x02, 0x00, 0x03, 0xff, 0x00));
    expect([...(await got)]).toEqual([0x02, 0x00, 0x03, 0xff, 0x00]);
    const back = nextData(client, 2);
    await peer.write(Uint8Array.of(0x06, 0x15));
    expect([...(await back)]).toEqual([0x06, 0x15]);
  });

  it('connection refused is NOT_FOUND with clear words', async () => {
    // Grab a free port, then close it so nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const addr = probe.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new TcpTransport({ port });
    const err = (await client.open().catch((e: unknown) => e)) as TransportError;
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/refused.*nothing is listening/);
    expect(client.isOpen).toBe(false);
  });

  it('a peer reset mid-session closes the link with DISCONNECTED', async () => {
    const raw = net.createServer((s) => {
      s.once('data', () => s.resetAndDestroy());
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => raw.close(() => r())));
    const addr = raw.address();
    const client = new TcpTransport({ port: typeof addr === 'object' && addr ? addr.port : 0 });
    await client.open();
    const closed = nextClose(client);
    await client.write(Uint8Array.of(1));
    const err = await closed;
    expect(err?.code).toBe('DISCONNECTED');
    expect(err?.message).toMatch(/reset/);
    await expect(client.write(Uint8Array.of(2))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('the server side sees DISCONNECTED when the client goes, and a clean close on its own close', async () => {
    const { handle, accepted } = await server();
    const client = new TcpTransport({ port: handle.port });
    await client.open();
    const peer = await accepted;
    const peerClosed = nextClose(peer);
    const clientClosed = nextClose(client);
    await client.close();
    expect(await clientClosed).toBeUndefined();
    expect((await peerClosed)?.code).toBe('DISCONNECTED');
    expect(handle.connections).toHaveLength(0);
  });
});
