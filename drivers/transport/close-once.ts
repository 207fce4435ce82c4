/**
 * CloseOnce: delivers a transport's close notification exactly once, as the
 * Transport contract promises, however many underlying events report it.
 */
import type { TransportError } from './transport';
import { Listeners } from './listeners';

export class CloseOnce {
  readonly #listeners = new Listeners<TransportError | undefined>();
  #fired = false;
  #error: TransportError | undefined;

  get fired(): boolean {
    return this.#fired;
  }

  /**
   * A listener added after the close still hears about it (on the next microtask), so
   * nobody waits forever on a link that is already gone.
   */
  add(listener: (error?: TransportError) => void): () => void {
    if (this.#fired) {
      const error = this.#error;
      queueMicrotask(() => listener(error));
      return () => {};
    }
    return this.#listeners.add(listener);
  }

  /** Marks the link closed; listeners hear about it once. */
  fire(error?: TransportError): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#error = error;
    this.#listeners.emit(error);
  }

  /** Arms it again after a re-open. */
  rearm(): void {
    this.#fired = false;
    this.#error = undefined;
  }
}
