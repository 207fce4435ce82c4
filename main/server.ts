/**
 * The headless API: the same contract as IPC, over HTTP and WebSocket, plus the
 * built renderer as static files — so a browser is a full PosDesk client.
 *
 *   POST /api/call/<name>   body: the call's input (JSON)   -> { ok, result | error }
 *   GET  /api/ws            WebSocket: { id, call, input } -> { id, ok, result | error }
 *                           and pushed events { event, payload }
 *   GET  /api/health        liveness for test benches
 *
 * It binds 127.0.0.1 unless told otherwise; any other address requires a token,
 * sent as `Authorization: Bearer <token>` or `?token=` on the WebSocket URL. A request a
 * web page sent from another site is refused (request-guard.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type WsServerFrame, WsClientFrame } from '../preload/api';
import type { Core } from './app';
import { isLoopback } from './config';
import { crossSiteProblem } from './request-guard';

/** Largest request body / WS frame accepted: contract payloads are small. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ServerConfigError extends Error {}

export async function startServer(core: Core): Promise<RunningServer> {
  const { host, port, token, rendererDir } = core.config;
  if (!isLoopback(host) && !token) {
    throw new ServerConfigError(
      `Refusing to listen on ${host} without a token: set --token (or POSDESK_TOKEN) to expose PosDesk beyond this machine.`,
    );
  }
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: MAX_PAYLOAD_BYTES });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_PAYLOAD_BYTES } });

  const authorized = (req: FastifyRequest): boolean => {
    if (!token) return true;
    const header = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const query = (req.query as Record<string, unknown> | undefined)?.token;
    const given = header ?? (typeof query === 'string' ? query : '');
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const loopbackOnly = isLoopback(host);
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const crossSite = crossSiteProblem(req.headers, loopbackOnly);
    if (crossSite) {
      await reply.code(403).send({ ok: false, error: { code: 'UNAUTHORIZED', message: crossSite } });
      return;
    }
    if (!authorized(req)) {
      await reply.code(401).send({ ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong token' } });
    }
  });

  app.get('/api/health', async () => ({ ok: true, result: core.info() }));

  app.post<{ Params: { name: string } }>('/api/call/:name', async (req, reply) => {
    const res = await core.dispatch(req.params.name, req.body ?? {});
    const status = res.ok ? 200 : statusFor(res.error.code);
    return reply.code(status).send(res);
  });

  app.get('/api/ws', { websocket: true }, (socket) => {
    const unsubscribe = core.bus.subscribe((e) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(e satisfies WsServerFrame));
    });
    socket.on('message', async (data: Buffer) => {
      let frame: WsClientFrame;
      try {
        frame = WsClientFrame.parse(JSON.parse(data.toString('utf8')));
      } catch {
        const reply: WsServerFrame = {
          id: -1,
          ok: false,
          error: { code: 'INVALID_INPUT', message: 'a WebSocket frame must be JSON {id, call, input}' },
        };
        socket.send(JSON.stringify(reply));
        return;
      }
      const res = await core.dispatch(frame.call, frame.input);
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: frame.id, ...res } satisfies WsServerFrame));
    });
    socket.on('close', unsubscribe);
  });

  if (rendererDir && fs.existsSync(rendererDir)) {
    await app.register(fastifyStatic, { root: rendererDir, index: 'index.html' });
  }

  await app.listen({ host, port });
  const addr = app.server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}/`,
    port: addr.port,
    close: () => app.close(),
  };
}

function statusFor(code: string): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'NOT_FOUND':
    case 'UNKNOWN_CALL':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'DEVICE':
      return 503;
    default:
      return 500;
  }
}
