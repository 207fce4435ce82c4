/**
 * DelegatingTransport: the base of every Transport wrapper (faults, logging, a simulated plug,
 * a test's trip wire). It forwards all of the Transport contract to `inner`, so a wrapper
 * overrides only what it changes and a method added to Transport is forwarded in one place
 * instead of being forgotten in one of several hand-written copies.
 */
import type { Transport, TransportError, TransportKind } from './transport';

export class DelegatingTransport implements Transport {
  constructor(protected readonly inner: Transport) {}

  get kind(): TransportKind {
    return this.inner.kind;
  }

  get address(): string {
    return this.inner.address;
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  open(): Promise<void> {
    return this.inner.open();
  }

  write(data: Uint8Array): Promise<void> {
    return this.inner.write(data);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.inner.onData(listener);
  }

  onClose(listener: (error?: TransportError) => void): () => void {
    return this.inner.onClose(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
