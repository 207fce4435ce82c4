/** The headless API binds loopback by default; any other address needs a token, and a token is enforced. */
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
