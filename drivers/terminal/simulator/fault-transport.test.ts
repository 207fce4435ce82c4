import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPair, type MemoryTransport } from '../../transport/memory';
import { FaultTransport } from './fault-transport';

const FRAME = Uint8Array.from([0x02, 0x00, 0x05, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x03, 0x0c]);
const HEARTBEAT = Buffer.from('55aa000000000000cc33', 'hex');

let pair: [MemoryTransport, MemoryTransport];
afterEach(async () => {
  await Promise.all(pair.map((t) => t.close()));
});

async function setup() {
  pair = createMemoryPair('faults');
  const [device, host] = pair;
  await device.open();
  await host.open();
  const faulty = new FaultTransport(device);
  const seen: Buffer[] = [];
  host.onData((c) => seen.push(c));
  const settle = () => new Promise((r) => setTimeout(r, 20));
  return { faulty, host, seen, settle };
}

describe('FaultTransport', () => {
  it('flips one middle byte for badChecksum, once', async () => {
    const { faulty, seen, settle } = await setup();
    faulty.armWrite('badChecksum');
    await faulty.write(FRAME);
    await faulty.write(FRAME);
    await settle();
    const expected = Buffer.from(FRAME);
    expected[6] = 0x35; // 0x34 ^ 0x01
    expect(seen).toEqual([expected, Buffer.from(FRAME)]);
    expect(faulty.applied).toEqual(['badChecksum']);
  });

  it('cuts, prefixes and doubles frames; leaves control bytes alone', async () => {
    const { faulty, seen, settle } = await setup();
    faulty.armWrite('truncatedFrame');
    faulty.armWrite('strayBytes');
    faulty.armWrite('duplicateFrames');
    await faulty.write(Uint8Array.of(0x06)); // an ACK passes untouched and keeps the faults armed
    await faulty.write(FRAME);
    await faulty.write(FRAME);
    await faulty.write(FRAME);
    await settle();
    expect(Buffer.concat(seen).toString('hex')).toBe(
      `06${Buffer.from(FRAME.subarray(0, 6)).toString('hex')}0000${Buffer.from(FRAME).toString('hex').repeat(3)}`,
    );
  });

  it('drops heartbeats while asked and cuts incoming frames for a NAK storm', async () => {
    const { faulty, host, seen, settle } = await setup();
    faulty.dropHeartbeats = true;
    await faulty.write(HEARTBEAT);
    faulty.dropHeartbeats = false;
    await faulty.write(HEARTBEAT);
    const received: Buffer[] = [];
    faulty.onData((c) => received.push(c));
    faulty.armIncoming(1);
    await host.write(FRAME);
    await host.write(FRAME);
    await settle();
    expect(seen).toEqual([HEARTBEAT]);
    expect(received).toEqual([Buffer.from(FRAME.subarray(0, 6)), Buffer.from(FRAME)]);
  });
});
