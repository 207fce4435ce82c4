import { describe, expect, it } from 'vitest';
import { createMemoryPair } from './memory';
import { TransportError } from './transport';

describe('memory transport pair', () => {
  it('delivers bytes asynchronously and in order, as copies', async () => {
    const [a, b] = createMemoryPair();
    await a.open();
    await b.open();
    const got: number[] = [];
    b.onData((chunk) => got.push(...chunk));
    const buf = Uint8Array.of(1, 2, 3);
    const p = a.write(buf);
    expect(got).toEqual([]); // not synchronous
    buf[0] = 9; // caller reuses its buffer
    await p;
    await a.write(Uint8Array.of(4));
    expect(got).toEqual([1, 2, 3, 4]);
  });

  it('closing one end closes the peer with DISCONNECTED', async () => {
    const [a, b] = createMemoryPair();
    await a.open();
    await b.open();
    const closes: Array<TransportError | undefined> = [];
    const aCloses: Array<TransportError | undefined> = [];
    b.onClose((e) => closes.push(e));
    a.onClose((e) => aCloses.push(e));
    await a.close();
    await new Promise((r) => setImmediate(r));
    expect(aCloses).toEqual([undefined]);
    expect(closes).toHaveLength(1);
    expect(closes[0]?.code).toBe('DISCONNECTED');
    expect(b.isOpen).toBe(false);
    await expect(b.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('writing with the peer closed fails clearly', async () => {
    const [a] = createMemoryPair();
    await a.open();
    const err = await a.write(Uint8Array.of(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('DISCONNECTED');
  });
});

describe('close notification', () => {
  it('a listener added after the close still hears it, once', async () => {
    const [a, b] = createMemoryPair();
    await a.open();
    await b.open();
    await b.close();
    const heard: Array<unknown> = [];
    a.onClose((e) => heard.push(e?.code ?? 'clean'));
    a.onClose((e) => heard.push(e?.code ?? 'clean'));
    await new Promise((r) => setTimeout(r, 10));
    expect(heard).toHaveLength(2);
  });
});
