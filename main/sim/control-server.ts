/**
 * The simulator's HTTP control API (fastify 5), for test benches in other processes and for
 * QA with curl. Binds 127.0.0.1 by default; bound anywhere else it refuses to start without a
 * token, which then must come as `x-sim-token: <t>` or `authorization: Bearer <t>`.
 * Every body is validated with zod; a bad one gets 400 with the field named. Routes and
 * examples: README.md in this folder.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseTranscript } from '../../drivers/terminal/links/transcript';
import { FaultSchema } from '../../drivers/terminal/simulator/faults';
import { crossSiteProblem } from '../request-guard';
import { targetProblem } from '../request-target';
import { isLoopback, type SimService } from './sim-service';

export interface ControlServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port (read it back from the handle). */
  port?: number;
  /** Required when host is not loopback. */
  token?: string;
}

export interface ControlServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export class ControlServerConfigError extends Error {
  override name = 'ControlServerConfigError';
}

/** Field-39 style: two characters, digits or capitals ('00', '51', 'L2', 'A0'). */
const ResponseCode = z.string().regex(/^[0-9A-Z]{2}$/, 'must be 2 characters like "00", "51" or "L2"');
/** Queueing more than this at once is a typo, not a test plan. */
const MAX_TIMES = 10_000;
const Times = z.number().int().min(1).max(MAX_TIMES).optional();

export const NextOutcomeBody = z.object({ responseCode: ResponseCode, times: Times }).strict();
export const FaultBody = z.object({ fault: FaultSchema, times: Times, target: z.enum(['sale', 'any']).optional() }).strict();
export const DecideBody = z.object({ id: z.string().min(1), responseCode: ResponseCode }).strict();
export const ResetBody = z.object({ wipeState: z.boolean().optional() }).strict();
export const ReplayBody = z.string().min(1, 'body: expected transcript JSON lines');
const TranscriptQuery = z.object({ since: z.coerce.number().int().min(0).optional() });
/** Content types a JSON-lines body may come as (curl --data-binary defaults to form encoding). */
const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/x-www-form-urlencoded'];
/** A replay body of a long session; beyond this, split it. */
const MAX_REPLAY_BYTES = 32 * 1024 * 1024;

function fieldErrors(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function givenToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-sim-token'];
  if (typeof header === 'string') return header;
  const auth = request.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, reply: FastifyReply): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  void reply.code(400).send({ error: fieldErrors(r.error) });
  return undefined;
}

export function registerSimRoutes(app: FastifyInstance, sim: SimService): void {
  app.get('/sim/status', async () => sim.status());
  app.get('/sim/screen', async () => sim.screen());
  app.get('/sim/pending', async () => sim.pending());
  app.get('/sim/journal', async () => sim.journal());
  app.get('/sim/counters', async () => sim.counters());

  app.post('/sim/next-outcome', async (request, reply) => {
    const b = parse(NextOutcomeBody, request.body, reply);
    if (!b) return reply;
    sim.nextOutcome(b.responseCode, b.times);
    return { ok: true, queued: sim.status().queued };
  });

  app.post('/sim/fault', async (request, reply) => {
    const b = parse(FaultBody, request.body, reply);
    if (!b) return reply;
    sim.injectFault(b.fault, b.times, b.target);
    return { ok: true, queued: sim.status().queued };
  });

  app.post('/sim/decide', async (request, reply) => {
    const b = parse(DecideBody, request.body, reply);
    if (!b) return reply;
    if (!sim.decide(b.id, b.responseCode)) {
      const held = sim.pending().map((p) => p.id);
      return reply.code(404).send({ error: `id: no transaction ${b.id} is waiting for a decision (waiting: ${held.join(', ') || 'none'})` });
    }
    return { ok: true };
  });

  app.get('/sim/transcript', async (request, reply) => {
    const q = parse(TranscriptQuery, request.query, reply);
    if (!q) return reply;
    return sim.transcriptPage(q.since);
  });

  app.get('/sim/transcript.jsonl', async (_request, reply) =>
    reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${sim.vendor}-transcript.jsonl"`)
      .send(sim.exportTranscript()),
  );

  app.post('/sim/replay', { bodyLimit: MAX_REPLAY_BYTES }, async (request, reply) => {
    const text = parse(ReplayBody, request.body, reply);
    if (text === undefined) return reply;
    const { entries, skipped } = parseTranscript(text);
    if (entries.length === 0) {
      return reply.code(400).send({ error: `body: no transcript entries found (${skipped} lines were not entries)` });
    }
    const report = await sim.replay(entries);
    return { ...report, skipped };
  });

  app.post('/sim/reset', async (request, reply) => {
    const b = parse(ResetBody, request.body ?? {}, reply);
    if (!b) return reply;
    await sim.reset({ wipeState: b.wipeState ?? false });
    return { ok: true, counters: sim.counters() };
  });
}

export async function startControlServer(sim: SimService, options: ControlServerOptions = {}): Promise<ControlServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token;
  if (!isLoopback(host) && !token) {
    throw new ControlServerConfigError(`the control API on ${host} needs a token (--control-token): off loopback anyone could drive the simulator`);
  }
  const app = Fastify({ logger: false });
  // JSON lines arrive as text; keep them a string for parseTranscript.
  app.addContentTypeParser(JSONL_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // The same guard as the counter's API: a QA PC's browser must not let a foreign page
  // (or a DNS-rebound one) steer the simulator, and no target may mean one thing to the
  // guard and another to the router.
  const loopbackOnly = isLoopback(host);
  app.addHook('onRequest', async (request, reply) => {
    const badTarget = targetProblem(request.raw.url ?? '');
    if (badTarget) return reply.code(400).send({ error: badTarget });
    const crossSite = crossSiteProblem(request.headers, loopbackOnly);
    if (crossSite) return reply.code(403).send({ error: crossSite });
  });
  if (token) {
    app.addHook('onRequest', async (request, reply) => {
      if (!tokenMatches(token, givenToken(request))) {
        await reply.code(401).send({ error: 'token missing or wrong: send x-sim-token or authorization: Bearer <token>' });
      }
    });
  }
  app.setErrorHandler(async (error: { statusCode?: number; message?: string }, _request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    await reply.code(status).send({ error: status === 400 ? `body: ${error.message ?? 'invalid'}` : (error.message ?? 'internal error') });
  });
  registerSimRoutes(app, sim);
  await app.listen({ host, port: options.port ?? 0 });
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : (options.port ?? 0);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    close: () => app.close(),
  };
}
