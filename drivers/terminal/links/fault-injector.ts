/**
 * Wraps a Transport so tests and QA scenarios can lose, corrupt or delay what one
 * side writes — the line faults the links must survive (lost ACK, bad LRC…).
 *
 * The rule sees each write() in order and returns what to do with it. A dropped
 * write still resolves: on a real line the sender never knows.
 */
import type { Transport, TransportError } from '../../transport/transport';

export type WriteFault = 'pass' | 'drop' | { replace: Uint8Array };

export interface FaultyTransport extends Transport {
  /** Writes seen so far (before faults), in order. */
  readonly writes: readonly Uint8Array[];
}

export function withFaults(inner: Transport, rule: (bytes: Uint8Array, index: number) => WriteFault): FaultyTransport {
  const writes: Uint8Array[] = [];
  return {
    kind: inner.kind,
    address: inner.address,
    get isOpen() {
      return inner.isOpen;
    },
    writes,
    open: () => inner.open(),
    async write(data: Uint8Array) {
      const index = writes.length;
      writes.push(Uint8Array.from(data));
      const fault = rule(data, index);
      if (fault === 'drop') return;
      await inner.write(fault === 'pass' ? data : fault.replace);
    },
    onData: (listener: (chunk: Buffer) => void) => inner.onData(listener),
    onClose: (listener: (error?: TransportError) => void) => inner.onClose(listener),
    close: () => inner.close(),
  };
}
