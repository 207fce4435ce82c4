/**
 * CloseOnce: delivers a transport's close notification exactly once, as the
 * Transport contract promises, however many underlying events report it.
 * Exports: CloseOnce
 */
import type { TransportError } from './transport';
import { Listeners } from './listeners';

export class CloseOnce {
  readonly #listeners = new Listeners<TransportError | undefined>();
  #fired = false;

  get fired(): boolean {
    return this.#fired;
  }

  add(listener: (error?: TransportError) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Marks the link closed; listeners hear about it once. */
  fire(error?: TransportError): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#listeners.emit(error);
  }

  /** Arms it again after a re-open. */
  rearm(): void {
    this.#fired = false;
  }
}
