/**
 * Wraps a Transport so tests and QA scenarios can lose, corrupt or delay what one
 * side writes — the line faults the links must survive (lost ACK, bad LRC…).
 *
 * The rule sees each write() in order and returns what to do with it. A dropped
 * write still resolves: on a real line the sender never knows.
 */
import { DelegatingTransport } from '../../transport/delegating';
import type { Transport } from '../../transport/transport';

export type WriteFault = 'pass' | 'drop' | { replace: Uint8Array };

export interface FaultyTransport extends Transport {
  /** Writes seen so far (before faults), in order. */
  readonly writes: readonly Uint8Array[];
}

class FaultInjector extends DelegatingTransport implements FaultyTransport {
  readonly writes: Uint8Array[] = [];

  constructor(
    inner: Transport,
    private readonly rule: (bytes: Uint8Array, index: number) => WriteFault,
  ) {
    super(inner);
  }

  override async write(data: Uint8Array): Promise<void> {
    const index = this.writes.length;
    this.writes.push(Uint8Array.from(data));
    const fault = this.rule(data, index);
    if (fault === 'drop') return;
    await this.inner.write(fault === 'pass' ? data : fault.replace);
  }
}

export function withFaults(inner: Transport, rule: (bytes: Uint8Array, index: number) => WriteFault): FaultyTransport {
  return new FaultInjector(inner, rule);
}
