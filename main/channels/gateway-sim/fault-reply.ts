/**
 * Applying an injected fault to an HTTP answer: HTTP 500, a slow answer, or no answer at
 * all (the socket is held open until the client gives up or the simulator closes).
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimFault } from './outcomes';

export class HeldSockets {
  private readonly sockets = new Set<Socket>();

  hold(request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    const socket = request.raw.socket;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}

export interface WireAnswer {
  contentType: string;
  body: string | Buffer;
  status?: number;
  headers?: Record<string, string>;
}

/** Sends `answer` unless the fault says otherwise. `answer` is built only when it will be used. */
export async function sendWithFault(
  request: FastifyRequest,
  reply: FastifyReply,
  held: HeldSockets,
  fault: SimFault | undefined,
  answer: () => WireAnswer,
): Promise<FastifyReply> {
  if (fault?.kind === 'http500') {
    return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error (injected fault)');
  }
  const a = answer();
  if (fault?.kind === 'noAnswer') {
    held.hold(request, reply);
    return reply;
  }
  if (fault?.kind === 'slow') {
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
  }
  if (a.headers) reply.headers(a.headers);
  return reply.code(a.status ?? 200).type(a.contentType).send(a.body);
}
