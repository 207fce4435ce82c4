/** The receiver over real HTTP on 127.0.0.1: auth, envelope errors, listing, injected faults. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../outbox/outbox-test-kit';
import { type HqHandle, HqConfigError, type HqOptions, startHq } from './server';

const dirs: string[] = [];
const hqs: HqHandle[] = [];
async function hq(opts: Partial<HqOptions> = {}): Promise<HqHandle> {
  const dir = makeTempDir('posdesk-hq-');
  dirs.push(dir);
  const h = await startHq({ port: 0, dbPath: path.join(dir, 'hq.db'), ...opts });
  hqs.push(h);
  return h;
}
afterEach(async () => {
  for (const h of hqs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const at = '2025-11-22T10:00:00.000+08:00';
const post = (h: HqHandle, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${h.url}/v1/stores/S1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const one = { events: [{ id: 'a1', aggregateId: 'A', seq: 1, type: 'refund', at, payload: { amountFen: 500 } }] };

describe('HQ receiver', () => {
  it('binds 127.0.0.1, answers the health probe, stores a batch and lists it back', async () => {
    const h = await hq();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${h.url}/v1/health`)).json()).toMatchObject({ ok: true });
    const res = await post(h, one, { 'idempotency-key': 'key-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: ['a1'], duplicates: [], rejected: [] });
    const list = (await (await fetch(`${h.url}/v1/stores/S1/events?after=0`)).json()) as { events: Array<{ id: string; payload: unknown; arrival: number }> };
    expect(list.events).toMatchObject([{ id: 'a1', aggregateId: 'A', seq: 1, type: 'refund', payload: { amountFen: 500 }, storeId: 'S1' }]);
    expect(h.db.prepare('SELECT idempotency_key FROM hq_batches').pluck().all()).toEqual(['key-1']);
  });

  it('requires the bearer token when one is set: 401 without, 403 with a wrong one', async () => {
    const h = await hq({ token: 'secret-1' });
    const none = await post(h, one);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Bearer') } });
    expect((await post(h, one, { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await post(h, one, { authorization: 'Bearer secret-1' })).status).toBe(200);
    expect((await fetch(`${h.url}/v1/health`)).status).toBe(200); // the probe needs no token
  });

  it('answers a malformed envelope with 400, too many events with 413, unknown paths with 404, all in the error shape', async () => {
    const h = await hq();
    const bad = await post(h, { evts: [] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^events:/) } });
    const notJson = await fetch(`${h.url}/v1/stores/S1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"events": [' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    const many = { events: Array.from({ length: 1001 }, (_, i) => ({ ...one.events[0], id: `e${i}`, seq: i + 1 })) };
    const big = await post(h, many);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');
    expect((await fetch(`${h.url}/v2/nothing`)).status).toBe(404);
    expect(h.db.prepare('SELECT COUNT(*) FROM hq_events').pluck().get()).toBe(0);
  });

  it('injects faults in order: a status without storing, a dropped connection after storing', async () => {
    const h = await hq({ faults: [{ kind: 'status', status: 503, retryAfterS: 2 }, { kind: 'drop-after-commit' }] });
    const r503 = await post(h, one);
    expect(r503.status).toBe(503);
    expect(r503.headers.get('retry-after')).toBe('2');
    expect(h.db.prepare('SELECT COUNT(*) FROM hq_events').pluck().get()).toBe(0);
    await expect(post(h, one)).rejects.toThrow(/fetch failed/);
    expect(h.db.prepare('SELECT COUNT(*) FROM hq_events').pluck().get()).toBe(1);
    expect(await (await post(h, one)).json()).toEqual({ accepted: [], duplicates: ['a1'], rejected: [] });
    expect(h.faults.applied.get('status')).toBe(1);
    expect(h.faults.applied.get('drop-after-commit')).toBe(1);
  });

  it('refuses to listen off loopback without a token', async () => {
    const dir = makeTempDir('posdesk-hq-');
    dirs.push(dir);
    await expect(startHq({ host: '0.0.0.0', port: 0, dbPath: path.join(dir, 'hq.db') })).rejects.toBeInstanceOf(HqConfigError);
  });
});
