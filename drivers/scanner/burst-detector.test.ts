import { describe, expect, it } from 'vitest';
import { BurstDetector, type DetectorOutput, isPrintableKey } from './burst-detector';

/** A key event in a synthetic session. */
interface Ev {
  key: string;
  at: number;
  repeat?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
}

/** Keys of `text` starting at `start`, `gap` ms apart, optionally followed by a suffix. */
function typed(text: string, start: number, gap: number, suffix?: string): Ev[] {
  const evs = [...text].map((key, i) => ({ key, at: start + i * gap }));
  if (suffix !== undefined) evs.push({ key: suffix, at: start + text.length * gap });
  return evs;
}

/**
 * Play a session the way the renderer would: key() per event, tick() at every deadline
 * that passes between events, and a final tick far in the future.
 */
function play(d: BurstDetector, evs: Ev[], extraTicks: number[] = []) {
  const out: DetectorOutput[] = [];
  const swallowed: boolean[] = [];
  const ticks = [...extraTicks].sort((a, b) => a - b);
  for (const e of evs) {
    for (;;) {
      const dl = d.nextDeadline();
      const t = ticks[0];
      if (t !== undefined && t < e.at && (dl === null || t < dl)) {
        out.push(...d.tick(t));
        ticks.shift();
      } else if (dl !== null && dl < e.at) {
        out.push(...d.tick(dl));
      } else break;
    }
    const r = d.key(e.key, e.at, { repeat: e.repeat, ctrlKey: e.ctrlKey, altKey: e.altKey });
    swallowed.push(r.swallow);
    out.push(...r.out);
  }
  const end = (evs.at(-1)?.at ?? 0) + 10_000;
  out.push(...d.tick(end));
  return { out, swallowed };
}

const scanCodes = (out: DetectorOutput[]) => out.flatMap((o) => (o.type === 'scan' ? [o.code] : []));
const texts = (out: DetectorOutput[]) => out.flatMap((o) => (o.type === 'text' ? [o.text] : []));
const summary = (out: DetectorOutput[]) =>
  out.map((o) => (o.type === 'scan' ? `scan:${o.code}:${o.suffix}` : o.type === 'text' ? `text:${o.text}` : `key:${o.key}`));

