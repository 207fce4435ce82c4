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
 * sent as `Authorization: Bearer <token>` or `?token=` on the WebSocket URL.
 *
 * Every request, the renderer's files included, passes one guard before anything else:
 * a target the router could read differently from the guard is refused (request-target.ts:
 * absolute-form, percent-encoding in the path, dot segments), a request a web page sent
 * from another site is refused (request-guard.ts), and the token is checked on the route
 * the router chose, not on the raw URL's text. Every response carries the security
 * headers (csp.ts) and every error the `{ ok: false, error: { code, message } }` envelope.
 */
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type CallResult, type ErrorCode, type WsServerFrame, WsClientFrame } from '../preload/contract';
import type { Core } from './app';
import { isLoopback } from './config';
import { securityHeaders } from './csp';
import { crossSiteProblem } from './request-guard';
import { targetProblem } from './request-target';

/** Largest request body / WS frame accepted: contract payloads are small. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ServerConfigError extends Error {}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the API's routes: they need the token; the renderer's files do not. */
    api?: boolean;
  }
}

const API = { config: { api: true } } as const;

function refuse(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply.code(status).send({ ok: false, error: { code, message } } satisfies CallResult<never>);
}

/** The framework's own errors, in the cashier's two languages where we know them. */
function frameworkMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `请求内容不是有效的 JSON / the body is not valid JSON (${err.message})`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `请求内容过大（上限 ${MAX_PAYLOAD_BYTES / 1024} KB） / the body is over the ${MAX_PAYLOAD_BYTES / 1024} KB limit`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `请以 application/json 发送 / send the body as application/json (${err.message})`;
    default:
      return err.message;
  }
}

export async function startServer(core: Core): Promise<RunningServer> {
  const { host, port, token, rendererDir } = core.config;
  if (!isLoopback(host) && !token) {
    throw new ServerConfigError(
      `Refusing to listen on ${host} without a token: set --token (or POSDESK_TOKEN) to expose PosDesk beyond this machine.`,
    );
  }
  // forceCloseConnections: close() ends keep-alive and long-lived connections too, so a client
  // holding one open (a browser tab, a bench's pooled fetch) cannot hold the till's exit.
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: MAX_PAYLOAD_BYTES, forceCloseConnections: true });
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
  // Every request passes the guard, files included, and the decision is made on the route
  // the router actually chose (routeOptions.config), never on the raw text of the URL.
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(securityHeaders(req.headers.host));
    const badTarget = targetProblem(req.raw.url ?? '');
    if (badTarget) return refuse(reply, 400, 'INVALID_INPUT', badTarget);
    const crossSite = crossSiteProblem(req.headers, loopbackOnly);
    if (crossSite) return refuse(reply, 403, 'UNAUTHORIZED', crossSite);
    // The built renderer is public (it holds no data); everything else is the API.
    const isFile = req.routeOptions.config.api !== true && (req.method === 'GET' || req.method === 'HEAD');
    if (!isFile && !authorized(req)) return refuse(reply, 401, 'UNAUTHORIZED', 'missing or wrong token');
  });

  // Errors the framework raises before a handler runs (malformed JSON, a body over the
  // limit, an unsupported content type) come back in the same envelope as the calls' own.
  app.setErrorHandler(async (err: FastifyError, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const code = status === 500 ? 'INTERNAL' : 'INVALID_INPUT';
    return refuse(reply, status, code, frameworkMessage(err));
  });
  app.setNotFoundHandler(async (req, reply) =>
    refuse(reply, 404, 'NOT_FOUND', `没有这个地址 / no such route: ${req.method} ${(req.raw.url ?? '').split('?')[0]?.slice(0, 80)}`),
  );

  app.get('/api/health', API, async () => ({ ok: true, result: core.info() }));

  app.post<{ Params: { name: string } }>('/api/call/:name', API, async (req, reply) => {
    // No body at all is an empty input; a JSON `null` is a payload, and an invalid one.
    const res = await core.dispatch(req.params.name, req.body === undefined ? {} : req.body);
    const status = res.ok ? 200 : statusFor(res.error.code);
    return reply.code(status).send(res);
  });

  app.get('/api/ws', { ...API, websocket: true }, (socket) => {
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
