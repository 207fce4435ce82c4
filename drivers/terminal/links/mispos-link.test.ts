import { afterEach, describe, expect, it } from 'vitest';
import { hasSocat } from '../../transport/pty-pair';
import { fromHex, toHex } from '../codecs/codec';
import { createMisPosDecoder, encodeMisPos, type MisPosFrame } from '../codecs/mispos';
import { withFaults } from './fault-injector';
import { eventsOf, type LinkKit, openPair, type PairKind, waitFor } from './link-test-kit';
import { createMisPosLink } from './mispos-link';
import { replayTranscript, Transcript } from './transcript';

/** Fast timers for tests; the protocol logic is the same as with the 1 s defaults. */
const FAST = { ackTimeoutMs: 150, interByteTimeoutMs: 60, duplicateWindowMs: 2_000 };
const REQUEST: MisPosFrame = { data: fromHex('DF 01 02 30 30 DF 02 02 30 31 DF 03 0C 30 30 30 30 30 30 30 31 32 33 34 35') };
const REPLY: MisPosFrame = { data: fromHex('DF 10 02 30 30 DF 19 06 30 30 30 31 32 33') };

const kits: LinkKit[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.close();
});

async function pair(kind: PairKind): Promise<LinkKit> {
  const k = await openPair(kind);
  kits.push(k);
  return k;
}

const kinds: PairKind[] = hasSocat() ? ['memory', 'pty'] : ['memory'];

describe.each(kinds)('MIS-POS link over %s', (kind) => {
  it('request, ACK, reply, ACK: both sides deliver exactly once', async () => {
    const k = await pair(kind);
    const host = createMisPosLink(k.a, FAST);
    const device = createMisPosLink(k.b, FAST);
    const atDevice: MisPosFrame[] = [];
    const atHost: MisPosFrame[] = [];
    device.onMessage((m) => {
      atDevice.push(m);
      void device.send(REPLY);
    });
    host.onMessage((m) => atHost.push(m));
    const hostEvents = eventsOf(host);
    await host.send(REQUEST);
    await waitFor(host, () => atHost.length === 1, 5_000, 'reply');
    expect(atDevice).toEqual([REQUEST]);
    expect(atHost).toEqual([REPLY]);
    // ACK and reply may arrive in one chunk, so their order among events may vary.
    expect(hostEvents.types().sort()).toEqual(['ack', 'sent-ack']);
  });

  it('a corrupted frame is NAKed and retransmitted, then delivered once', async () => {
    const k = await pair(kind);
    const corruptFirst = withFaults(k.a, (bytes, i) => {
      if (i !== 0) return 'pass';
      const bad = Uint8Array.from(bytes);
      bad[bad.length - 1] ^= 0x5a; // break the LRC
      return { replace: bad };
    });
    const host = createMisPosLink(corruptFirst, FAST);
    const device = createMisPosLink(k.b, FAST);
    const got: MisPosFrame[] = [];
    device.onMessage((m) => got.push(m));
    const hostEvents = eventsOf(host);
    const deviceEvents = eventsOf(device);
    await host.send(REQUEST);
    expect(hostEvents.types()).toEqual(['nak', 'retransmit', 'ack']);
    expect(deviceEvents.types()).toContain('sent-nak');
    expect(deviceEvents.all.find((e) => e.type === 'decode-error')?.code).toBe('BAD_CHECKSUM');
    await waitFor(device, () => got.length === 1);
    expect(got).toEqual([REQUEST]);
  });

  it('a lost ACK: the sender times out and resends; the receiver ACKs again but delivers once', async () => {
    const k = await pair(kind);
    let dropped = false;
    const loseFirstAck = withFaults(k.b, (bytes) => {
      if (!dropped && bytes.length === 1 && bytes[0] === 0x06) {
        dropped = true;
        return 'drop';
      }
      return 'pass';
    });
    const host = createMisPosLink(k.a, FAST);
    const device = createMisPosLink(loseFirstAck, FAST);
    const got: MisPosFrame[] = [];
    device.onMessage((m) => got.push(m));
    const hostEvents = eventsOf(host);
    const deviceEvents = eventsOf(device);
    await host.send(REQUEST);
    expect(hostEvents.types()).toEqual(['timeout', 'retransmit', 'ack']);
    await waitFor(device, () => deviceEvents.count('duplicate') === 1, 5_000, 'duplicate');
    expect(got).toEqual([REQUEST]);
  });

  it('a peer that never answers: 4 tries, then EOT and NO_ACK', async () => {
    const k = await pair(kind);
    const host = createMisPosLink(k.a, { ...FAST, ackTimeoutMs: 60 });
    const seen: number[] = [];
    k.b.onData((c) => seen.push(...c));
    const err = await host.send(REQUEST).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'LinkError', code: 'NO_ACK' });
    const frame = encodeMisPos(REQUEST);
    await waitFor(host, () => seen.length === frame.length * 4 + 1, 5_000, 'EOT on the line');
    expect(seen.at(-1)).toBe(0x04);
  });

  it('NAK on every try: REJECTED after 4 tries, then EOT', async () => {
    const k = await pair(kind);
    const host = createMisPosLink(k.a, FAST);
    const seen: number[] = [];
    k.b.onData((c) => {
      seen.push(...c);
      if (c.includes(0x03)) void k.b.write(Uint8Array.of(0x15));
    });
    const err = await host.send(REQUEST).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REJECTED' });
    await waitFor(host, () => seen.at(-1) === 0x04, 5_000, 'EOT');
  });

  it('answers a bad-checksum frame from the peer with NAK and a good one with ACK', async () => {
    const k = await pair(kind);
    const device = createMisPosLink(k.b, FAST);
    const answers: number[] = [];
    k.a.onData((c) => answers.push(...c));
    const good = encodeMisPos(REPLY);
    const bad = Uint8Array.from(good);
    bad[4] ^= 0x01;
    await k.a.write(bad);
    await waitFor(device, () => answers.length === 1, 5_000, 'NAK');
    await k.a.write(good);
    await waitFor(device, () => answers.length === 2, 5_000, 'ACK');
    expect(answers).toEqual([0x15, 0x06]);
  });
});

