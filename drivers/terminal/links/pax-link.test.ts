import { afterEach, describe, expect, it } from 'vitest';
import { encodePosLink, type PosLinkFrame } from '../codecs/poslink';
import { eventsOf, type LinkKit, openPair, slowLine, waitFor } from './link-test-kit';
import { createPaxLink } from './pax-link';

const FAST = { ackTimeoutMs: 150, interByteTimeoutMs: 60 };
const SALE: PosLinkFrame = { command: 'T00', version: '1.35', fields: ['01', '1000'] };
const RESP: PosLinkFrame = { command: 'T01', version: '1.35', fields: ['000000', 'OK'] };

const kits: LinkKit[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.close();
});

describe('PAX POSLink link (memory pair)', () => {
  it('request and response, each ACKed', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pos = createPaxLink(k.a, FAST);
    const terminal = createPaxLink(k.b, FAST);
    terminal.onMessage(() => void terminal.send(RESP));
    const got: PosLinkFrame[] = [];
    pos.onMessage((m) => got.push(m));
    await pos.send(SALE);
    await waitFor(pos, () => got.length === 1);
    expect(got).toEqual([RESP]);
  });

  it('three NAKs: the 3rd becomes EOT and the send fails REJECTED', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pos = createPaxLink(k.a, FAST);
    const seen: number[] = [];
    let frames = 0;
    k.b.onData((c) => {
      seen.push(...c);
      if (c.includes(0x03)) {
        frames++;
        void k.b.write(Uint8Array.of(0x15));
      }
    });
    const ev = eventsOf(pos);
    await expect(pos.send(SALE)).rejects.toMatchObject({ code: 'REJECTED' });
    await waitFor(pos, () => seen.at(-1) === 0x04, 5_000, 'EOT');
    expect(frames).toBe(3);
    expect(seen.length).toBe(encodePosLink(SALE).length * 3 + 1);
    expect(ev.count('nak')).toBe(3);
  });

  it('the ACK timer starts when the frame has gone out: a slow line is not retransmitted', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pos = createPaxLink(slowLine(k.a, 250), { ...FAST, ackTimeoutMs: 100 });
    const terminal = createPaxLink(k.b, FAST);
    const got: PosLinkFrame[] = [];
    terminal.onMessage((m) => got.push(m));
    const ev = eventsOf(pos);
    await pos.send(SALE);
    expect(ev.count('retransmit')).toBe(0);
    expect(ev.count('timeout')).toBe(0);
    expect(got).toEqual([SALE]);
  });

  it('EOT while waiting for the ACK is an error (PEER_EOT)', async () => {
    const k = await openPair('memory');
    kits.push(k);
    const pos = createPaxLink(k.a, FAST);
    k.b.onData(() => void k.b.write(Uint8Array.of(0x04)));
    await expect(pos.send(SALE)).rejects.toMatchObject({ code: 'PEER_EOT' });
  });
});
