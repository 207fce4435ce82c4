/**
 * Test kit for links: opened transport pairs (memory or a real socat pty pair),
 * waiting helpers and cleanup. Used by the link tests and by profile tests.
 */
import { createMemoryPair } from '../../transport/memory';
import { openPtyPair } from '../../transport/pty-pair';
import { SerialTransport } from '../../transport/serial';
import type { Transport } from '../../transport/transport';
import type { LinkEvent, LinkEventType, MessageLink } from './link';

const POLL_MS = 5;

export type PairKind = 'memory' | 'pty';

export interface LinkKit {
  a: Transport;
  b: Transport;
  /** Closes both ends (and kills socat for a pty pair). */
  close(): Promise<void>;
}

export async function openPair(kind: PairKind, baudRate = 115200): Promise<LinkKit> {
  if (kind === 'memory') {
    const [a, b] = createMemoryPair();
    await a.open();
    await b.open();
    return { a, b, close: async () => Promise.all([a.close(), b.close()]).then(() => undefined) };
  }
  const pty = await openPtyPair();
  const a = new SerialTransport({ path: pty.a, baudRate });
  const b = new SerialTransport({ path: pty.b, baudRate });
  try {
    await a.open();
    await b.open();
  } catch (error) {
    await pty.close();
    throw error;
  }
  return {
    a,
    b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await pty.close();
    },
  };
}

/** Resolves when `predicate` holds, checked on each link event and every few ms (rejects after `ms`). */
export function waitFor<M>(link: MessageLink<M>, predicate: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const offs: Array<() => void> = [];
    const done = (error?: Error) => {
      clearTimeout(timer);
      clearInterval(poll);
      for (const off of offs) off();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (predicate()) done();
    };
    // A generous guard so a broken link fails the test instead of hanging it.
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), ms);
    const poll = setInterval(check, POLL_MS);
    offs.push(link.onEvent(check), link.onMessage(check), link.onTraffic(check));
  });
}

/** Records a link's events; `types()` lists their types in order. */
export function eventsOf<M>(link: MessageLink<M>): { all: LinkEvent[]; types: () => LinkEventType[]; count: (t: LinkEventType) => number } {
  const all: LinkEvent[] = [];
  link.onEvent((e) => all.push(e));
  return { all, types: () => all.map((e) => e.type), count: (t) => all.filter((e) => e.type === t).length };
}

/**
 * A line whose writes take `ms` to go out (a long frame at a low baud rate): each write's
 * bytes reach the peer, and the write resolves, only after that time, as a drained serial
 * port or main/sim's PacedTransport would.
 */
export function slowLine(inner: Transport, ms: number): Transport {
  return {
    kind: inner.kind,
    address: inner.address,
    get isOpen() {
      return inner.isOpen;
    },
    open: () => inner.open(),
    async write(data: Uint8Array) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      await inner.write(data);
    },
    onData: (listener) => inner.onData(listener),
    onClose: (listener) => inner.onClose(listener),
    close: () => inner.close(),
  };
}
