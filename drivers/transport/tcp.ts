/**
 * TCP client transport (net.connect) and the socket wrapper that the TCP server
 * helper reuses for accepted connections.
 *
 * A peer that goes away (FIN or RST) is reported through onClose with
 * DISCONNECTED; only our own close() is a clean close.
 */
import net from 'node:net';
import { CloseOnce } from './close-once';
import { Listeners } from './listeners';
import { socketErrorToTransportError } from './net-errors';
import { type Transport, TransportError } from './transport';

/** Loopback only unless told otherwise: simulators and test benches must not listen on the LAN by accident. */
export const DEFAULT_TCP_HOST = '127.0.0.1';
/** A terminal on the LAN answers a SYN in well under a second; 5 s covers a slow Wi-Fi bridge. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface TcpOptions {
  port: number;
  host?: string;
  connectTimeoutMs?: number;
  /** Disable Nagle so small ACK/NAK frames go out at once (default true). */
  noDelay?: boolean;
}

export class TcpTransport implements Transport {
  readonly kind = 'tcp' as const;
  readonly address: string;
  #socket: net.Socket | undefined;
  #closing = false;
  readonly #data = new Listeners<Buffer>();
  readonly #close = new CloseOnce();
  readonly #options: TcpOptions | undefined;

  constructor(options: TcpOptions) {
    this.#options = options;
    this.address = `tcp://${options.host ?? DEFAULT_TCP_HOST}:${options.port}`;
  }

  /** Wraps an already-connected socket (an accepted server connection). */
  static fromSocket(socket: net.Socket): TcpTransport {
    const t = new TcpTransport({ host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 });
    t.#attach(socket);
    return t;
  }

  get isOpen(): boolean {
    return this.#socket !== undefined && !this.#close.fired;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const options = this.#options;
    if (!options) throw new TransportError('NOT_OPEN', 'an accepted connection cannot be re-opened', this.address);
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: options.host ?? DEFAULT_TCP_HOST, port: options.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new TransportError('TIMEOUT', `no answer within ${timeoutMs} ms`, this.address));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (error) => {
        clearTimeout(timer);
        s.destroy();
        reject(socketErrorToTransportError(error, this.address));
      });
    });
    if (options.noDelay ?? true) socket.setNoDelay(true);
    this.#close.rearm();
    this.#closing = false;
    this.#attach(socket);
  }

  #attach(socket: net.Socket): void {
    this.#socket = socket;
    let failure: TransportError | undefined;
    socket.on('data', (chunk: Buffer) => this.#data.emit(chunk));
    socket.on('error', (error) => {
      failure = socketErrorToTransportError(error, this.address);
    });
    socket.on('end', () => {
      // The peer half-closed; we have nothing more to say either.
      socket.end();
    });
    socket.on('close', () => {
      if (this.#closing) this.#close.fire(undefined);
      else this.#close.fire(failure ?? new TransportError('DISCONNECTED', 'the peer closed the connection', this.address));
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket || !this.isOpen || socket.destroyed) {
      throw new TransportError('NOT_OPEN', 'write on a closed TCP link', this.address);
    }
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (error) => {
        if (error) reject(socketErrorToTransportError(error, this.address));
        else resolve();
      });
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (error?: TransportError) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket || this.#close.fired) return;
    this.#closing = true;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      // A peer that never reads would keep end() pending forever; don't wait on it.
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    });
  }
}

/** How long close() lets queued bytes flush before it destroys the socket. */
const CLOSE_GRACE_MS = 1_000;