describe('BurstDetector: scanners', () => {
  it('a 3 ms/key burst ending in Enter is one scan, fully swallowed', () => {
    const d = new BurstDetector();
    const { out, swallowed } = play(d, typed('6901234567892', 1000, 3, 'Enter'));
    expect(out).toEqual([
      {
        type: 'scan',
        code: '6901234567892',
        durationMs: 39,
        interKeyMs: Array.from({ length: 13 }, () => 3),
        suffix: 'Enter',
      },
    ]);
    expect(swallowed.every((s) => s)).toBe(true);
    expect(d.pending).toBe(0);
  });

  it('the scan is reported at the suffix, without waiting for a tick', () => {
    const d = new BurstDetector();
    const evs = typed('12345678', 0, 3);
    for (const e of evs) expect(d.key(e.key, e.at).out).toEqual([]);
    const r = d.key('Enter', 24);
    expect(r.swallow).toBe(true);
    expect(summary(r.out)).toEqual(['scan:12345678:Enter']);
  });

  it('Tab as a configured suffix', () => {
    const d = new BurstDetector({ suffixes: ['Tab'] });
    const { out, swallowed } = play(d, typed('ABC-123', 0, 4, 'Tab'));
    expect(summary(out)).toEqual(['scan:ABC-123:Tab']);
    expect(swallowed.at(-1)).toBe(true);
  });

  it('Tab is not a suffix unless configured: the burst ends as a scan and Tab passes', () => {
    const d = new BurstDetector();
    const { out, swallowed } = play(d, typed('ABC-123', 0, 4, 'Tab'));
    expect(summary(out)).toEqual(['scan:ABC-123:null', 'key:Tab']);
    expect(swallowed.at(-1)).toBe(false);
  });

  it('a burst without a suffix ends by timeout and is still a scan', () => {
    const d = new BurstDetector({ endTimeoutMs: 120 });
    for (const e of typed('5901234123457', 0, 3)) d.key(e.key, e.at);
    const lastAt = 36;
    expect(d.nextDeadline()).toBe(lastAt + 120);
    expect(d.tick(lastAt + 50)).toEqual([]); // past maxInterKeyMs but still waiting for a suffix
    expect(d.tick(lastAt + 119)).toEqual([]);
    const out = d.tick(lastAt + 120);
    expect(summary(out)).toEqual(['scan:5901234123457:null']);
    expect(out[0]?.type === 'scan' && out[0].durationMs).toBe(36);
    expect(d.nextDeadline()).toBeNull();
  });

  it('a suffix arriving after a pause (intercode delay) still closes the scan', () => {
    const d = new BurstDetector();
    for (const e of typed('12345678', 0, 3)) d.key(e.key, e.at);
    const r = d.key('Enter', 21 + 60);
    expect(summary(r.out)).toEqual(['scan:12345678:Enter']);
    expect(r.swallow).toBe(true);
  });

  it('two scans back to back (Enter suffix) are two scans', () => {
    const d = new BurstDetector();
    const evs = [...typed('11112222', 0, 3, 'Enter'), ...typed('33334444', 30, 3, 'Enter')];
    const { out } = play(d, evs);
    expect(summary(out)).toEqual(['scan:11112222:Enter', 'scan:33334444:Enter']);
  });

  it('two suffix-less scans separated by more than maxInterKeyMs are two scans', () => {
    const d = new BurstDetector();
    const evs = [...typed('11112222', 0, 3), ...typed('33334444', 21 + 50, 3)];
    const { out } = play(d, evs);
    expect(summary(out)).toEqual(['scan:11112222:null', 'scan:33334444:null']);
  });

  it('interleaved tick() calls during a burst release nothing', () => {
    const d = new BurstDetector();
    const ticks = [1, 2, 4.5, 10, 10, 20, 33];
    const { out } = play(d, typed('ABCDEFGHIJK', 0, 3, 'Enter'), ticks);
    expect(summary(out)).toEqual(['scan:ABCDEFGHIJK:Enter']);
  });

  it('modifier keys mid-burst (Shift for capitals) are ignored and not swallowed', () => {
    const d = new BurstDetector();
    const evs: Ev[] = [
      { key: 'Shift', at: 0 },
      { key: 'A', at: 1 },
      { key: 'Shift', at: 3 },
      { key: 'B', at: 4 },
      { key: '1', at: 7 },
      { key: 'Shift', at: 9 },
      { key: 'C', at: 10 },
      { key: '2', at: 13 },
      { key: 'Enter', at: 16 },
    ];
    const { out, swallowed } = play(d, evs);
    expect(summary(out)).toEqual(['scan:AB1C2:Enter']);
    expect(swallowed).toEqual([false, true, false, true, true, false, true, true, true]);
  });

  it('AltGr characters (Ctrl+Alt on Windows) are characters, not shortcuts', () => {
    const d = new BurstDetector();
    const evs: Ev[] = [
      ...typed('AB', 0, 3),
      { key: '@', at: 6, ctrlKey: true, altKey: true },
      ...typed('CD', 9, 3, 'Enter'),
    ];
    expect(summary(play(d, evs).out)).toEqual(['scan:AB@CD:Enter']);
  });
});

