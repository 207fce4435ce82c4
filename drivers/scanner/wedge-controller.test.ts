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
    /** The page was busy until `t`: the clock moves, no timer has run yet. */
    jump(t: number) {
      now = t;
    },
    /** Runs the earliest due timer only (the page's next task). */
    runNext() {
      const due = [...timers.entries()].filter(([, v]) => v.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) return false;
      timers.delete(due[0]);
      due[1].fn();
      return true;
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

  it('keys stamped 3 ms apart that reach the page late and in two lumps stay one scan', () => {
    // The OS stamps each key as the gun sends it; a busy browser hands the page the first seven
    // 40 ms late and the rest after a further 90 ms pause. Judged on stamps alone, the 100 ms
    // end timeout passed before the rest arrived and the scan split in two (a CI e2e did).
    const time = fakeTime();
    const out: DetectorOutput[] = [];
    const w = new WedgeController({ onOutput: (o) => out.push(o), ...time });
    const keys = [...'6901234000122', 'Enter'];
    keys.forEach((key, i) => {
      const arrival = i < 7 ? 40 + i * 3 : 150 + (i - 7) * 3;
      time.advanceTo(arrival);
      w.keydown({ key, timeStamp: i * 3 });
    });
    expect(out).toMatchObject([{ type: 'scan', code: '6901234000122', suffix: 'Enter' }]);
  });

  it('a timer that fires late lets queued keys arrive before it decides', () => {
    const time = fakeTime();
    const out: DetectorOutput[] = [];
    const w = new WedgeController({ onOutput: (o) => out.push(o), ...time });
    w.keydown({ key: 'a', timeStamp: 0 });
    time.jump(80); // the page was busy: the 35 ms timer is 45 ms late, and 'b' waits in the queue
    expect(time.runNext()).toBe(true);
    expect(out).toEqual([]); // it yielded instead of releasing 'a' alone
    w.keydown({ key: 'b', timeStamp: 10 });
    time.advanceTo(200);
    expect(out).toEqual([{ type: 'text', text: 'ab' }]);
    expect(time.pending).toBe(0);
  });
});
