import { afterEach, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../drivers/terminal/links/transcript';
import { getProfile } from '../../drivers/terminal/profiles';
import { type ControlServer, ControlServerConfigError, startControlServer } from './control-server';
import { type SimService, startSimService } from './sim-service';
import { FAST_TUNING, type HostSide, tcpHost, until } from './sim-test-kit';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(opts: { manual?: boolean; token?: string } = {}): Promise<{ sim: SimService; api: ControlServer; host: HostSide }> {
  const sim = await startSimService({
    vendor: 'wangpos',
    link: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    tuning: FAST_TUNING,
    seed: 9,
    ...(opts.manual ? { manual: true } : {}),
  });
  cleanups.push(() => sim.close());
  const api = await startControlServer(sim, { port: 0, ...(opts.token ? { token: opts.token } : {}) });
  cleanups.push(() => api.close());
  const host = tcpHost(getProfile('wangpos'), sim.port ?? -1);
  cleanups.push(() => host.driver.close());
  return { sim, api, host };
}

async function call(api: ControlServer, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': typeof body === 'string' ? 'application/x-ndjson' : 'application/json', ...headers };
  }
  const res = await fetch(`${api.url}${path}`, init);
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON lines or plain text: keep the text.
  }
  return { status: res.status, json, text };
}