describe('BurstDetector: humans', () => {
  it('typing at 80-200 ms/key reaches the input as text, key by key, delayed only by the threshold', () => {
    const d = new BurstDetector();
    const gaps = [0, 80, 200, 120, 95, 150];
    let t = 0;
    const evs: Ev[] = [...'hello!'].map((key, i) => {
      t += gaps[i] ?? 0;
      return { key, at: t };
    });
    const { out, swallowed } = play(d, evs);
    expect(out).toEqual([...'hello!'].map((text) => ({ type: 'text', text })));
    expect(swallowed.every((s) => s)).toBe(true);
  });

  it('each held key is released exactly at its deadline', () => {
    const d = new BurstDetector();
    d.key('x', 100);
    expect(d.nextDeadline()).toBe(135);
    expect(d.tick(134.9)).toEqual([]);
    expect(d.tick(135)).toEqual([{ type: 'text', text: 'x' }]);
    expect(d.tick(136)).toEqual([]);
  });

  it('a fast human pair (2 keys 20 ms apart) is typing, released together', () => {
    const d = new BurstDetector();
    const { out } = play(d, typed('ab', 0, 20));
    expect(out).toEqual([{ type: 'text', text: 'ab' }]);
  });

  it('three fast keys are still below minLength: text', () => {
    const d = new BurstDetector();
    const { out } = play(d, typed('abc', 0, 10));
    expect(summary(out)).toEqual(['text:abc']);
  });

  it('human Enter after typing: text first, then the Enter key passes through', () => {
    const d = new BurstDetector();
    const evs: Ev[] = [...typed('12', 0, 150), { key: 'Enter', at: 400 }];
    const { out, swallowed } = play(d, evs);
    expect(summary(out)).toEqual(['text:1', 'text:2', 'key:Enter']);
    expect(swallowed).toEqual([true, true, false]);
  });

  it('human Enter right after a key (within the threshold) still yields text then Enter', () => {
    const d = new BurstDetector();
    d.key('7', 0);
    const r = d.key('Enter', 20);
    expect(r.swallow).toBe(false);
    expect(summary(r.out)).toEqual(['text:7', 'key:Enter']);
  });

  it('non-printable keys (F2, Backspace, arrows) pass through in order', () => {
    const d = new BurstDetector();
    d.key('a', 0);
    const r = d.key('Backspace', 10);
    expect(r).toEqual({ swallow: false, out: [{ type: 'text', text: 'a' }, { type: 'key', key: 'Backspace' }] });
    expect(d.key('F2', 500)).toEqual({ swallow: false, out: [{ type: 'key', key: 'F2' }] });
  });

  it('a held-down key (auto-repeat at 30 ms) is typing, not a scan', () => {
    const d = new BurstDetector();
    const evs: Ev[] = [{ key: '0', at: 0 }, ...[500, 530, 560, 590, 620].map((at) => ({ key: '0', at, repeat: true }))];
    const { out } = play(d, evs);
    expect(scanCodes(out)).toEqual([]);
    expect(texts(out).join('')).toBe('000000');
  });

  it('Ctrl+V and other chords are not characters and end a burst', () => {
    const d = new BurstDetector();
    d.key('a', 0);
    const r = d.key('v', 5, { ctrlKey: true });
    expect(r).toEqual({ swallow: false, out: [{ type: 'text', text: 'a' }, { type: 'key', key: 'v' }] });
  });
});

describe('BurstDetector: mixed', () => {
  it('a scan 50 ms after typing: the typed text, then the scan', () => {
    const d = new BurstDetector();
    const evs = [...typed('qty', 0, 120), ...typed('6901234567892', 290, 3, 'Enter')];
    const { out } = play(d, evs);
    expect(summary(out)).toEqual(['text:q', 'text:t', 'text:y', 'scan:6901234567892:Enter']);
  });

  it('a scan 20 ms after a typed key: the straggler is split off as text', () => {
    const d = new BurstDetector();
    const evs = [...typed('ab', 0, 150), ...typed('6901234567892', 170, 3, 'Enter')];
    const { out } = play(d, evs);
    expect(summary(out)).toEqual(['text:a', 'text:b', 'scan:6901234567892:Enter']);
    const scan = out.at(-1);
    expect(scan?.type === 'scan' && scan.interKeyMs.every((g) => g === 3)).toBe(true);
  });

  it('typing right after a suffix-less scan closes the scan and starts new text', () => {
    const d = new BurstDetector();
    const evs = [...typed('12345678', 0, 3), { key: 'x', at: 21 + 60 }];
    const { out } = play(d, evs);
    expect(summary(out)).toEqual(['scan:12345678:null', 'text:x']);
  });

  it('reset() drops held keys and returns them', () => {
    const d = new BurstDetector();
    d.key('a', 0);
    d.key('b', 3);
    expect(d.reset()).toBe('ab');
    expect(d.pending).toBe(0);
    expect(d.tick(1000)).toEqual([]);
  });

  it('rejects nonsense options', () => {
    expect(() => new BurstDetector({ maxInterKeyMs: 0 })).toThrow(/maxInterKeyMs/);
    expect(() => new BurstDetector({ minLength: 1 })).toThrow(/minLength/);
    expect(() => new BurstDetector({ endTimeoutMs: 10, maxInterKeyMs: 35 })).toThrow(/endTimeoutMs/);
    expect(() => new BurstDetector({ maxInterKeyMs: Number.NaN })).toThrow(TypeError);
  });

  it('isPrintableKey', () => {
    for (const k of ['a', 'Z', '0', ' ', '@', 'é', '中', '😀']) expect(isPrintableKey(k), k).toBe(true);
    for (const k of ['Enter', 'Tab', 'Shift', 'F2', 'ArrowLeft', '', '\u0007', 'Unidentified'])
      expect(isPrintableKey(k), k).toBe(false);
  });
});
