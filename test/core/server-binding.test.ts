/** The headless API binds loopback by default; any other address needs a token, and a token is enforced. */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServerConfigError, startServer } from '../../main/server';
import { tempCore } from '../helpers/temp-core';

describe('headless server binding', () => {
  it('binds 127.0.0.1 by default', async () => {
    const core = await tempCore();
    const server = await startServer(core);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(`${server.url}api/health`);
      expect(res.status).toBe(200);
    } finally {
      await server.close();
      await core.cleanup();
    }
  });

  it('refuses a non-loopback address without a token, before opening any socket', async () => {
    const core = await tempCore({ host: '0.0.0.0' });
    try {
      await expect(startServer(core)).rejects.toThrow(ServerConfigError);
      await expect(startServer(core)).rejects.toThrow(/--token/);
    } finally {
      await core.cleanup();
    }
  });

  it('with a token, rejects calls without it (HTTP and WebSocket) and accepts them with it', async () => {
    const core = await tempCore({ token: 's3cret-token' });
    const server = await startServer(core);
    try {
      const none = await fetch(`${server.url}api/call/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(none.status).toBe(401);
      const wrong = await fetch(`${server.url}api/call/app.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
        body: '{}',
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${server.url}api/call/app.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret-token' },
        body: '{}',
      });
      expect(right.status).toBe(200);
      const wsUrl = `${server.url.replace('http', 'ws')}api/ws`;
      const refused = await new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl);
        ws.on('open', () => resolve('opened'));
        ws.on('error', (err) => resolve(err.message));
      });
      expect(refused).toMatch(/401/);
      const accepted = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${wsUrl}?token=s3cret-token`);
        ws.on('open', () => {
          ws.close();
          resolve('opened');
        });
        ws.on('error', (err) => resolve(err.message));
      });
      expect(accepted).toBe('opened');
    } finally {
      await server.close();
      await core.cleanup();
    }
  });
});

/** A raw HTTP POST with the headers a browser (or an attacker's page) would send. */
function post(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

function wsOutcome(url: string, opts: WebSocket.ClientOptions): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, opts);
    ws.on('open', () => {
      ws.close();
      resolve('opened');
    });
    ws.on('error', (err) => resolve(err.message));
  });
}

describe('requests a web page sends from another site', () => {
  it('are refused over WebSocket and HTTP, and by a rebound Host; the counter\'s own page, curl and benches pass', async () => {
    const core = await tempCore();
    const server = await startServer(core);
    const own = server.url.replace(/\/$/, '');
    const hostHeader = new URL(server.url).host;
    try {
      const wsUrl = `${server.url.replace('http', 'ws')}api/ws`;
      // Cross-site WebSocket hijacking: browsers send the page's Origin and CORS does not apply.
      expect(await wsOutcome(wsUrl, { origin: 'https://evil.example' })).toMatch(/403/);
      expect(await wsOutcome(wsUrl, { origin: 'null' })).toMatch(/403/);
      expect(await wsOutcome(wsUrl, { origin: own })).toBe('opened');
      expect(await wsOutcome(wsUrl, {})).toBe('opened');

      const evil = await post(server.url, '/api/call/settings.setChannel', { origin: 'https://evil.example' });
      expect(evil.status).toBe(403);
      expect(evil.body).toContain('refused: a request from another site (https://evil.example)');
      // DNS rebinding: the attacker's name resolves to 127.0.0.1, so Origin and Host agree.
      const rebound = await post(server.url, '/api/call/app.info', { host: `evil.example:${new URL(server.url).port}`, origin: `http://evil.example:${new URL(server.url).port}` });
      expect(rebound.status).toBe(403);
      expect(rebound.body).toContain('is not this machine');
      expect((await post(server.url, '/api/call/app.info', { origin: own, host: hostHeader })).status).toBe(200);
      expect((await post(server.url, '/api/call/app.info', { host: `localhost:${new URL(server.url).port}` })).status).toBe(200);
      expect((await post(server.url, '/api/call/app.info', {})).status).toBe(200);
      // The page itself (static files) is not an API call: always served.
      expect((await fetch(`${server.url}api/health`)).status).toBe(200);
    } finally {
      await server.close();
      await core.cleanup();
    }
  });
});

describe('ownFlags (Electron passes its own switches in argv)', () => {
  it('keeps PosDesk flags with their values and drops everything else', async () => {
    const { ownFlags } = await import('../../main/config');
    expect(ownFlags(['/usr/bin/electron', '.', '--no-sandbox', '--data-dir', '/tmp/d', '--port=0', '--enable-features=X', '--lane', '02'])).toEqual([
      '--data-dir',
      '/tmp/d',
      '--port=0',
      '--lane',
      '02',
    ]);
  });
});
