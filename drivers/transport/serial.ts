/**
 * Serial transport over serialport 13 (real ports, USB-serial adapters, socat ptys).
 *
 * Error words follow what the OS actually says (see serialErrorToTransportError);
 * an unplugged adapter shows up as a 'close' event with `disconnected: true`,
 * which we report through onClose as DISCONNECTED.
 */
import { CloseOnce } from './close-once';
import { Listeners } from './listeners';
import { createSerialPort, type SerialPortHandle } from './serial-port';
import { errnoOf, messageOf } from './net-errors';
import { type Transport, TransportError } from './transport';

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
  /** Hardware flow control (RTS/CTS). Most terminals use none. */
  rtscts?: boolean;
}

export class SerialTransport implements Transport {
  readonly kind = 'serial' as const;
  readonly address: string;
  #port: SerialPortHandle | undefined;
  #closing = false;
  readonly #data = new Listeners<Buffer>();
  readonly #close = new CloseOnce();

  constructor(private readonly options: SerialOptions) {
    this.address = `${options.path}@${options.baudRate}`;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen === true && !this.#close.fired;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const o = this.options;
    const port = createSerialPort({
      path: o.path,
      baudRate: o.baudRate,
      dataBits: o.dataBits ?? 8,
      parity: o.parity ?? 'none',
      stopBits: o.stopBits ?? 1,
      rtscts: o.rtscts ?? false,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(serialErrorToTransportError(error, this.address)) : resolve()));
    });
    this.#port = port;
    this.#closing = false;
    this.#close.rearm();
    let failure: TransportError | undefined;
    port.on('data', (chunk: Buffer) => this.#data.emit(chunk));
    port.on('error', (error: unknown) => {
      failure = serialErrorToTransportError(error, this.address);
    });
    port.on('close', (error: unknown) => {
      if (this.#closing && !isDisconnect(error)) {
        this.#close.fire(undefined);
        return;
      }
      const why = isDisconnect(error)
        ? new TransportError(
            'DISCONNECTED',
            `the port went away (cable or adapter unplugged, or the device end closed): ${messageOf(error)}`,
            this.address,
            { cause: error },
          )
        : (failure ?? new TransportError('DISCONNECTED', 'the port closed unexpectedly', this.address));
      this.#close.fire(why);
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port || !this.isOpen) throw new TransportError('NOT_OPEN', 'write on a closed serial port', this.address);
    const fail = (error: Error) =>
      // serialport reports a write racing close() as "First argument must be an int" (fd gone).
      this.#closing || !port.isOpen
        ? new TransportError('NOT_OPEN', 'the port was closed while writing', this.address, { cause: error })
        : serialErrorToTransportError(error, this.address);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data), (error) => {
        if (error) reject(fail(error));
      });
      // Resolve only once the OS has taken the bytes, so a caller's timer starts when the line does.
      port.drain((error) => (error ? reject(fail(error)) : resolve()));
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (error?: TransportError) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    const port = this.#port;
    if (!port || this.#close.fired) return;
    this.#closing = true;
    if (!port.isOpen) {
      this.#close.fire(undefined);
      return;
    }
    await new Promise<void>((resolve) => {
      port.close(() => resolve());
    });
    this.#close.fire(undefined);
  }
}

function isDisconnect(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { disconnected?: unknown }).disconnected === true;
}

/**
 * serialport's errors are plain Errors whose message carries the OS text, e.g.
 * "Error: No such file or directory, cannot open /dev/ttyUSB9" or
 * "Error Resource temporarily unavailable Cannot lock port" (another program has it).
 */
export function serialErrorToTransportError(error: unknown, address: string): TransportError {
  if (error instanceof TransportError) return error;
  const text = messageOf(error);
  const errno = errnoOf(error);
  const cause = { cause: error };
  if (errno === 'ENOENT' || /no such file or directory|does not exist/i.test(text)) {
    return new TransportError('NOT_FOUND', 'no such serial port: is the device plugged in and the path right?', address, cause);
  }
  if (errno === 'EBUSY' || /cannot lock port|port is locked|resource busy|resource temporarily unavailable/i.test(text)) {
    return new TransportError('LOCKED', 'the port is in use by another program (close it, or pick another port)', address, cause);
  }
  if (errno === 'EACCES' || errno === 'EPERM' || /permission denied|access denied/i.test(text)) {
    return new TransportError(
      'PERMISSION',
      'permission denied: add this user to the dialout group (Linux) or run with rights to the port',
      address,
      cause,
    );
  }
  if (/port is not open/i.test(text)) return new TransportError('NOT_OPEN', 'the port is not open', address, cause);
  return new TransportError('IO', `serial I/O error: ${text}`, address, cause);
}
