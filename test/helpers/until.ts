/**
 * The one way a test waits for something a background process makes true: poll `check`
 * until it returns a value that is not undefined, null or false, and resolve with it. If it
 * never does, fail naming `what`: a hang becomes a clear failure, never a quiet return that
 * lets the next assertion fail for the wrong reason. A hang guard, not a timing assertion:
 * the limit is generous for a loaded 2-core CI machine.
 */

const POLL_MS = 10;
const DEFAULT_LIMIT_MS = 10_000;

type Found<T> = Exclude<T, undefined | null | false>;

export async function until<T>(what: string, check: () => T | Promise<T>, limitMs = DEFAULT_LIMIT_MS): Promise<Found<T>> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as Found<T>;
    if (Date.now() > deadline) throw new Error(`gave up after ${limitMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Polls `read` until `ok` holds for what it returns, and resolves with that value. */
export async function untilMatch<T>(what: string, read: () => T | Promise<T>, ok: (value: T) => boolean, limitMs = DEFAULT_LIMIT_MS): Promise<T> {
  const found = await until(
    what,
    async () => {
      const value = await read();
      return ok(value) ? { value } : undefined;
    },
    limitMs,
  );
  return found.value;
}
