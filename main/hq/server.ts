/**
 * The reference HQ receiver: stores what stores send, with dedupe and the
 * per-order sequence check, behind the contract in main/outbox/README.md.
 * Small on purpose: a chain that outgrows one machine implements the same
 * contract on its own service and points its stores there.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { type BatchResponse, batchRequestSchema, type ErrorBody, HEALTH_PATH, HQ_API_PREFIX, HQ_MAX_BATCH } from '../outbox/hq-contract';
import { FaultPlan, type HqFault } from './faults';
import { type HqDb, openHqDatabase } from './hq-db';
import { type EventValidator, ingestBatch, listEvents } from './ingest';

export interface HqOptions {
  /** 127.0.0.1 unless told otherwise; any other address requires a token. */
  host?: string;
  /** 0 = any free port. */
  port: number;
  dbPath: string;
  /** When set, every store request needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Business checks beyond the schema (tests use it to make a poison event). */
  validate?: EventValidator;
  /** Faults to inject, in order (tests and QA only). */
  faults?: readonly HqFault[];
}

export interface HqHandle {
  url: string;
  port: number;
  db: HqDb;
  faults: FaultPlan;
  close(): Promise<void>;
}

/** 1000 events × 64 kB worst-case payloads would be 64 MB; real batches are far below 8 MB. */
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class HqConfigError extends Error {
  override name = 'HqConfigError';
}

export async function startHq(opts: HqOptions): Promise<HqHandle> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !opts.token) {
    throw new HqConfigError(`refusing to listen on ${host} without a token: stores' sales would be open to anyone on the network (use --token)`);
  }
  const db = openHqDatabase(opts.dbPath);
  const faults = new FaultPlan(opts.faults);
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: true });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    void reply.code(status).send(errorBody(status === 413 ? 'TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL', err.message));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(errorBody('NOT_FOUND', `no such endpoint: ${req.method} ${req.url}`));
  });

  app.get(HEALTH_PATH, async () => ({ ok: true, at: new Date().toISOString() }));

  const authorised = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (!opts.token) return true;
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      void reply.code(401).send(errorBody('UNAUTHENTICATED', 'missing "Authorization: Bearer <token>"'));
      return false;
    }
    if (!sameSecret(header.slice('Bearer '.length), opts.token)) {
      void reply.code(403).send(errorBody('FORBIDDEN', 'token not accepted'));
      return false;
    }
    return true;
  };

  app.post<{ Params: { storeId: string } }>(`${HQ_API_PREFIX}/stores/:storeId/events`, async (req, reply) => {
    if (!authorised(req, reply)) return reply;
    const fault = faults.take();
    if (fault?.kind === 'status') {
      if (fault.retryAfterS !== undefined) void reply.header('retry-after', String(fault.retryAfterS));
      return reply.code(fault.status).send(fault.body ?? errorBody('INJECTED', `injected ${fault.status}`));
    }
    if (fault?.kind === 'drop-before-commit') return drop(req, reply);
    if (fault?.kind === 'delay') await sleep(fault.ms);

    const envelope = batchRequestSchema.safeParse(req.body);
    if (!envelope.success) {
      const issue = envelope.error.issues[0];
      const tooMany = issue?.code === 'too_big' && issue.path.length === 1;
      return reply
        .code(tooMany ? 413 : 400)
        .send(errorBody(tooMany ? 'TOO_LARGE' : 'BAD_REQUEST', tooMany ? `at most ${HQ_MAX_BATCH} events per request` : `${issue?.path.join('.') || 'body'}: ${issue?.message}`));
    }
    const key = req.headers['idempotency-key'];
    const answer: BatchResponse = ingestBatch(db, {
      storeId: req.params.storeId,
      events: envelope.data.events,
      idempotencyKey: typeof key === 'string' ? key : null,
      receivedAt: new Date().toISOString(),
      validate: opts.validate,
    });

    if (fault?.kind === 'drop-after-commit') return drop(req, reply);
    if (fault?.kind === 'die-after-commit') process.kill(process.pid, 'SIGKILL');
    if (fault?.kind === 'delay-after-commit') await sleep(fault.ms);
    return reply.code(200).send(answer);
  });

  app.get<{ Params: { storeId: string }; Querystring: { after?: string; limit?: string } }>(
    `${HQ_API_PREFIX}/stores/:storeId/events`,
    async (req, reply) => {
      if (!authorised(req, reply)) return reply;
      const after = Number(req.query.after ?? 0);
      const limit = Math.min(Number(req.query.limit ?? 1000), 10_000);
      if (!Number.isInteger(after) || !Number.isInteger(limit) || after < 0 || limit < 1) {
        return reply.code(400).send(errorBody('BAD_REQUEST', 'after and limit must be non-negative integers'));
      }
      return { events: listEvents(db, req.params.storeId, after, limit) };
    },
  );

  try {
    await app.listen({ host, port: opts.port });
  } catch (err) {
    db.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    db,
    faults,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Closes the socket without an answer: what a crash or a dead link looks like to the store. */
function drop(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.hijack();
  req.raw.socket.destroy();
  return reply;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
