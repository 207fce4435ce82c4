/**
 * The request guard, tried from outside the way an attacker's page or a careless client
 * would: raw HTTP/1.1 requests (percent-encoded and absolute-form targets, a foreign Origin
 * and Host, no token) and WebSocket upgrades, against a real server on loopback with the
 * built renderer's files. Every bypass must be refused and must leave the cart untouched.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { calls } from '../../preload/contract';
import { type RunningServer, startServer } from '../../main/server';
import { tempCore, tempDir } from '../helpers/temp-core';

type TempCore = Awaited<ReturnType<typeof tempCore>>;

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One raw request: `target` goes on the request line exactly as given. */
function raw(port: number, method: string, target: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers, setHost: !('host' in headers) }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A WebSocket upgrade; 'answered' if a call over it got an answer. */
function wsTry(url: string, opts: WebSocket.ClientOptions): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, opts);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, call: 'cart.scan', input: { code: '6901234000016' } })));
    ws.on('message', () => {
      ws.close();
      resolve('answered');
    });
    ws.on('error', (err) => resolve(err.message));
    ws.on('unexpected-response', (_req, res) => {
      resolve(`refused ${res.statusCode}`);
      ws.terminate();
    });
  });
}

const FOREIGN = { host: 'evil.example', origin: 'https://evil.example' };
const JSON_HEADERS = { 'content-type': 'application/json' };
const SCAN = JSON.stringify({ code: '6901234000016' });

/** Targets that all mean "POST /api/call/cart.scan" to some router or other. */
const DISGUISED_SCANS = [
  '/%61pi/call/cart.scan',
  '/%61%70%69/call/cart.scan',
  '/api/call/cart%2Escan',
  '/api%2Fcall/cart.scan',
  'http://evil.example/api/call/cart.scan',
  'http://127.0.0.1/api/call/cart.scan',
  '//api/call/cart.scan',
  '/./api/call/cart.scan',
  '/x/../api/call/cart.scan',
];