describe('sim control API (HTTP on 127.0.0.1)', () => {
  it('reports status, queues an outcome and injects a fault', async () => {
    const { api, host } = await start();
    const status = await call(api, 'GET', '/sim/status');
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ vendor: 'wangpos', screen: { state: 'signInRequired' }, connections: 0 });
    await host.driver.signIn();

    expect((await call(api, 'POST', '/sim/fault', { fault: 'functionNotEnabled' })).status).toBe(200);
    expect((await host.driver.sale(1000, 'F1')).result).toMatchObject({ outcome: 'declined', responseCode: '40' });

    expect((await call(api, 'POST', '/sim/fault', { fault: 'appKilled', times: 1 })).status).toBe(200);
    expect(await host.driver.sale(1000, 'F2')).toMatchObject({ resolvedBy: 'query', result: { outcome: 'approved' } });

    expect((await call(api, 'POST', '/sim/next-outcome', { responseCode: '51', times: 1 })).json).toMatchObject({ queued: { outcomes: ['51'] } });
    expect((await host.driver.sale(1000, 'F3')).result.responseCode).toBe('51');

    const journal = await call(api, 'GET', '/sim/journal');
    // Sales that went online are journaled; the sign-in and the refused (40) sale are not.
    expect(journal.json).toMatchObject([{ result: { orderNo: 'F2', outcome: 'approved' } }, { result: { orderNo: 'F3', responseCode: '51' } }]);
    expect(await call(api, 'GET', '/sim/screen')).toMatchObject({ json: { state: 'idle', lastResponseCode: '51' } });
  });

  it('manual mode: GET /sim/pending shows the held sale, POST /sim/decide approves it', async () => {
    const { sim, api, host } = await start({ manual: true });
    await host.driver.signIn();
    const sale = host.driver.sale(8800, 'M1');
    await until('a held sale', () => sim.pending().length > 0);
    const pending = await call(api, 'GET', '/sim/pending');
    expect(pending.json).toMatchObject([{ request: { kind: 'sale', amountFen: 8800, orderNo: 'M1' } }]);
    const id = Array.isArray(pending.json) ? (pending.json[0] as { id: string }).id : '';
    expect((await call(api, 'POST', '/sim/decide', { id: '000999', responseCode: '00' })).status).toBe(404);
    expect((await call(api, 'POST', '/sim/decide', { id, responseCode: '00' })).status).toBe(200);
    expect((await sale).result).toMatchObject({ outcome: 'approved', amountFen: 8800 });
  });

  it('exports the transcript as JSON lines and replays it through POST /sim/replay', async () => {
    const { api, host } = await start();
    await host.driver.signIn();
    const sale = await host.driver.sale(1200, 'J1');
    const page = await call(api, 'GET', '/sim/transcript?since=0');
    expect(page.json).toMatchObject({ from: 0, dropped: 0 });
    const jsonl = await call(api, 'GET', '/sim/transcript.jsonl');
    expect(jsonl.status).toBe(200);
    const parsed = parseTranscript(jsonl.text);
    expect(parsed.skipped).toBe(0);
    expect(parsed.entries.some((e) => e.dir === 'rx')).toBe(true);
    expect(parsed.entries.some((e) => e.dir === 'tx')).toBe(true);
    const replay = await call(api, 'POST', '/sim/replay', jsonl.text);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ problems: [], results: [{ outcome: 'approved' }, { outcome: 'approved', traceNo: sale.result.traceNo }] });
    const reset = await call(api, 'POST', '/sim/reset');
    expect(reset.status).toBe(200);
    expect((await call(api, 'GET', '/sim/transcript')).json).toMatchObject({ entries: [] });
  });

  it('answers bad payloads with 400 naming the field', async () => {
    const { api } = await start();
    const bad = async (path: string, body: unknown) => {
      const r = await call(api, 'POST', path, body);
      expect(r.status).toBe(400);
      return (r.json as { error: string }).error;
    };
    expect(await bad('/sim/next-outcome', { responseCode: 51 })).toMatch(/^responseCode: /);
    expect(await bad('/sim/next-outcome', { responseCode: '5' })).toMatch(/responseCode: must be 2 characters/);
    expect(await bad('/sim/next-outcome', { responseCode: '51', times: 0 })).toMatch(/^times: /);
    expect(await bad('/sim/fault', { fault: 'meteorStrike' })).toMatch(/^fault: /);
    expect(await bad('/sim/fault', { fault: 'appKilled', target: 'void' })).toMatch(/^target: /);
    expect(await bad('/sim/decide', { responseCode: '00' })).toMatch(/^id: /);
    expect(await bad('/sim/reset', { wipe: true })).toMatch(/wipe/);
    expect(await bad('/sim/replay', 'not a transcript\n')).toMatch(/^body: no transcript entries/);
    const malformed = await fetch(`${api.url}/sim/next-outcome`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"responseCode":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/^body: /);
    expect((await call(api, 'GET', '/sim/transcript?since=-1')).status).toBe(400);
  });

  it("refuses a foreign page's Origin and disguised targets, as the counter API does", async () => {
    const { api } = await start();
    const port = new URL(api.url).port;
    const foreign = await call(api, 'POST', '/sim/next-outcome', { responseCode: '51' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const rebound = await call(api, 'GET', '/sim/status', undefined, { origin: `http://evil.example:${port}` });
    expect(rebound.status).toBe(403);
    const encoded = await fetch(`${api.url}/%73im/status`);
    expect(encoded.status).toBe(400);
    expect((await call(api, 'GET', '/sim/status')).status).toBe(200);
  });

  it('with a token, refuses requests without it; off loopback it will not start without one', async () => {
    const { api } = await start({ token: 's3cret' });
    expect((await call(api, 'GET', '/sim/status')).status).toBe(401);
    expect((await call(api, 'GET', '/sim/status', undefined, { 'x-sim-token': 'nope!!' })).status).toBe(401);
    expect((await call(api, 'GET', '/sim/status', undefined, { 'x-sim-token': 's3cret' })).status).toBe(200);
    expect((await call(api, 'GET', '/sim/status', undefined, { authorization: 'Bearer s3cret' })).status).toBe(200);
    const sim = await startSimService({ vendor: 'wangpos', link: { kind: 'tcp', host: '127.0.0.1', port: 0 } });
    cleanups.push(() => sim.close());
    await expect(startControlServer(sim, { host: '0.0.0.0' })).rejects.toBeInstanceOf(ControlServerConfigError);
  });
});
