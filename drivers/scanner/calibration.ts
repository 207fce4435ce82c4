/**
 * Scanner calibration wizard (field-notes.md §5 item 5): the cashier scans a printed test
 * label; from the raw keydowns we work out the PC's keyboard layout as the scanner sees it,
 * the suffix the scanner sends, whether it adds an AIM prefix, how fast it types, and
 * recommend BurstDetector settings plus the layout remap to apply to every scan.
 * Pure: the renderer records keydowns (key + timestamp) and hands them over.
 */
import { parseAim } from './aim';
import { type BurstDetectorOptions, DEFAULT_END_TIMEOUT_MS, DEFAULT_MIN_LENGTH, isPrintableKey, type SuffixKey } from './burst-detector';
import { LAYOUT_NAMES, LAYOUT_TABLES, type LayoutId, typeThroughLayout } from './keyboard-layouts';

/**
 * The label to print (Code 128 or QR). Every character here lands on a different key on
 * at least one common layout: symbols on the number row (AZERTY, QWERTZ), @ and " (UK),
 * y/z (QWERTZ), a/q, w/z and m (AZERTY), digits (AZERTY types them shifted), both cases
 * (Caps Lock). Bracket and quote keys are dead keys on some layouts, which we also detect.
 */
export const CALIBRATION_LABEL = '@!-_/#&*()[]{}aAzZqQwWyYmM0123456789';

export interface RecordedKey {
  /** KeyboardEvent.key */
  key: string;
  atMs: number;
}