function makeRenderer(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>PosDesk</title>');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

async function cartLines(core: TempCore): Promise<number> {
  const res = await core.dispatch('cart.get', {});
  if (!res.ok) throw new Error(res.error.message);
  return (res.result as { lines: unknown[] }).lines.length;
}

describe('the guard on a loopback server without a token', () => {
  let core: TempCore;
  let server: RunningServer;
  const rendererDir = makeRenderer();
  beforeAll(async () => {
    core = await tempCore({ rendererDir });
    server = await startServer(core);
  });
  afterAll(async () => {
    await server.close();
    await core.cleanup();
    fs.rmSync(rendererDir, { recursive: true, force: true });
  });

  it('refuses every disguised form of an API call from a foreign site, and nothing is added to the cart', async () => {
    for (const target of DISGUISED_SCANS) {
      const res = await raw(server.port, 'POST', target, { ...JSON_HEADERS, ...FOREIGN }, SCAN);
      expect(res.status, target).toBeGreaterThanOrEqual(400);
      expect(JSON.parse(res.body), target).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
      // Even without foreign headers: these targets are never routed.
      const plain = await raw(server.port, 'POST', target, JSON_HEADERS, SCAN);
      expect(plain.status, target).toBe(400);
    }
    expect(await cartLines(core)).toBe(0);
    // The plain call with the same foreign headers is refused too; from a loopback client it works.
    expect((await raw(server.port, 'POST', '/api/call/cart.scan', { ...JSON_HEADERS, ...FOREIGN }, SCAN)).status).toBe(403);
    expect((await raw(server.port, 'POST', '/api/call/cart.scan', JSON_HEADERS, SCAN)).status).toBe(200);
    expect(await cartLines(core)).toBe(1);
    await core.dispatch('cart.clear', {});
  });

  it('GET /%61pi/health leaks nothing', async () => {
    const res = await raw(server.port, 'GET', '/%61pi/health', {});
    expect(res.status).toBe(400);
    expect(res.body).not.toContain(core.dataDir);
    expect(res.body).toContain('percent-encoded');
  });

  it('refuses WebSocket upgrades from a foreign Origin on every spelling of the path', async () => {
    const base = `ws://127.0.0.1:${server.port}`;
    expect(await wsTry(`${base}/%61pi/ws`, { origin: 'https://evil.example' })).toBe('refused 400');
    expect(await wsTry(`${base}/%61pi/ws`, {})).toBe('refused 400');
    expect(await wsTry(`${base}/api/ws`, { origin: 'https://evil.example' })).toBe('refused 403');
    expect(await wsTry(`${base}/api/ws`, { headers: { host: 'evil.example' } })).toBe('refused 403');
    expect(await cartLines(core)).toBe(0);
    // The counter's own page (same origin) still gets its socket.
    expect(await wsTry(`${base}/api/ws`, { origin: `http://127.0.0.1:${server.port}` })).toBe('answered');
    await core.dispatch('cart.clear', {});
  });

  it('guards the static files too: a foreign Host or Origin gets 403, the page itself is served', async () => {
    expect((await raw(server.port, 'GET', '/', { host: 'evil.example' })).status).toBe(403);
    expect((await raw(server.port, 'GET', '/assets/app.js', { host: `rebound.example:${server.port}` })).status).toBe(403);
    expect((await raw(server.port, 'GET', '/assets/app.js', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await raw(server.port, 'GET', '/%61ssets/app.js', {})).status).toBe(400);
    expect((await raw(server.port, 'GET', '/assets/../index.html', {})).status).toBe(400);
    const page = await raw(server.port, 'GET', '/', {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('PosDesk');
  });

  it('sends the security headers on every response: files, answers and errors', async () => {
    const answers = [
      await raw(server.port, 'GET', '/', {}),
      await raw(server.port, 'GET', '/assets/app.js', {}),
      await raw(server.port, 'GET', '/api/health', {}),
      await raw(server.port, 'POST', '/api/call/app.info', JSON_HEADERS, '{}'),
      await raw(server.port, 'GET', '/no-such-file', {}),
      await raw(server.port, 'POST', '/api/call/app.info', JSON_HEADERS, '{nope'),
      await raw(server.port, 'GET', '/%61pi/health', {}),
      await raw(server.port, 'GET', '/', FOREIGN),
    ];
    for (const res of answers) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      // The server's own WebSocket origin, not any ws: host.
      expect(csp).toMatch(new RegExp(`connect-src 'self'( ws://(127\\.0\\.0\\.1:${server.port}|evil\\.example))?(;|$)`));
      expect(csp).not.toMatch(/ws:(\s|;|$)/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(String(answers[0]?.headers['content-security-policy'])).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
  });

  it('answers every error in the { ok: false, error: { code, message } } envelope', async () => {
    const cases: Array<[RawAnswer, number, string]> = [
      [await raw(server.port, 'POST', '/api/call/app.info', JSON_HEADERS, '{"unclosed": '), 400, 'INVALID_INPUT'],
      [await raw(server.port, 'POST', '/api/call/app.info', JSON_HEADERS, `{"x":"${'a'.repeat(300 * 1024)}"}`), 413, 'INVALID_INPUT'],
      [await raw(server.port, 'POST', '/api/call/app.info', { 'content-type': 'text/csv' }, 'a,b'), 415, 'INVALID_INPUT'],
      [await raw(server.port, 'GET', '/api/nothing-here', {}), 404, 'NOT_FOUND'],
      [await raw(server.port, 'DELETE', '/api/call/app.info', {}), 404, 'NOT_FOUND'],
      [await raw(server.port, 'POST', '/api/call/no.such', JSON_HEADERS, '{}'), 404, 'UNKNOWN_CALL'],
      [await raw(server.port, 'POST', '/api/call/app.info', JSON_HEADERS, 'null'), 400, 'INVALID_INPUT'],
      [await raw(server.port, 'POST', '/api/call/cart.clear', JSON_HEADERS, 'null'), 400, 'INVALID_INPUT'],
      [await raw(server.port, 'POST', '/api/call/cart.scan', JSON_HEADERS, JSON.stringify({ code: '6'.repeat(129) })), 400, 'INVALID_INPUT'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status, res.body).toBe(status);
      const body = JSON.parse(res.body) as { ok: boolean; error: { code: string; message: string } };
      expect(body.ok).toBe(false);
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    // No body at all is still an empty input.
    expect((await raw(server.port, 'POST', '/api/call/app.info', {})).status).toBe(200);
  });
});

describe('the guard on a server with a token', () => {
  let core: TempCore;
  let server: RunningServer;
  const rendererDir = makeRenderer();
  const token = 't0ken-for-the-bench';
  beforeAll(async () => {
    core = await tempCore({ rendererDir, token });
    server = await startServer(core);
  });
  afterAll(async () => {
    await server.close();
    await core.cleanup();
    fs.rmSync(rendererDir, { recursive: true, force: true });
  });

  it('needs the token on every spelling of an API route, HTTP and WebSocket', async () => {
    for (const target of ['/api/call/cart.scan', ...DISGUISED_SCANS]) {
      const res = await raw(server.port, 'POST', target, JSON_HEADERS, SCAN);
      expect(res.status, target).toBeGreaterThanOrEqual(400);
      expect(res.status, target).not.toBe(404);
    }
    expect((await raw(server.port, 'GET', '/api/health', {})).status).toBe(401);
    const base = `ws://127.0.0.1:${server.port}`;
    expect(await wsTry(`${base}/api/ws`, {})).toBe('refused 401');
    expect(await wsTry(`${base}/%61pi/ws`, {})).toBe('refused 400');
    expect(await wsTry(`${base}/api/ws?token=wrong`, {})).toBe('refused 401');
    expect(await cartLines(core)).toBe(0);
    expect(await wsTry(`${base}/api/ws?token=${token}`, {})).toBe('answered');
    expect((await raw(server.port, 'POST', '/api/call/cart.clear', { ...JSON_HEADERS, authorization: `Bearer ${token}` }, '{}')).status).toBe(200);
  });

  it('serves the renderer without the token (it holds no data), still behind the Host/Origin guard', async () => {
    expect((await raw(server.port, 'GET', '/', {})).status).toBe(200);
    expect((await raw(server.port, 'GET', '/assets/app.js', {})).status).toBe(200);
    expect((await raw(server.port, 'GET', '/', { origin: 'https://evil.example' })).status).toBe(403);
    // A POST to a file path is not a file request: it needs the token like any API call.
    expect((await raw(server.port, 'POST', '/index.html', JSON_HEADERS, '{}')).status).toBe(401);
  });
});

describe('string inputs have maximum lengths', () => {
  /** Every string (and record key) reachable from a call's input must be bounded. */
  function unbounded(schema: unknown, at: string, out: string[]): void {
    if (!schema || typeof schema !== 'object') return;
    const s = schema as Record<string, unknown>;
    if (s.type === 'string' && s.maxLength === undefined && s.enum === undefined && s.const === undefined) out.push(at);
    for (const [k, v] of Object.entries(s)) {
      if (k === 'properties' && v && typeof v === 'object') for (const [p, sub] of Object.entries(v)) unbounded(sub, `${at}.${p}`, out);
      else if (Array.isArray(v)) {
        for (const [i, sub] of v.entries()) unbounded(sub, `${at}[${i}]`, out);
      }
      else if (typeof v === 'object') unbounded(v, `${at}/${k}`, out);
    }
  }

  it('has a maxLength on every string of every call input', () => {
    const found: string[] = [];
    for (const [name, call] of Object.entries(calls)) unbounded(z.toJSONSchema(call.input, { io: 'input', unrepresentable: 'any' }), name, found);
    expect(found).toEqual([]);
  });
});
