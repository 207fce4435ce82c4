import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './reconnect-backoff';
import { ManualClock } from './clock';
import type { DeviceDescriptor } from './descriptor';
import type { DiscoveryResult } from './discovery';
import { Hotplug } from './hotplug';

const dev = (id: string): DeviceDescriptor => ({ id, connection: 'usb', kind: 'printer', name: id });

function rig(interval = 1000, removeAfter = 2000) {
  const clock = new ManualClock(1_000_000);
  let current: DiscoveryResult = { devices: [], problems: [] };
  const events: string[] = [];
  const h = new Hotplug({ clock, intervalMs: interval, removeAfterMs: removeAfter, discover: async () => current });
  h.onAdded((d) => events.push(`+${d.id}`));
  h.onRemoved((d, why) => events.push(`-${d.id} (${why})`));
  h.onProblems((p) => events.push(`problems: ${p.map((x) => x.message).join(',')}`));
  return { clock, h, events, set: (r: Partial<DiscoveryResult>) => (current = { devices: [], problems: [], ...r }) };
}

describe('Hotplug', () => {
  it('reports additions at once and removals only after the debounce', async () => {
    const { clock, h, events, set } = rig();
    set({ devices: [dev('a'), dev('b')] });
    await h.start();
    expect(events).toEqual(['+a', '+b']);
    set({ devices: [dev('a')] });
    await clock.advance(1000); // b missing 0 ms
    await clock.advance(1000); // 1000 ms
    expect(events).toEqual(['+a', '+b']);
    await clock.advance(1000); // 2000 ms: gone
    expect(events).toEqual(['+a', '+b', '-b (not seen for 2000 ms)']);
    expect(h.present().map((d) => d.id)).toEqual(['a']);
    h.stop();
    expect(clock.pending).toBe(0);
  });

  it('a flapping device is never reported', async () => {
    const { clock, h, events, set } = rig();
    set({ devices: [dev('a')] });
    await h.start();
    for (let i = 0; i < 6; i++) {
      set({ devices: i % 2 === 0 ? [] : [dev('a')] });
      await clock.advance(1000);
    }
    expect(events).toEqual(['+a']);
    h.stop();
  });

  it('problems are reported when they change, not every poll', async () => {
    const { clock, h, events, set } = rig();
    set({ problems: [{ source: 'usb', message: 'no USB bus' }] });
    await h.start();
    await clock.advance(3000);
    set({});
    await clock.advance(1000);
    expect(events).toEqual(['problems: no USB bus', 'problems: ']);
    h.stop();
  });

  it('a discovery that throws keeps the devices and reports the failure', async () => {
    const clock = new ManualClock();
    let fail = false;
    const events: string[] = [];
    const h = new Hotplug({ clock, intervalMs: 1000, removeAfterMs: 1000, discover: async () => {
      if (fail) throw new Error('boom');
      return { devices: [dev('a')], problems: [] };
    } });
    h.onRemoved((d) => events.push(`-${d.id}`));
    h.onProblems((p) => events.push(p.map((x) => x.message).join()));
    await h.start();
    fail = true;
    await clock.advance(5000);
    expect(events).toEqual(['discovery failed: boom']);
    h.stop();
  });
});

describe('backoff', () => {
  it('doubles from 500 ms up to 30 s', () => {
    expect([0, 1, 2, 3, 5, 6, 10].map((n) => reconnectDelay(n))).toEqual([500, 1000, 2000, 4000, 16000, 30000, 30000]);
    expect(reconnectDelay(2, { baseMs: 10, maxMs: 100, factor: 3 })).toBe(90);
  });
});