export interface TimingStats {
  /** Number of gaps measured. */
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

export interface CalibrationReport {
  /** True when the scan, after the recommended remap, equals the label and ends with a suffix. */
  ok: boolean;
  /** The layout the scan was typed through, or null when no known layout explains it. */
  layout: LayoutId | null;
  /** The scan as received (printable keys only). */
  observed: string;
  /** Edit distance between the observed text and the label typed through `layout`. */
  distance: number;
  capsLockInverted: boolean;
  /** AIM identifier the scanner prefixes, e.g. "]C0", or null. */
  aimPrefix: string | null;
  suffix: SuffixKey | null;
  /** Gaps between consecutive keys of the scan (characters and suffix). */
  timing: TimingStats;
  recommended: Pick<BurstDetectorOptions, 'maxInterKeyMs' | 'endTimeoutMs' | 'suffixes'> & {
    /** Layout to pass to remapLayout() for every scan from this device ('us' = none). */
    remap: LayoutId | null;
  };
  /** What is wrong and what to do, in words for the person at the counter. */
  problems: string[];
}

/** Keys that never carry scan content. 'Dead' is a dead key: its character is lost. */
const IGNORED_KEYS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Dead']);

/**
 * Margin over the slowest gap seen: USB polling and a busy renderer add jitter, so a
 * threshold at the measured max would split some real scans. Twice the max, at least
 * max + 10 ms, never under 20 ms.
 */
const MIN_RECOMMENDED_INTER_KEY_MS = 20;
const INTER_KEY_MARGIN_MS = 10;
/**
 * Above this a scanner types as slowly as a fast human: bursts can no longer be told
 * from typing, and held-back human keys would lag visibly. Advise a faster setting.
 */
const MAX_USABLE_INTER_KEY_MS = 60;
/** Distance above this share of the label length means "no known layout explains it". */
const MAX_UNEXPLAINED_SHARE = 0.25;

const LAYOUTS: readonly LayoutId[] = ['us', 'uk', 'fr-azerty', 'de-qwertz'];

export function analyzeCalibration(keys: readonly RecordedKey[], label: string = CALIBRATION_LABEL): CalibrationReport {
  const problems: string[] = [];
  const content = keys.filter((k) => !IGNORED_KEYS.has(k.key));
  const chars = content.filter((k) => isPrintableKey(k.key));
  const lastChar = chars.at(-1);
  const after = lastChar === undefined ? [] : content.slice(content.indexOf(lastChar) + 1);
  const suffixKey = after.find((k) => k.key === 'Enter' || k.key === 'Tab');
  const suffix: SuffixKey | null = suffixKey?.key === 'Enter' ? 'Enter' : suffixKey?.key === 'Tab' ? 'Tab' : null;

  let observed = chars.map((k) => k.key).join('');
  const { aim, rest } = label.startsWith(']') ? { aim: null, rest: observed } : parseAim(observed);
  const aimPrefix = aim?.id ?? null;
  observed = rest;

  // Try every layout, with and without Caps Lock inverting case; keep the closest.
  let best = { layout: 'us' as LayoutId, caps: false, distance: Number.POSITIVE_INFINITY };
  for (const caps of [false, true]) {
    for (const layout of LAYOUTS) {
      const typed = typeThroughLayout(caps ? swapCase(label) : label, layout);
      const distance = editDistance(typed, observed);
      if (distance < best.distance) best = { layout, caps, distance };
    }
  }
  const explained = best.distance <= Math.floor(label.length * MAX_UNEXPLAINED_SHARE);
  const layout = explained ? best.layout : null;

  const timed = suffixKey === undefined ? chars : [...chars, suffixKey];
  const timing = stats(timed.slice(1).map((k, i) => k.atMs - (timed[i]?.atMs ?? k.atMs)));

  if (chars.length === 0) problems.push('No characters were received: is the scanner connected and the test window focused?');
  else if (layout === null) problems.push(`The scan does not match the test label under any known layout (got "${observed}"). Rescan; if it repeats, set the scanner to USB HID US and check its character settings.`);
  else {
    if (layout !== 'us') problems.push(`The computer uses a ${LAYOUT_NAMES[layout]} layout but the scanner types as US: scans will be remapped. Better: set the scanner's keyboard country to ${LAYOUT_NAMES[layout]}.`);
    if (best.caps) problems.push('Letters arrive with inverted case: Caps Lock is on, or the scanner is set to invert case.');
    const dead = [...new Set([...label].filter((c) => LAYOUT_TABLES[layout][c] === ''))];
    if (dead.length > 0) problems.push(`On this layout the scanner cannot type ${dead.map((c) => `"${c}"`).join(' ')} (dead keys): codes containing them will be damaged.`);
    if (best.distance > 0) problems.push(`${best.distance} character(s) differ from the label even after accounting for the layout: rescan to confirm.`);
  }
  if (aimPrefix !== null) problems.push(`The scanner adds the AIM prefix ${aimPrefix}; it is stripped and used to tell symbologies apart.`);
  if (suffix === null && chars.length > 0) problems.push('The scanner sends no Enter or Tab after a code: scans end by timeout (slower). Set the suffix to Enter (CR) in the scanner.');
  if (suffix === 'Tab') problems.push('The scanner ends codes with Tab; PosDesk will accept Tab as the suffix.');

  let maxInterKeyMs = Math.max(MIN_RECOMMENDED_INTER_KEY_MS, Math.ceil(Math.max(timing.max * 2, timing.max + INTER_KEY_MARGIN_MS)));
  if (timing.max > MAX_USABLE_INTER_KEY_MS) {
    problems.push(`The scanner pauses up to ${timing.max} ms between characters, as slow as typing: set a faster transmission speed, or connect it as a serial (USB-CDC) device.`);
    maxInterKeyMs = Math.ceil(timing.max + INTER_KEY_MARGIN_MS);
  }
  const endTimeoutMs = Math.max(DEFAULT_END_TIMEOUT_MS, 3 * maxInterKeyMs);
  if (observed.length > 0 && observed.length < DEFAULT_MIN_LENGTH) problems.push('The scan was too short to calibrate: scan the full test label.');

  const remap = layout === null || layout === 'us' ? null : layout;
  return {
    ok: layout !== null && best.distance === 0 && !best.caps && suffix !== null && chars.length > 0,
    layout,
    observed,
    distance: Number.isFinite(best.distance) ? best.distance : observed.length,
    capsLockInverted: best.caps,
    aimPrefix,
    suffix,
    timing,
    recommended: { maxInterKeyMs, endTimeoutMs, suffixes: suffix === null ? ['Enter'] : [suffix], remap },
    problems,
  };
}

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** Nearest-rank percentiles over gaps (ms). */
function stats(gaps: number[]): TimingStats {
  if (gaps.length === 0) return { samples: 0, p50: 0, p95: 0, max: 0 };
  const s = [...gaps].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
  return { samples: s.length, p50: rank(50), p95: rank(95), max: s.at(-1) ?? 0 };
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1));
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}
