/**
 * AnswerWaiter: waits for the peer's one-byte answer (ACK/NAK/EOT) with a timeout.
 * Exports: AnswerWaiter, Answer
 *
 * Only one wait is outstanding at a time (the links are stop-and-wait). An answer
 * arriving when nobody waits is returned as unexpected so the link can report it.
 */
import type { LinkTimers } from './link';

/** FRAME: the peer answered with a frame of its own (an implicit ACK, see ack-nak-link.ts). */
export type Answer = 'ACK' | 'NAK' | 'EOT' | 'ENQ' | 'FRAME' | 'timeout' | 'closed';

export class AnswerWaiter {
  #pending: { resolve: (a: Answer) => void; timer: unknown } | undefined;

  constructor(private readonly timers: LinkTimers) {}

  get waiting(): boolean {
    return this.#pending !== undefined;
  }

  wait(timeoutMs: number): Promise<Answer> {
    this.settle('closed');
    return new Promise<Answer>((resolve) => {
      const timer = this.timers.setTimeout(() => this.settle('timeout'), timeoutMs);
      this.#pending = { resolve, timer };
    });
  }

  /** Delivers an answer; returns false when nobody was waiting. */
  settle(answer: Answer): boolean {
    const p = this.#pending;
    if (!p) return false;
    this.#pending = undefined;
    this.timers.clearTimeout(p.timer);
    p.resolve(answer);
    return true;
  }
}
