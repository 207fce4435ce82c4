/**
 * AnswerWaiter: waits for the peer's one-byte answer (ACK/NAK/EOT) with a timeout.
 *
 * Only one wait is outstanding at a time (the links are stop-and-wait). An answer
 * arriving when nobody waits is returned as unexpected so the link can report it.
 *
 * Listening and the clock are separate steps (arm, then startClock): a link arms before it
 * writes, so an answer that comes back while the write is still in progress is not lost, and
 * starts the clock once the write has finished, so a slow line (a long frame at 300 baud takes
 * seconds to go out) does not use up the peer's time to answer.
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

  /** Listens for the next answer with no deadline yet; a previous wait ends as 'closed'. */
  arm(): Promise<Answer> {
    this.settle('closed');
    return new Promise<Answer>((resolve) => {
      this.#pending = { resolve, timer: undefined };
    });
  }

  /** Gives the armed wait `timeoutMs` from now; does nothing if it was answered already. */
  startClock(timeoutMs: number): void {
    const p = this.#pending;
    if (!p || p.timer !== undefined) return;
    p.timer = this.timers.setTimeout(() => this.settle('timeout'), timeoutMs);
  }

  /** arm() and startClock() at once, for an answer that is not waiting on a write. */
  wait(timeoutMs: number): Promise<Answer> {
    const answer = this.arm();
    this.startClock(timeoutMs);
    return answer;
  }

  /**
   * Runs `write` and waits for the answer to it, timed from the end of the write (see the
   * header). A failed write ends the wait and rethrows.
   */
  async afterWrite(write: () => Promise<void>, timeoutMs: number): Promise<Answer> {
    const answer = this.arm();
    try {
      await write();
    } catch (error) {
      this.settle('closed');
      throw error;
    }
    this.startClock(timeoutMs);
    return answer;
  }

  /** Delivers an answer; returns false when nobody was waiting. */
  settle(answer: Answer): boolean {
    const p = this.#pending;
    if (!p) return false;
    this.#pending = undefined;
    if (p.timer !== undefined) this.timers.clearTimeout(p.timer);
    p.resolve(answer);
    return true;
  }
}
