/**
 * TCP server helper for simulators that listen (a terminal's LAN port, a bridge):
 * each accepted connection becomes an already-open Transport.
 *
 * Binds 127.0.0.1 by default and port 0 (an ephemeral port) unless told otherwise.
 */
import net from 'node:net';
import { socketErrorToTransportError } from './net-errors';
import { DEFAULT_TCP_HOST, TcpTransport } from './tcp';
import type { Transport } from './transport';

export interface TcpServerOptions {
  host?: string;
  /** 0 (default) picks a free port; read it back from the handle. */
  port?: number;
  onConnection: (transport: Transport) => void;
}

export interface TcpServerHandle {
  readonly host: string;
  readonly port: number;
  /** "tcp://127.0.0.1:PORT" */
  readonly address: string;
  /** Open connections, newest last. */
  readonly connections: readonly Transport[];
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

export async function listenTcp(options: TcpServerOptions): Promise<TcpServerHandle> {
  const host = options.host ?? DEFAULT_TCP_HOST;
  const connections = new Set<TcpTransport>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const transport = TcpTransport.fromSocket(socket);
    connections.add(transport);
    transport.onClose(() => connections.delete(transport));
    options.onConnection(transport);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(socketErrorToTransportError(error, `tcp://${host}:${options.port ?? 0}`)));
    server.listen({ host, port: options.port ?? 0 }, () => resolve());
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : (options.port ?? 0);
  return {
    host,
    port,
    address: `tcp://${host}:${port}`,
    get connections() {
      return [...connections];
    },
    async close() {
      await Promise.all([...connections].map((c) => c.close()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
