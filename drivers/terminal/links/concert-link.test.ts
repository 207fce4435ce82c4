import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../codecs/codec';
import { type ConcertMessage, type ConcertReply, type ConcertRequest, encodeConcert } from '../codecs/concert';
import { createConcertLink } from './concert-link';
import { withFaults } from './fault-injector';
import { eventsOf, type LinkKit, openPair, slowLine, waitFor } from './link-test-kit';
import { Transcript } from './transcript';

const FAST = { ackTimeoutMs: 150, interByteTimeoutMs: 60 };
const REQ: ConcertRequest = {
  kind: 'request',
  posNumber: '01',
  amountMinor: 1250,
  answerFlag: '1',
  mode: '1',
  type: '0',
  currency: '978',
  privateData: '          ',
  delay: 'A010',
  auth: 'B010',
};
const REPLY: ConcertReply = { kind: 'reply', posNumber: '01', status: '0', amountMinor: 1250, mode: '1', currency: '978', privateData: '0000000042' };

const kits: LinkKit[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.close();
});

describe('Concert session link (memory pair)', () => {
  it('ENQ/ACK/message/ACK/EOT in both directions', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pos = createConcertLink(k.a, FAST);
    const terminal = createConcertLink(k.b, FAST);
    const t = new Transcript();
    t.attach(pos, 'pos');
    const atTerminal: ConcertMessage[] = [];
    const atPos: ConcertMessage[] = [];
    terminal.onMessage((m) => {
      atTerminal.push(m);
      void terminal.send(REPLY);
    });
    pos.onMessage((m) => atPos.push(m));
    await pos.send(REQ);
    await waitFor(pos, () => atPos.length === 1 && t.entries.length >= 10, 5_000, 'reply session');
    expect(atTerminal).toEqual([REQ]);
    expect(atPos).toEqual([REPLY]);
    // What the POS put on the line and received, in order.
    const line = t.entries.map((e) => `${e.dir}:${e.bytes.length > 8 ? 'msg' : e.bytes}`);
    expect(line).toEqual(['tx:05', 'rx:06', 'tx:msg', 'rx:06', 'tx:04', 'rx:05', 'tx:06', 'rx:msg', 'tx:06', 'rx:04']);
    expect(t.entries[2]?.bytes).toBe(toHex(encodeConcert(REQ)));
  });

  it('a corrupted message is NAKed and sent again', async () => {
    const k = await openPair('memory');
    kits.push(k);
    let corrupt = true;
    const pos = createConcertLink(
      withFaults(k.a, (bytes) => {
        if (corrupt && bytes.length > 1) {
          corrupt = false;
          const bad = Uint8Array.from(bytes);
          bad[5] = 0x39;
          return { replace: bad };
        }
        return 'pass';
      }),
      FAST,
    );
    const terminal = createConcertLink(k.b, FAST);
    const got: ConcertMessage[] = [];
    terminal.onMessage((m) => got.push(m));
    const posEvents = eventsOf(pos);
    await pos.send(REQ);
    expect(posEvents.types()).toEqual(['ack', 'nak', 'retransmit', 'ack', 'eot']);
    await waitFor(terminal, () => got.length === 1);
    expect(got).toEqual([REQ]);
  });

  it('a silent terminal: ENQ tried 3 times, then EOT and NO_ACK', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pos = createConcertLink(k.a, { ...FAST, ackTimeoutMs: 40 });
    const seen: number[] = [];
    k.b.onData((c) => seen.push(...c));
    await expect(pos.send(REQ)).rejects.toMatchObject({ code: 'NO_ACK' });
    await waitFor(pos, () => seen.length === 4, 5_000, 'EOT');
    expect(seen).toEqual([0x05, 0x05, 0x05, 0x04]);
  });

  it('the ACK timer starts when the last byte has gone out: a slow line is not retransmitted', async () => {
    const k = await openPair('memory');
    kits.push(k);
    // Each write takes 2.5x the ACK timeout to go out, like an 83-byte answer at 300 baud (2.8 s vs 2 s).
    const pos = createConcertLink(slowLine(k.a, 250), { ...FAST, ackTimeoutMs: 100 });
    const terminal = createConcertLink(k.b, FAST);
    const got: ConcertMessage[] = [];
    terminal.onMessage((m) => got.push(m));
    const seen: number[] = [];
    k.b.onData((c) => seen.push(...c));
    const ev = eventsOf(pos);
    await pos.send(REQ);
    expect(ev.types()).toEqual(['ack', 'ack', 'eot']);
    await waitFor(terminal, () => seen.at(-1) === 0x04, 5_000, 'EOT');
    expect(seen.filter((b) => b === 0x05 || b === 0x02)).toEqual([0x05, 0x02]);
    expect(got).toEqual([REQ]);
  });

  it('a peer ENQ while we hold the line is answered with NAK', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pos = createConcertLink(k.a, { ...FAST, ackTimeoutMs: 100 });
    const answers: number[] = [];
    k.b.onData((c) => {
      answers.push(...c);
      if (c[0] === 0x05) void k.b.write(Uint8Array.of(0x05)); // collide: ENQ back instead of ACK
    });
    const ev = eventsOf(pos);
    await pos.send(REQ).catch(() => undefined);
    expect(ev.all.some((e) => e.type === 'enq' && /NAK/.test(e.message))).toBe(true);
    expect(answers).toContain(0x15);
  });
});
