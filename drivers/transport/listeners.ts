/**
 * Listeners<T>: the tiny subscribe/emit set every transport and link uses.
 *
 * A throwing listener must not break the I/O path that called it (a UI bug must
 * not drop bytes), so errors are caught and handed to `onListenerError`.
 */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = reportListenerError) {}

  add(listener: (value: T) => void): () => void {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.#set]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get size(): number {
    return this.#set.size;
  }

  clear(): void {
    this.#set.clear();
  }
}

function reportListenerError(error: unknown): void {
  // Surface it asynchronously so it is seen (uncaught) without unwinding the emitter.
  queueMicrotask(() => {
    throw error;
  });
}
