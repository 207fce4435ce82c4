import { describe, expect, it } from 'vitest';
import { BurstDetector } from './burst-detector';
import { analyzeCalibration, CALIBRATION_LABEL, editDistance, type RecordedKey } from './calibration';
import { LAYOUT_TABLES, type LayoutId, remapLayout, typeThroughLayout } from './keyboard-layouts';

/**
 * A synthetic scanner session: the scanner means `text` (US key positions); the PC's layout
 * turns each key into a character or a dead key. Shift keydowns precede capitals/symbols,
 * as a real wedge scanner sends them. Gaps cycle through `gaps`.
 */
function session(text: string, layout: LayoutId, opts: { gaps?: number[]; suffix?: string | null; start?: number } = {}): RecordedKey[] {
  const gaps = opts.gaps ?? [3, 4, 3, 5];
  const table = LAYOUT_TABLES[layout];
  const keys: RecordedKey[] = [];
  let t = opts.start ?? 1000;
  let i = 0;
  for (const c of text) {
    if (/[A-Z!@#$%^&*()_+{}|:"<>?~]/.test(c)) keys.push({ key: 'Shift', atMs: t - 1 });
    const shown = table[c] ?? c;
    keys.push({ key: shown === '' ? 'Dead' : shown, atMs: t });
    t += gaps[i++ % gaps.length] ?? 3;
  }
  const suffix = opts.suffix === undefined ? 'Enter' : opts.suffix;
  if (suffix !== null) keys.push({ key: suffix, atMs: t });
  return keys;
}

describe('calibration: layouts', () => {
  it('US scanner on a US PC: ok, no remap', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'us'));
    expect(r).toMatchObject({ ok: true, layout: 'us', distance: 0, suffix: 'Enter', aimPrefix: null, capsLockInverted: false });
    expect(r.recommended.remap).toBeNull();
    expect(r.problems).toEqual([]);
    expect(r.observed).toBe(CALIBRATION_LABEL);
  });

  it('UK layout: @ and " swap, # becomes £', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'uk'));
    expect(r.observed.startsWith('"!-_/£')).toBe(true);
    expect(r).toMatchObject({ ok: true, layout: 'uk', recommended: { remap: 'uk' } });
    expect(remapLayout(r.observed, 'uk')).toBe(CALIBRATION_LABEL);
    expect(r.problems[0]).toMatch(/UK \(QWERTY\) layout/);
  });

  it('AZERTY: digits arrive as &é"\'(-è_çà, letters a/q w/z swap; [ and { are dead keys', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'fr-azerty'));
    expect(r.observed.endsWith('à&é"\'(-è_ç')).toBe(true);
    expect(r.observed).toContain('qQwWaAzZyY,?');
    expect(r.layout).toBe('fr-azerty');
    expect(r.distance).toBe(0);
    expect(r.recommended.remap).toBe('fr-azerty');
    expect(r.problems.some((p) => p.includes('"["') && p.includes('dead keys'))).toBe(true);
    // Everything but the dead-key characters is recovered.
    expect(remapLayout(r.observed, 'fr-azerty')).toBe(CALIBRATION_LABEL.replace(/[[{]/g, ''));
  });

  it('field-notes "HA112 -> HA&&é": digits go wrong on AZERTY (letters too, when sent by key position)', () => {
    expect(typeThroughLayout('HA112', 'fr-azerty')).toBe('HQ&&é');
    expect(remapLayout('HQ&&é', 'fr-azerty')).toBe('HA112');
  });

  it('QWERTZ: y/z swap, symbols move', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'de-qwertz'));
    expect(r).toMatchObject({ ok: true, layout: 'de-qwertz', distance: 0 });
    expect(r.observed).toContain('aAyYqQwWzZmM');
    expect(remapLayout(r.observed, 'de-qwertz')).toBe(CALIBRATION_LABEL);
  });

  it('Caps Lock inverts letters', () => {
    const swapped = [...CALIBRATION_LABEL].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
    const r = analyzeCalibration(session(swapped, 'us'));
    expect(r).toMatchObject({ ok: false, layout: 'us', capsLockInverted: true });
    expect(r.problems.join(' ')).toMatch(/Caps Lock/);
  });

  it('a scan no layout explains is reported, not guessed', () => {
    const r = analyzeCalibration(session('hello world this is not the label', 'us'));
    expect(r).toMatchObject({ ok: false, layout: null, recommended: { remap: null } });
    expect(r.problems[0]).toMatch(/does not match the test label/);
  });

  it('one misread character: layout still found, distance reported', () => {
    const damaged = `${CALIBRATION_LABEL.slice(0, 20)}x${CALIBRATION_LABEL.slice(21)}`;
    const r = analyzeCalibration(session(damaged, 'de-qwertz'));
    expect(r).toMatchObject({ ok: false, layout: 'de-qwertz', distance: 1 });
  });

  it('remapLayout inverts typeThroughLayout for every printable ASCII key that is not dead', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
    for (const layout of ['us', 'uk', 'fr-azerty', 'de-qwertz'] as const) {
      const live = ascii.filter((c) => LAYOUT_TABLES[layout][c] !== '').join('');
      expect(remapLayout(typeThroughLayout(live, layout), layout), layout).toBe(live);
    }
  });
});

