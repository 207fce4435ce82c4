import { describe, expect, it } from 'vitest';
import { ByteLog, BYTE_LOG_CAPACITY, BYTE_LOG_HEX_BYTES, Ring, Timeline, TIMELINE_CAPACITY } from './doctor';

describe('device doctor records', () => {
  it('a ring keeps the newest entries and counts what it dropped', () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.list()).toEqual([3, 4, 5]);
    expect(r.dropped).toBe(2);
    expect(() => new Ring(0)).toThrow(/positive integer/);
  });

  it('the byte log keeps direction, time, real length and hex cut to a bound', () => {
    let now = 1000;
    const log = new ByteLog(() => now);
    log.record('out', Uint8Array.of(0x10, 0x04, 0x01));
    now = 1005;
    log.record('in', Uint8Array.of(0x12));
    log.record('out', new Uint8Array(BYTE_LOG_HEX_BYTES + 10));
    const [a, b, c] = log.list();
    expect(a).toEqual({ at: 1000, dir: 'out', length: 3, hex: '10 04 01' });
    expect(b).toEqual({ at: 1005, dir: 'in', length: 1, hex: '12' });
    expect(c?.length).toBe(BYTE_LOG_HEX_BYTES + 10);
    expect(c?.hex.endsWith('00 …')).toBe(true);
    expect(c?.hex.split(' ').length).toBe(BYTE_LOG_HEX_BYTES + 1);
    for (let i = 0; i < BYTE_LOG_CAPACITY; i++) log.record('in', Uint8Array.of(i & 0xff));
    expect(log.list()).toHaveLength(BYTE_LOG_CAPACITY);
    expect(log.dropped).toBe(3);
  });

  it('the timeline tells listeners and stays bounded', () => {
    const t = new Timeline('dev', () => 42);
    const seen: string[] = [];
    t.onEntry((e) => seen.push(`${e.kind}:${e.reason}`));
    t.add('added', 'plugged in');
    expect(seen).toEqual(['added:plugged in']);
    for (let i = 0; i < TIMELINE_CAPACITY + 5; i++) t.add('error', String(i));
    expect(t.list()).toHaveLength(TIMELINE_CAPACITY);
    expect(t.list()[0]).toEqual({ at: 42, deviceId: 'dev', kind: 'error', reason: '5' });
  });
});
