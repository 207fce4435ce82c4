/**
 * Bad payloads are rejected by the one dispatcher whichever way they arrive — the
 * Electron IPC handler, the preload bridge, HTTP or WebSocket — with an error that
 * names the field, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { CallResult } from '../../preload/contract';
import { createIpcCallHandler } from '../../main/ipc';
import { type RunningServer, startServer } from '../../main/server';
import { countRows, tempCore } from '../helpers/temp-core';

type TempCore = Awaited<ReturnType<typeof tempCore>>;

const BAD_PAYLOADS: Array<{ call: string; input: unknown; field?: string; code: string }> = [
  { call: 'checkout.pay', input: { tender: 'cash', tenderedFen: '100' }, field: 'tenderedFen', code: 'INVALID_INPUT' },
  { call: 'checkout.pay', input: { tender: 'cash', tenderedFen: 12.5 }, field: 'tenderedFen', code: 'INVALID_INPUT' },
  { call: 'checkout.pay', input: { tender: 'cash', tenderedFen: -100 }, field: 'tenderedFen', code: 'INVALID_INPUT' },
  { call: 'checkout.pay', input: { tender: 'cash', tenderedFen: 2 ** 60 }, field: 'tenderedFen', code: 'INVALID_INPUT' },
  { call: 'checkout.pay', input: { tender: 'cash', tenderedFen: 100, extra: 1 }, code: 'INVALID_INPUT' },
  { call: 'cart.add', input: { productId: 'mart-6901234000016', qtyMilli: 0 }, field: 'qtyMilli', code: 'INVALID_INPUT' },
  { call: 'cart.scan', input: { code: '' }, field: 'code', code: 'INVALID_INPUT' },
  // null is a payload, and not an object: refused as such (it used to be read as {}).
  { call: 'cart.scan', input: null, code: 'INVALID_INPUT' },
  { call: 'app.info', input: null, code: 'INVALID_INPUT' },
  { call: 'cart.scan', input: { code: '6'.repeat(129) }, field: 'code', code: 'INVALID_INPUT' },
  { call: 'cart.scan', input: 'not an object', code: 'INVALID_INPUT' },
  { call: 'journal.get', input: { orderNo: "1; DROP TABLE orders" }, field: 'orderNo', code: 'INVALID_INPUT' },
  { call: 'nope.notACall', input: {}, code: 'UNKNOWN_CALL' },
  { call: '__proto__', input: {}, code: 'UNKNOWN_CALL' },
];

let core: TempCore;
let server: RunningServer;

beforeAll(async () => {
  core = await tempCore();
  server = await startServer(core);
  // A cart with something in it, so a payment that slipped through validation would write.
  await core.dispatch('cart.scan', { code: '6901234000016' });
});
afterAll(async () => {
  await server.close();
  await core.cleanup();
});

function expectRejected(res: CallResult<unknown>, bad: (typeof BAD_PAYLOADS)[number]) {
  expect(res.ok).toBe(false);
  if (res.ok) return;
  expect(res.error.code).toBe(bad.code);
  if (bad.field) {
    expect(res.error.field).toBe(bad.field);
    expect(res.error.message).toContain(bad.field);
  }
}

describe('contract validation', () => {
  it('the IPC handler rejects each bad payload, naming the field, and writes nothing', async () => {
    const ownWindow = {};
    const handler = createIpcCallHandler(core.dispatch, (s) => s === ownWindow);
    for (const bad of BAD_PAYLOADS) {
      expectRejected(await handler({ sender: ownWindow }, bad.call, bad.input), bad);
    }
    expect(countRows(core, 'orders')).toBe(0);
    expect(countRows(core, 'payments')).toBe(0);
  });

  it('the IPC handler refuses calls from any other sender and non-string names', async () => {
    const handler = createIpcCallHandler(core.dispatch, (s) => s === 'mine');
    const res = await handler({ sender: 'someone-else' }, 'app.info', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await handler({ sender: 'mine' }, 42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await handler({ sender: 'mine' }, 'app.info', {})).toMatchObject({ ok: true });
  });

  it('the preload bridge exposes only the contract and routes through the IPC handler', async () => {
    const exposed: Record<string, unknown> = {};
    const ownWindow = {};
    const handler = createIpcCallHandler(core.dispatch, (s) => s === ownWindow);
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: (_channel: string, name: unknown, input: unknown) => handler({ sender: ownWindow }, name, input),
        on: () => undefined,
        removeListener: () => undefined,
      },
    }));
    await import('../../preload/index');
    expect(Object.keys(exposed)).toEqual(['posdeskBridge']);
    const bridge = exposed.posdeskBridge as { call(n: string, i: unknown): Promise<CallResult<unknown>> };
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    expect(await bridge.call('ipcRenderer.send', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    for (const bad of BAD_PAYLOADS) expectRejected(await bridge.call(bad.call, bad.input), bad);
    expect(countRows(core, 'orders')).toBe(0);
    vi.doUnmock('electron');
  });

  it('the WebSocket rejects each bad payload and malformed frames, and writes nothing', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}api/ws`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies = new Map<number, CallResult<unknown>>();
    const waiters = new Map<number, () => void>();
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id?: number } & CallResult<unknown>;
      if (typeof frame.id === 'number') {
        replies.set(frame.id, frame);
        waiters.get(frame.id)?.();
      }
    });
    const send = (frame: unknown, id: number) =>
      new Promise<CallResult<unknown>>((resolve) => {
        waiters.set(id, () => resolve(replies.get(id) as CallResult<unknown>));
        ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      });
    let id = 1;
    for (const bad of BAD_PAYLOADS) {
      const n = id++;
      expectRejected(await send({ id: n, call: bad.call, input: bad.input }, n), bad);
    }
    // Not JSON / not a frame: answered with id -1 and a clear message, the socket stays usable.
    const junk = await send('{not json', -1);
    expect(junk).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const ok = await send({ id: 999, call: 'app.info', input: {} }, 999);
    expect(ok.ok).toBe(true);
    ws.close();
    expect(countRows(core, 'orders')).toBe(0);
  });

  it('HTTP answers 400 with the field for a bad payload and 404 for an unknown call', async () => {
    const bad = await fetch(`${server.url}api/call/checkout.pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tender: 'cash', tenderedFen: 'lots' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'tenderedFen' } });
    const unknown = await fetch(`${server.url}api/call/drop.everything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(countRows(core, 'orders')).toBe(0);
  });
});