describe('MIS-POS link: repeats and implicit ACK (memory pair)', () => {
  it('the same request again after our reply is a new request, delivered again', async () => {
    const k = await pair('memory');
    const host = createMisPosLink(k.a, FAST);
    const device = createMisPosLink(k.b, FAST);
    let requests = 0;
    device.onMessage(() => {
      requests++;
      void device.send(REPLY);
    });
    let replies = 0;
    host.onMessage(() => replies++);
    for (let i = 1; i <= 3; i++) {
      await host.send(REQUEST);
      await waitFor(host, () => replies === i, 5_000, `reply ${i}`);
    }
    expect(requests).toBe(3);
  });

  it('a peer that answers with its reply instead of an ACK: the reply counts as the ACK', async () => {
    const k = await pair('memory');
    const host = createMisPosLink(k.a, { ...FAST, ackTimeoutMs: 2_000 });
    const ev = eventsOf(host);
    k.b.onData((c) => {
      if (c[0] === 0x02) void k.b.write(encodeMisPos(REPLY)); // no 06 first
    });
    const got: MisPosFrame[] = [];
    host.onMessage((m) => got.push(m));
    await host.send(REQUEST);
    expect(got).toEqual([REPLY]);
    expect(ev.all.find((e) => e.type === 'ack')?.message).toMatch(/taken as the ACK/);
    expect(ev.count('retransmit')).toBe(0);
  });
});

describe('MIS-POS link transcript', () => {
  it('records every byte both ways with what it decoded to, and replays', async () => {
    const k = await pair('memory');
    const host = createMisPosLink(k.a, FAST);
    const device = createMisPosLink(k.b, FAST);
    device.onMessage(() => void device.send(REPLY));
    const t = new Transcript();
    t.attach(host, 'host');
    const got: MisPosFrame[] = [];
    host.onMessage((m) => got.push(m));
    await host.send(REQUEST);
    await waitFor(host, () => got.length === 1 && t.entries.length >= 4, 5_000, 'transcript');
    const dirs = t.entries.map((e) => e.dir);
    expect(dirs).toEqual(['tx', 'rx', 'rx', 'tx']);
    expect(t.entries[0]?.bytes).toBe(toHex(encodeMisPos(REQUEST)));
    expect(t.entries[1]?.decoded).toEqual(['ACK']);
    expect(t.entries[3]?.bytes).toBe('06');
    const lines = t.toJsonLines().trim().split('\n');
    expect(lines).toHaveLength(4);
    const replayed = replayTranscript(t.entries, createMisPosDecoder());
    expect(replayed.map((e) => e.type)).toEqual(['control', 'frame']);
  });
});
