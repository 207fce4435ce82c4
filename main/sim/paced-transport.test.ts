import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../drivers/transport/pty-pair';
import { SerialTransport } from '../../drivers/transport/serial';
import { lineSeconds, PacedTransport } from './paced-transport';

let pty: PtyPair | undefined;
const ports: SerialTransport[] = [];
afterEach(async () => {
  for (const p of ports.splice(0)) await p.close();
  await pty?.close();
  pty = undefined;
});

async function pair(baud: number): Promise<{ sender: PacedTransport; receiver: SerialTransport }> {
  pty = await openPtyPair();
  const a = new SerialTransport({ path: pty.a, baudRate: baud });
  const b = new SerialTransport({ path: pty.b, baudRate: baud });
  ports.push(a, b);
  await a.open();
  await b.open();
  return { sender: new PacedTransport(a, baud), receiver: b };
}

function collect(t: SerialTransport, want: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  return new Promise((resolve) => {
    const off = t.onData((chunk) => {
      parts.push(chunk);
      got += chunk.length;
      if (got >= want) {
        off();
        resolve(Buffer.concat(parts));
      }
    });
  });
}

describe('PacedTransport over a socat pty', () => {
  it('a 600-byte frame at 9600 baud takes at least its line time (~0.62 s) and arrives intact', async () => {
    const { sender, receiver } = await pair(9600);
    const frame = Uint8Array.from({ length: 600 }, (_, i) => (i * 7) & 0xff);
    const received = collect(receiver, frame.length);
    const t0 = performance.now();
    await sender.write(frame);
    const data = await received;
    const elapsedS = (performance.now() - t0) / 1000;
    expect(lineSeconds(600, 9600)).toBeCloseTo(0.625, 3);
    expect(elapsedS).toBeGreaterThanOrEqual(0.6);
    expect(Buffer.compare(data, Buffer.from(frame))).toBe(0);
  });

  it('write() resolves only when the last byte has gone out, which is when a link starts its ACK timer', async () => {
    // An 83-byte Concert answer at 1200 baud: 0.69 s on the line (2.8 s at 300 baud).
    const { sender, receiver } = await pair(1200);
    const frame = new Uint8Array(83).fill(0x30);
    let got = 0;
    receiver.onData((c) => {
      got += c.length;
    });
    const t0 = performance.now();
    await sender.write(frame);
    const elapsedS = (performance.now() - t0) / 1000;
    expect(elapsedS).toBeGreaterThanOrEqual(lineSeconds(83, 1200) - 0.001);
    // Not long after it either: the write reports the end of the frame, not some later time.
    expect(elapsedS).toBeLessThan(lineSeconds(83, 1200) + 0.5);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBe(83);
  });

  it('serialises concurrent writes so frames never interleave', async () => {
    const { sender, receiver } = await pair(115200);
    const a = new Uint8Array(300).fill(0x41);
    const b = new Uint8Array(300).fill(0x42);
    const received = collect(receiver, 600);
    await Promise.all([sender.write(a), sender.write(b)]);
    const data = await received;
    expect(data.subarray(0, 300).every((x) => x === 0x41)).toBe(true);
    expect(data.subarray(300).every((x) => x === 0x42)).toBe(true);
  });

  it('rejects a baud rate that is not a positive integer', () => {
    expect(() => new PacedTransport(new SerialTransport({ path: '/nonexistent', baudRate: 9600 }), 0)).toThrow(/baud/);
  });
});
