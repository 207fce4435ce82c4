import { afterEach, describe, expect, it } from 'vitest';
import { hasSocat } from '../../transport/pty-pair';
import { fromHex } from '../codecs/codec';
import type { SmartPosFrame } from '../codecs/smartpos-55aa';
import { withFaults } from './fault-injector';
import { eventsOf, type LinkKit, openPair, type PairKind, waitFor } from './link-test-kit';
import { createSmartPosLink, type SmartPosLinkOptions } from './smartpos-link';

/** Fast protocol timers: heartbeat every 40 ms instead of 2 s, same logic. */
const FAST: Partial<SmartPosLinkOptions> = {
  ackTimeoutMs: 150,
  handshakeTimeoutMs: 150,
  ackDelayMs: 10,
  heartbeatIntervalMs: 40,
  missedHeartbeatsForDown: 3,
  interByteTimeoutMs: 60,
};

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

function sentFrames(link: { onTraffic: (cb: (t: { dir: string; decoded: unknown[] }) => void) => () => void }): SmartPosFrame[] {
  const out: SmartPosFrame[] = [];
  link.onTraffic((t) => {
    if (t.dir === 'tx') for (const d of t.decoded) out.push(d as SmartPosFrame);
  });
  return out;
}

describe.each(kinds)('55AA link over %s', (kind) => {
  it('handshakes, then carries data both ways with acks', async () => {
    const k = await pair(kind);
    const host = createSmartPosLink(k.a, { ...FAST, role: 'host', watchHeartbeats: false });
    const device = createSmartPosLink(k.b, { ...FAST, role: 'device', sendHeartbeats: false });
    const hostEvents = eventsOf(host);
    const atDevice: Uint8Array[] = [];
    const atHost: Uint8Array[] = [];
    device.onMessage((m) => {
      atDevice.push(m);
      void device.send(fromHex('7b 7d'));
    });
    host.onMessage((m) => atHost.push(m));
    const hostTx = sentFrames(host);
    await host.send(fromHex('01 02 03'));
    await waitFor(host, () => atHost.length === 1, 5_000, 'reply');
    expect(atDevice).toEqual([fromHex('01 02 03')]);
    expect(atHost).toEqual([fromHex('7b 7d')]);
    expect(hostEvents.types().slice(0, 2)).toEqual(['link-up', 'ack']);
    expect(hostTx[0]?.type).toBe(1); // handshake first
    expect(hostTx[1]).toMatchObject({ type: 0, msgId: 1, ack: 0 });
    // The host acks the device's msgId 1 with a bare ack frame.
    await waitFor(host, () => hostTx.length === 3, 5_000, 'bare ack');
    expect(hostTx[2]).toMatchObject({ type: 0, msgId: 0, ack: 1 });
  });

  it('piggy-backs the ack on the next data frame when one goes out in time', async () => {
    const k = await pair(kind);
    const host = createSmartPosLink(k.a, { ...FAST, role: 'host', watchHeartbeats: false });
    const device = createSmartPosLink(k.b, { ...FAST, role: 'device', sendHeartbeats: false, ackDelayMs: 1_000 });
    const deviceTx = sentFrames(device);
    device.onMessage(() => void device.send(fromHex('aa')));
    const got: Uint8Array[] = [];
    host.onMessage((m) => got.push(m));
    await host.send(fromHex('01'));
    await waitFor(host, () => got.length === 1);
    // Device's reply carries ack=1 for the host's msgId 1; no bare ack was needed.
    const data = deviceTx.filter((f) => f.type === 0);
    expect(data[0]).toMatchObject({ msgId: 1, ack: 1 });
  });

  it('retransmits an unacknowledged frame with the same id; a lost ack gives a duplicate delivered once', async () => {
    const k = await pair(kind);
    let dropAcks = 1;
    const lossyDevice = withFaults(k.b, (bytes) => {
      // Drop the device's first bare ack (msgId 0, ack != 0).
      if (dropAcks > 0 && bytes[2] === 0 && bytes[4] === 0 && bytes[3] !== 0) {
        dropAcks--;
        return 'drop';
      }
      return 'pass';
    });
    const host = createSmartPosLink(k.a, { ...FAST, role: 'host', watchHeartbeats: false });
    const device = createSmartPosLink(lossyDevice, { ...FAST, role: 'device', sendHeartbeats: false });
    const hostEvents = eventsOf(host);
    const deviceEvents = eventsOf(device);
    const got: Uint8Array[] = [];
    device.onMessage((m) => got.push(m));
    const hostTx = sentFrames(host);
    await host.send(fromHex('42'));
    expect(hostEvents.types()).toEqual(['link-up', 'timeout', 'retransmit', 'ack']);
    const data = hostTx.filter((f) => f.type === 0 && f.msgId !== 0);
    expect(data.map((f) => f.msgId)).toEqual([1, 1]);
    await waitFor(device, () => deviceEvents.count('duplicate') === 1);
    expect(got).toEqual([fromHex('42')]);
  });

  it('a frame with a bad checksum is reported and recovered by retransmission', async () => {
    const k = await pair(kind);
    let corrupt = true;
    const noisyHost = withFaults(k.a, (bytes) => {
      if (corrupt && bytes[2] === 0 && bytes[4] === 1) {
        corrupt = false;
        const bad = Uint8Array.from(bytes);
        bad[7] ^= 0x40;
        return { replace: bad };
      }
      return 'pass';
    });
    const host = createSmartPosLink(noisyHost, { ...FAST, role: 'host', watchHeartbeats: false });
    const device = createSmartPosLink(k.b, { ...FAST, role: 'device', sendHeartbeats: false });
    const deviceEvents = eventsOf(device);
    const got: Uint8Array[] = [];
    device.onMessage((m) => got.push(m));
    await host.send(fromHex('10 20 30'));
    await waitFor(device, () => got.length === 1);
    expect(got).toEqual([fromHex('10 20 30')]);
    expect(deviceEvents.all.find((e) => e.type === 'decode-error')?.code).toBe('BAD_CHECKSUM');
  });

  it('heartbeats keep the link up; losing them takes it down; send() re-handshakes', async () => {
    const k = await pair(kind);
    let silent = false;
    const device = createSmartPosLink(
      withFaults(k.b, () => (silent ? 'drop' : 'pass')),
      { ...FAST, role: 'device' },
    );
    const host = createSmartPosLink(k.a, { ...FAST, role: 'host' });
    const hostEvents = eventsOf(host);
    await host.handshake();
    await waitFor(host, () => hostEvents.count('heartbeat') >= 3, 5_000, 'heartbeats');
    expect(hostEvents.count('link-down')).toBe(0);
    silent = true;
    await waitFor(host, () => hostEvents.count('link-down') === 1, 5_000, 'link-down');
    // At least the configured 3 in a row (a heartbeat delayed by a loaded CI box may add one).
    expect(hostEvents.count('heartbeat-missed')).toBeGreaterThanOrEqual(3);
    expect(host.isUp).toBe(false);
    silent = false;
    const got: Uint8Array[] = [];
    device.onMessage((m) => got.push(m));
    await host.send(fromHex('99'));
    expect(host.isUp).toBe(true);
    expect(hostEvents.count('link-up')).toBe(2);
    await waitFor(device, () => got.length === 1);
  });
});

describe('55AA link ids', () => {
  it('message ids run 1..255 and wrap to 1, never 0', async () => {
    const k = await pair('memory');
    const host = createSmartPosLink(k.a, { ...FAST, role: 'host', watchHeartbeats: false, ackDelayMs: 0 });
    const device = createSmartPosLink(k.b, { ...FAST, role: 'device', sendHeartbeats: false, ackDelayMs: 0 });
    let count = 0;
    device.onMessage(() => count++);
    const hostTx = sentFrames(host);
    for (let i = 0; i < 257; i++) await host.send(Uint8Array.of(i & 0xff));
    const ids = hostTx.filter((f) => f.type === 0 && f.data.length > 0).map((f) => f.msgId);
    expect(ids.slice(253, 257)).toEqual([254, 255, 1, 2]);
    expect(ids).not.toContain(0);
    await waitFor(device, () => count === 257);
  });

  it('a device link refuses to send before the host handshakes', async () => {
    const k = await pair('memory');
    const device = createSmartPosLink(k.b, { ...FAST, role: 'device' });
    await expect(device.send(fromHex('01'))).rejects.toMatchObject({ code: 'LINK_DOWN' });
  });
});