describe('calibration: suffix, prefix, timing', () => {
  it('no suffix: recommended Enter, end timeout, and a problem', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'us', { suffix: null }));
    expect(r).toMatchObject({ ok: false, suffix: null, recommended: { suffixes: ['Enter'] } });
    expect(r.problems.join(' ')).toMatch(/no Enter or Tab/);
  });

  it('Tab suffix is detected and recommended', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'us', { suffix: 'Tab' }));
    expect(r).toMatchObject({ ok: true, suffix: 'Tab', recommended: { suffixes: ['Tab'] } });
  });

  it('AIM prefix is detected and stripped', () => {
    const r = analyzeCalibration(session(`]C0${CALIBRATION_LABEL}`, 'us'));
    expect(r).toMatchObject({ ok: true, aimPrefix: ']C0', observed: CALIBRATION_LABEL });
  });

  it('timing statistics and a threshold with margin', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'us', { gaps: [2, 3, 3, 4, 12] }));
    expect(r.timing).toEqual({ samples: CALIBRATION_LABEL.length, p50: 3, p95: 12, max: 12 });
    expect(r.recommended.maxInterKeyMs).toBe(24);
    expect(r.recommended.endTimeoutMs).toBe(100);
  });

  it('a very fast scanner still gets the 20 ms floor', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'us', { gaps: [1] }));
    expect(r.timing.max).toBe(1);
    expect(r.recommended.maxInterKeyMs).toBe(20);
  });

  it('a scanner as slow as typing is flagged', () => {
    const r = analyzeCalibration(session(CALIBRATION_LABEL, 'us', { gaps: [40, 70] }));
    expect(r.timing.max).toBe(70);
    expect(r.recommended.maxInterKeyMs).toBe(80);
    expect(r.recommended.endTimeoutMs).toBe(240);
    expect(r.problems.join(' ')).toMatch(/as slow as typing/);
  });

  it('the recommended settings make the detector see the calibration scan as one scan', () => {
    const keys = session(CALIBRATION_LABEL, 'uk', { gaps: [5, 9, 14] });
    const r = analyzeCalibration(keys);
    const d = new BurstDetector({ ...r.recommended });
    const out = keys.flatMap((k) => d.key(k.key, k.atMs).out);
    expect(out).toHaveLength(1);
    const scan = out[0];
    expect(scan?.type === 'scan' && remapLayout(scan.code, r.recommended.remap ?? 'us')).toBe(CALIBRATION_LABEL);
  });

  it('nothing received', () => {
    const r = analyzeCalibration([{ key: 'Enter', atMs: 5 }]);
    expect(r).toMatchObject({ ok: false, observed: '', timing: { samples: 0 } });
    expect(r.problems[0]).toMatch(/No characters/);
  });

  it('editDistance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('é😀', 'é😀')).toBe(0);
  });
});
