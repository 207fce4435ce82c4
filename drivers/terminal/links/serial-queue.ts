/**
 * SerialQueue: runs async jobs one after another (a link sends one frame at a time,
 * in call order), without one failure poisoning the jobs queued behind it.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job, job);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
