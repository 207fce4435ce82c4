import { describe, expect, it } from 'vitest';
import type { DetectorOutput } from './burst-detector';
import { WedgeController } from './wedge-controller';

/** A manual clock + timer queue, so the test decides when time passes. */
function fakeTime() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimer: (h: unknown) => {
      timers.delete(h as number);
    },
    advanceTo(t: number) {
      for (;;) {
        const due = [...timers.entries()].filter(([, v]) => v.at <= t).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = t;
    },
    get pending() {
      return timers.size;
    },
  };
}

describe('WedgeController', () => {
  it('releases human keys when the timer fires, and reports scans on the suffix', () => {
    const time = fakeTime();
    const out: DetectorOutput[] = [];
    const w = new WedgeController({ onOutput: (o) => out.push(o), ...time });
    expect(w.keydown({ key: 'a', timeStamp: 0 })).toBe(true);
    expect(out).toEqual([]);
    expect(time.pending).toBe(1);
    time.advanceTo(100);
    expect(out).toEqual([{ type: 'text', text: 'a' }]);
    expect(time.pending).toBe(0);

    for (const [i, k] of [...'12345678'].entries()) {
      time.advanceTo(200 + i * 3);
      w.keydown({ key: k, timeStamp: 200 + i * 3 });
    }
    expect(w.keydown({ key: 'Enter', timeStamp: 224 })).toBe(true);
    expect(out.at(-1)).toMatchObject({ type: 'scan', code: '12345678', suffix: 'Enter' });
    expect(time.pending).toBe(0);
  });

  it('a suffix-less scan completes on the end timeout', () => {
    const time = fakeTime();
    const out: DetectorOutput[] = [];
    const w = new WedgeController({ onOutput: (o) => out.push(o), detector: { endTimeoutMs: 150 }, ...time });
    for (const [i, k] of [...'ABCDEF'].entries()) w.keydown({ key: k, timeStamp: i * 2 });
    time.advanceTo(100);
    expect(out).toEqual([]);
    time.advanceTo(1000);
    expect(out).toMatchObject([{ type: 'scan', code: 'ABCDEF', suffix: null }]);
  });

  it('blur releases held keys as text; a throwing handler does not stall the rest', () => {
    const time = fakeTime();
    const out: string[] = [];
    const errors: unknown[] = [];
    const w = new WedgeController({
      onOutput: (o) => {
        if (o.type === 'text' && o.text === 'b') throw new Error('ui bug');
        out.push(o.type === 'key' ? o.key : o.type === 'text' ? o.text : o.code);
      },
      onHandlerError: (e) => errors.push(e),
      ...time,
    });
    w.keydown({ key: 'x', timeStamp: 0 });
    w.blur();
    expect(out).toEqual(['x']);
    expect(time.pending).toBe(0);
    w.keydown({ key: 'b', timeStamp: 500 });
    expect(w.keydown({ key: 'F2', timeStamp: 510 })).toBe(false); // releases 'b' (throws), then F2
    expect(out).toEqual(['x', 'F2']);
    expect(errors).toMatchObject([{ message: 'ui bug' }]);
    w.dispose();
  });
});
