/**
 * A Transport is the only I/O a driver sees: bytes in, bytes out, open and close.
 * Codecs and protocol state machines stay pure; each link kind (serial, USB bulk,
 * TCP, in-memory pair) implements this one small interface.
 */
export type TransportKind = 'serial' | 'usb' | 'tcp' | 'memory';

export interface Transport {
  readonly kind: TransportKind;
  /** Human-readable address, e.g. "/dev/ttyUSB0@9600" or "tcp://127.0.0.1:9100". */
  readonly address: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Resolves when the bytes were handed to the OS (drained for serial). */
  write(data: Uint8Array): Promise<void>;
  /** Subscribe to incoming bytes. Returns an unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the link closes; `error` is set when it was not a clean close. */
  onClose(listener: (error?: TransportError) => void): () => void;
  close(): Promise<void>;
}

/** Why a link failed, in words a cashier or QA engineer can act on. */
export type TransportErrorCode =
  | 'NOT_FOUND'
  | 'LOCKED'
  | 'PERMISSION'
  | 'DISCONNECTED'
  | 'TIMEOUT'
  | 'NOT_OPEN'
  | 'IO';

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly address: string,
    options?: { cause?: unknown },
  ) {
    super(`${address}: ${message}`, options);
    this.name = 'TransportError';
  }
}
