/**
 * In-memory transport pair for unit tests and in-process simulators.
 *
 * Bytes written on one end arrive on the other asynchronously (setImmediate), so
 * code that works here does not accidentally depend on synchronous delivery that
 * no real port gives. Closing one end closes the peer with DISCONNECTED, the way
 * an unplugged cable would look to it.
 */
import { CloseOnce } from './close-once';
import { Listeners } from './listeners';
import { type Transport, TransportError } from './transport';

export class MemoryTransport implements Transport {
  readonly kind = 'memory' as const;
  #open = false;
  #peer: MemoryTransport | undefined;
  readonly #data = new Listeners<Buffer>();
  readonly #close = new CloseOnce();

  constructor(readonly address: string) {}

  /** @internal wiring used by createMemoryPair. */
  connect(peer: MemoryTransport): void {
    this.#peer = peer;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    this.#close.rearm();
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.#open) throw new TransportError('NOT_OPEN', 'write on a closed memory link', this.address);
    const peer = this.#peer;
    if (!peer?.isOpen) {
      throw new TransportError('DISCONNECTED', 'the other end of the memory link is not open', this.address);
    }
    // Copy now: the caller may reuse its buffer once write() resolves.
    const copy = Buffer.from(data);
    await new Promise<void>((resolve) => setImmediate(resolve));
    peer.deliver(copy);
  }

  /** @internal called by the peer's write. */
  deliver(chunk: Buffer): void {
    if (this.#open) this.#data.emit(chunk);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (error?: TransportError) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    this.shutdown(undefined);
    const peer = this.#peer;
    if (peer?.isOpen) {
      setImmediate(() =>
        peer.shutdown(new TransportError('DISCONNECTED', 'the other end closed the memory link', peer.address)),
      );
    }
  }

  /** @internal */
  shutdown(error: TransportError | undefined): void {
    if (!this.#open) return;
    this.#open = false;
    this.#close.fire(error);
  }
}

/** Two connected ends, e.g. [host, device]. Both start closed; open() each. */
export function createMemoryPair(name = 'memory'): [MemoryTransport, MemoryTransport] {
  const a = new MemoryTransport(`${name}:a`);
  const b = new MemoryTransport(`${name}:b`);
  a.connect(b);
  b.connect(a);
  return [a, b];
}
