/**
 * decodeAll: run a whole byte string through a fresh decoder in a given chunking
 * and flush, for tests, replay tools and benchmarks.
 */
import type { DecodeEvent, StreamDecoder } from './codec';

/** chunk = a fixed size, or a list of sizes used cyclically. */
export function decodeAll<F>(
  decoder: StreamDecoder<F>,
  bytes: Uint8Array,
  chunk: number | readonly number[] = bytes.length || 1,
  flush = true,
): DecodeEvent<F>[] {
  const sizes = typeof chunk === 'number' ? [chunk] : chunk;
  const out: DecodeEvent<F>[] = [];
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length] ?? 1);
    out.push(...decoder.push(bytes.subarray(i, i + n)));
    i += n;
  }
  if (flush) out.push(...decoder.flush());
  return out;
}

export function framesOf<F>(events: readonly DecodeEvent<F>[]): F[] {
  const out: F[] = [];
  for (const e of events) if (e.type === 'frame') out.push(e.frame);
  return out;
}
