import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../../transport/tcp';
import { listenTcp, type TcpServerHandle } from '../../transport/tcp-server';
import type { Transport } from '../../transport/transport';
import type { JsonObject } from '../codecs/json-lines';
import { eventsOf, type LinkKit, openPair, waitFor } from './link-test-kit';
import { createJsonLink, createLengthPrefixedLink } from './stream-link';

const kits: LinkKit[] = [];
const servers: TcpServerHandle[] = [];
const clients: Transport[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.close();
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('JSON link (Newland PC link) over a memory pair', () => {
  it('carries objects both ways and reports garbage', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pc = createJsonLink(k.a, { interByteTimeoutMs: 50 });
    const pos = createJsonLink(k.b, { interByteTimeoutMs: 50 });
    pos.onMessage((m) => {
      if (m.msgTp === '0200') void pos.send({ msgTp: '0210', code: '0', message: '交易成功' });
    });
    const got: JsonObject[] = [];
    pc.onMessage((m) => got.push(m));
    const ev = eventsOf(pc);
    await pc.send({ msgTp: '0200', amt: '0.01' });
    await waitFor(pc, () => got.length === 1);
    expect(got).toEqual([{ msgTp: '0210', code: '0', message: '交易成功' }]);
    await k.b.write(new TextEncoder().encode('NOISE{"x":'));
    await waitFor(pc, () => ev.count('decode-error') === 2, 5_000, 'garbage + truncated');
    expect(ev.all.map((e) => e.code)).toEqual(['GARBAGE', 'TRUNCATED']);
  });
});

describe('length-prefixed link over TCP 127.0.0.1', () => {
  it('carries binary messages both ways through a real socket', async () => {
    let accepted: (t: Transport) => void = () => {};
    const serverSide = new Promise<Transport>((r) => {
      accepted = r;
    });
    const server = await listenTcp({ onConnection: (t) => accepted(t) });
    servers.push(server);
    const client = new TcpTransport({ port: server.port });
    clients.push(client);
    await client.open();
    const bridge = createLengthPrefixedLink(await serverSide);
    bridge.onMessage((m) => void bridge.send(Uint8Array.from(m).reverse()));
    const app = createLengthPrefixedLink(client);
    const got: Uint8Array[] = [];
    app.onMessage((m) => got.push(m));
    const big = Uint8Array.from({ length: 70_000 }, (_, i) => i & 0xff);
    await app.send(Uint8Array.of(1, 2, 3));
    await app.send(big);
    await waitFor(app, () => got.length === 2, 5_000, 'two replies');
    expect(got[0]).toEqual(Uint8Array.of(3, 2, 1));
    expect(got[1]).toEqual(Uint8Array.from(big).reverse());
  });
});
