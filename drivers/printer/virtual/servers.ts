import { createServer, type Server, type Socket } from 'node:net';
import { createSerialPort } from '../../transport/serial-port';
import type { VirtualPrinter } from './interpreter';

/**
 * Put a VirtualPrinter on a link: a raw TCP port (JetDirect style, 9100) or the device end of
 * a serial port (e.g. one end of a socat pty pair). Bytes from the host go to feed(); its
 * replies, and ASB packets pushed on state changes, go back down the same link.
 */

/** The usual raw-printing port of network receipt printers. */
export const DEFAULT_RAW_PORT = 9100;

export interface TcpPrinterServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export interface TcpServeOptions {
  /** Default 9100; pass 0 in tests for a free port. */
  port?: number;
  /** Default 127.0.0.1: a simulator is not exposed on the LAN unless asked. */
  host?: string;
}

export async function serveTcp(printer: VirtualPrinter, options: TcpServeOptions = {}): Promise<TcpPrinterServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const off = printer.onUnsolicited((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    socket.on('data', (chunk) => {
      const reply = printer.feed(chunk);
      if (reply.length > 0 && !socket.destroyed) socket.write(reply);
    });
    // A host that drops the link mid-job is normal for raw printing; nothing to report.
    socket.on('error', () => {});
    socket.on('close', () => {
      off();
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_RAW_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_RAW_PORT);
  return {
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface SerialPrinterServer {
  readonly path: string;
  close(): Promise<void>;
}

/** Open `path` (the printer's end of the link) and serve the printer on it. */
export async function serveSerial(printer: VirtualPrinter, path: string, baudRate = 9600): Promise<SerialPrinterServer> {
  const port = createSerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const off = printer.onUnsolicited((bytes) => {
    if (port.isOpen) port.write(Buffer.from(bytes));
  });
  port.on('data', (chunk: Buffer) => {
    const reply = printer.feed(chunk);
    if (reply.length > 0 && port.isOpen) port.write(Buffer.from(reply));
  });
  port.on('error', () => {});
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        off();
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
