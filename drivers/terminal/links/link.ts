/**
 * The common shape of every terminal link layer, so a host driver and a simulated
 * device can sit on top of any of them.
 *
 * A link owns a Transport and a codec decoder. It turns messages into frames,
 * runs the protocol's acknowledgement rules, and reports everything it does as
 * LinkEvents. Every byte in either direction is also published as Traffic (with
 * what it decoded to), which is what links/transcript.ts records.
 */
import { Listeners } from '../../transport/listeners';
import type { Transport, TransportError } from '../../transport/transport';
import type { DecodeEvent, StreamDecoder } from '../codecs/codec';

export type LinkEventType =
  | 'ack' // peer acknowledged our frame
  | 'nak' // peer rejected our frame (we will retransmit)
  | 'sent-ack' // we acknowledged the peer's frame
  | 'sent-nak' // we rejected the peer's frame
  | 'retransmit'
  | 'timeout' // no answer in time
  | 'eot' // end of transmission (received or sent)
  | 'enq' // peer asks to start a session (Concert)
  | 'duplicate' // peer re-sent a frame we already delivered
  | 'heartbeat'
  | 'heartbeat-missed'
  | 'link-up'
  | 'link-down'
  | 'decode-error' // malformed input; see code and raw
  | 'error' // transport or protocol failure
  | 'closed';

export interface LinkEvent {
  type: LinkEventType;
  /** Date.now() when it happened. */
  at: number;
  message: string;
  /** DecodeErrorCode, LinkErrorCode or TransportErrorCode, when there is one. */
  code?: string;
  raw?: Uint8Array;
}

/** Bytes that went over the wire, with what they decoded to. */
export interface Traffic {
  at: number;
  dir: 'tx' | 'rx';
  bytes: Uint8Array;
  /** tx: the message or control sent; rx: frames/controls completed by these bytes. */
  decoded: unknown[];
  /** Errors and remarks ("retransmit 2/3", "BAD_CHECKSUM: …"). */
  notes: string[];
}

export interface MessageLink<M> {
  /** Resolves once the peer has accepted the message (ACK) or, for links without acks, once written. */
  send(message: M): Promise<void>;
  onMessage(listener: (message: M) => void): () => void;
  onEvent(listener: (event: LinkEvent) => void): () => void;
  onTraffic(listener: (traffic: Traffic) => void): () => void;
  /** Closes the link and its transport. Pending sends reject with CLOSED. */
  close(): Promise<void>;
  readonly transport: Transport;
}

export type LinkErrorCode =
  | 'NO_ACK' // retries exhausted without an ACK
  | 'REJECTED' // NAKed on every try
  | 'PEER_EOT' // the peer ended the exchange (EOT) instead of acknowledging
  | 'CLOSED'
  | 'LINK_DOWN'
  | 'BUSY' // the peer is in a session of its own
  | 'IO';

export class LinkError extends Error {
  constructor(
    readonly code: LinkErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LinkError';
  }
}

/** Injectable timers, so tests can run protocol timeouts in milliseconds. */
export interface LinkTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: LinkTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Plumbing shared by the links: listener sets, traffic publishing, transport
 * subscription, and a one-shot "wait for a control/ack" helper.
 */
export abstract class LinkBase<M, F> {
  protected readonly messages = new Listeners<M>();
  protected readonly events = new Listeners<LinkEvent>();
  protected readonly traffic = new Listeners<Traffic>();
  protected closed = false;
  readonly #unsubscribe: Array<() => void> = [];
  #idleTimer: unknown;

  /**
   * @param interByteTimeoutMs after this long without a byte, a partial frame is
   *   given up (decoder.flush(): TRUNCATED), so a lost tail cannot wedge the decoder.
   */
  constructor(
    readonly transport: Transport,
    protected readonly decoder: StreamDecoder<F>,
    protected readonly timers: LinkTimers,
    private readonly interByteTimeoutMs: number,
  ) {
    this.#unsubscribe.push(
      transport.onData((chunk) => this.receive(chunk)),
      transport.onClose((error) => this.transportClosed(error)),
    );
  }

  onMessage(listener: (message: M) => void): () => void {
    return this.messages.add(listener);
  }

  onEvent(listener: (event: LinkEvent) => void): () => void {
    return this.events.add(listener);
  }

  onTraffic(listener: (traffic: Traffic) => void): () => void {
    return this.traffic.add(listener);
  }

  protected event(type: LinkEventType, message: string, extra: { code?: string; raw?: Uint8Array } = {}): void {
    this.events.emit({ type, at: Date.now(), message, ...extra });
  }

  /** Writes bytes and publishes them as tx traffic. */
  protected async writeRaw(bytes: Uint8Array, decoded: unknown, note?: string): Promise<void> {
    if (this.closed) throw new LinkError('CLOSED', 'the link is closed');
    this.traffic.emit({ at: Date.now(), dir: 'tx', bytes, decoded: [decoded], notes: note ? [note] : [] });
    try {
      await this.transport.write(bytes);
    } catch (error) {
      throw new LinkError('IO', `write failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** Fire-and-forget write for control bytes; a failure becomes an 'error' event. */
  protected writeControl(bytes: Uint8Array, name: string): void {
    this.writeRaw(bytes, name).catch((error: unknown) => {
      if (!this.closed) this.event('error', `could not send ${name}: ${String(error)}`, { code: 'IO' });
    });
  }

  protected abstract handle(event: DecodeEvent<F>): void;

  protected receive(chunk: Uint8Array): void {
    if (this.closed) return;
    this.#clearIdle();
    const decoded = this.decoder.push(chunk);
    this.publishRx(chunk, decoded);
    for (const e of decoded) this.handle(e);
    if (this.decoder.buffered > 0 && !this.closed) {
      this.#idleTimer = this.timers.setTimeout(() => this.#idle(), this.interByteTimeoutMs);
    }
  }

  #idle(): void {
    this.#idleTimer = undefined;
    if (this.closed) return;
    const decoded = this.decoder.flush();
    if (decoded.length === 0) return;
    this.publishRx(new Uint8Array(0), decoded);
    for (const e of decoded) this.handle(e);
  }

  #clearIdle(): void {
    if (this.#idleTimer !== undefined) {
      this.timers.clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
    }
  }

  protected publishRx(bytes: Uint8Array, decoded: DecodeEvent<F>[]): void {
    const items: unknown[] = [];
    const notes: string[] = [];
    for (const e of decoded) {
      if (e.type === 'frame') items.push(e.frame);
      else if (e.type === 'control') items.push(e.control);
      else notes.push(`${e.code}: ${e.message}`);
    }
    this.traffic.emit({ at: Date.now(), dir: 'rx', bytes, decoded: items, notes });
  }

  protected decodeError(e: { code: string; message: string; raw: Uint8Array }): void {
    this.event('decode-error', e.message, { code: e.code, raw: e.raw });
  }

  protected transportClosed(error?: TransportError): void {
    if (this.closed) return;
    this.closed = true;
    this.#clearIdle();
    this.shutdown(new LinkError('CLOSED', error ? `transport closed: ${error.message}` : 'transport closed'));
    this.event(error ? 'error' : 'closed', error ? error.message : 'transport closed', error ? { code: error.code } : {});
  }

  /** Reject pending work and stop timers. */
  protected abstract shutdown(reason: LinkError): void;

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.#clearIdle();
      this.shutdown(new LinkError('CLOSED', 'the link was closed'));
      this.event('closed', 'link closed');
    }
    for (const u of this.#unsubscribe.splice(0)) u();
    await this.transport.close();
  }
}
