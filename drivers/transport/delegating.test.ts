import { describe, expect, it } from 'vitest';
import { DelegatingTransport } from './delegating';
import { createMemoryPair } from './memory';
import type { TransportError } from './transport';

describe('DelegatingTransport', () => {
  it('forwards the whole Transport contract to the wrapped link', async () => {
    const [a, b] = createMemoryPair();
    const wrapped = new DelegatingTransport(a);
    expect(wrapped.kind).toBe('memory');
    expect(wrapped.address).toBe(a.address);
    expect(wrapped.isOpen).toBe(false);

    await wrapped.open();
    await b.open();
    expect(wrapped.isOpen).toBe(true);

    const got: number[] = [];
    wrapped.onData((chunk) => got.push(...chunk));
    await b.write(Uint8Array.of(1, 2));
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([1, 2]);

    const atPeer: number[] = [];
    b.onData((chunk) => atPeer.push(...chunk));
    await wrapped.write(Uint8Array.of(3));
    expect(atPeer).toEqual([3]);

    const closes: Array<TransportError | undefined> = [];
    wrapped.onClose((e) => closes.push(e));
    await wrapped.close();
    expect(a.isOpen).toBe(false);
    expect(closes).toEqual([undefined]);
  });
});
