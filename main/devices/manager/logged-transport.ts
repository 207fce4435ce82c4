/**
 * A Transport wrapper that records every byte both ways in the device's ByteLog, and that can
 * be "severed" (a simulated unplug): the consumer sees the same DISCONNECTED close a pulled
 * cable gives, not a clean close.
 */
import { DelegatingTransport } from '../../../drivers/transport/delegating';
import { Listeners } from '../../../drivers/transport/listeners';
import { type Transport, TransportError } from '../../../drivers/transport/transport';
import type { ByteLog } from './doctor';

export class LoggedTransport extends DelegatingTransport {
  readonly #log: ByteLog;
  readonly #close = new Listeners<TransportError | undefined>();
  #severed: string | undefined;

  constructor(inner: Transport, log: ByteLog) {
    super(inner);
    this.#log = log;
    inner.onData((chunk) => this.#log.record('in', chunk));
    inner.onClose((error) => {
      const why = this.#severed;
      this.#severed = undefined;
      this.#close.emit(why ? new TransportError('DISCONNECTED', why, this.address) : error);
    });
  }

  override async write(data: Uint8Array): Promise<void> {
    this.#log.record('out', data);
    await this.inner.write(data);
  }

  override onClose(listener: (error?: TransportError) => void): () => void {
    return this.#close.add(listener);
  }

  /** Cut the link as an unplug would; listeners get DISCONNECTED with `reason`. */
  async sever(reason: string): Promise<void> {
    if (!this.inner.isOpen) return;
    this.#severed = reason;
    await this.inner.close();
  }
}
