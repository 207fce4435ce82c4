/**
 * Keyboard-wedge burst detector: tells a barcode scanner (a "keyboard" that types a whole
 * code in a few ms) apart from a human at the keyboard, without letting the scan leak into
 * whatever text input has focus.
 *
 * It is a *hold-back* detector. Every printable key is swallowed (the renderer calls
 * preventDefault) and kept until it is clear whether it belongs to a burst:
 *  - if no next key arrives within `maxInterKeyMs`, the held key is released as ordinary
 *    typed text ({type:'text'}), which the renderer inserts into the focused input. Humans
 *    therefore see their keys delayed by at most `maxInterKeyMs` (~35 ms, imperceptible);
 *  - if keys keep coming faster than that, they form a burst; a burst of at least
 *    `minLength` characters that ends with a suffix key (Enter/Tab) or stops for
 *    `endTimeoutMs` is reported whole as {type:'scan'} and never reaches the input.
 *
 * Pure and time-injected: no timers inside. The caller passes the event timestamp to
 * `key()`, and calls `tick(now)` when `nextDeadline()` passes (one setTimeout is enough).
 * Leenheer's KeyboardBarcodeScanner uses the same timing idea (40 ms between keys, a final
 * timeout); this class adds the hold-back so a focused input is safe too.
 *
 * Output contract, in the order things happened:
 *  - 'text': printable keys typed by a human; they were swallowed, the caller inserts them.
 *  - 'scan': one complete scan (its keys were swallowed).
 *  - 'key' : a non-printable key (Enter, Tab, F2, Backspace, arrows…) that was NOT swallowed
 *            (`swallow: false` in the same call); the browser performs its default action,
 *            so the caller must not re-dispatch it. It is reported so hotkey handling sees
 *            keys in order with text and scans. Any text released in the same call comes
 *            first in `out`, so inserting it synchronously keeps the order right.
 */

export type SuffixKey = 'Enter' | 'Tab';

export interface BurstDetectorOptions {
  /** A gap of this many ms or more between two keys breaks a burst. */
  maxInterKeyMs: number;
  /** Bursts shorter than this are typing (a fast human pair), not a scan. */
  minLength: number;
  /** A burst of >= minLength chars with no suffix is complete after this much silence. */
  endTimeoutMs: number;
  /** Keys that terminate a scan (scanner "suffix" setting). */
  suffixes: SuffixKey[];
}

/**
 * Scanners type 1-10 ms per key (USB HID polls every 1-8 ms); a human rarely gets two
 * keys closer than ~50 ms except in rollover pairs. 35 ms sits between the two and is
 * below the ~50 ms at which a delay in echoed typing becomes noticeable.
 */
export const DEFAULT_MAX_INTER_KEY_MS = 35;
/** Leenheer rejects bursts of <= 4 keys; shortest real code we accept (EAN-8 is 8). */
export const DEFAULT_MIN_LENGTH = 4;
/**
 * Scanners configured without a suffix just stop; some that do send a suffix pause
 * before it ("intercode delay"). 100 ms waits out such a pause yet still reports a
 * suffix-less scan well before a human could notice.
 */
export const DEFAULT_END_TIMEOUT_MS = 100;

/**
 * A human key typed just before a scan can land inside the inter-key window and get
 * glued to the front of the burst. If the first gap is this many times the burst's median
 * gap (and at least LEADING_STRAGGLER_MIN_EXTRA_MS longer), that key is released as text.
 */
const LEADING_STRAGGLER_FACTOR = 3;
const LEADING_STRAGGLER_MIN_EXTRA_MS = 10;

const DEFAULT_SUFFIXES: SuffixKey[] = ['Enter'];

export const DEFAULT_BURST_OPTIONS: Readonly<BurstDetectorOptions> = Object.freeze({
  maxInterKeyMs: DEFAULT_MAX_INTER_KEY_MS,
  minLength: DEFAULT_MIN_LENGTH,
  endTimeoutMs: DEFAULT_END_TIMEOUT_MS,
  suffixes: DEFAULT_SUFFIXES,
});

export type DetectorOutput =
  | {
      type: 'scan';
      code: string;
      /** ms from the first key of the scan to its last key (suffix included). */
      durationMs: number;
      /** Gaps between consecutive keys of the scan (suffix included). */
      interKeyMs: number[];
      suffix: SuffixKey | null;
    }
  | { type: 'text'; text: string }
  | { type: 'key'; key: string };

export interface KeyResult {
  /** true: the caller must preventDefault this keydown. */
  swallow: boolean;
  out: DetectorOutput[];
}

/** Event flags the detector cares about (a subset of KeyboardEvent). */
export interface KeyFlags {
  /** KeyboardEvent.repeat: a held-down key auto-repeats at ~30 ms, faster than our threshold. */
  repeat?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** Keys that only modify others; they produce no character and do not break a burst. */
const MODIFIER_KEYS: ReadonlySet<string> = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'Super',
  'Hyper',
  'Fn',
  'FnLock',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Symbol',
  'SymbolLock',
  'Dead',
]);

/** A DOM `key` value is printable when it is exactly one non-control code point. */
export function isPrintableKey(key: string): boolean {
  const points = [...key];
  if (points.length !== 1) return false;
  const cp = key.codePointAt(0) ?? 0;
  return cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0);
}

interface Held {
  ch: string;
  at: number;
}

export function validateBurstOptions(o: BurstDetectorOptions): void {
  const positive = (name: string, v: number) => {
    if (!Number.isFinite(v) || v <= 0) throw new TypeError(`${name} must be a positive number, got ${v}`);
  };
  positive('maxInterKeyMs', o.maxInterKeyMs);
  positive('endTimeoutMs', o.endTimeoutMs);
  if (!Number.isInteger(o.minLength) || o.minLength < 2) {
    throw new TypeError(`minLength must be an integer >= 2, got ${o.minLength}`);
  }
  if (o.endTimeoutMs < o.maxInterKeyMs) {
    throw new TypeError(`endTimeoutMs (${o.endTimeoutMs}) must be >= maxInterKeyMs (${o.maxInterKeyMs})`);
  }
  for (const s of o.suffixes) {
    if (s !== 'Enter' && s !== 'Tab') throw new TypeError(`unknown suffix key "${String(s)}"`);
  }
}

export class BurstDetector {
  readonly options: Readonly<BurstDetectorOptions>;
  #held: Held[] = [];

  constructor(options?: Partial<BurstDetectorOptions>) {
    const o: BurstDetectorOptions = {
      ...DEFAULT_BURST_OPTIONS,
      ...options,
      suffixes: [...(options?.suffixes ?? DEFAULT_BURST_OPTIONS.suffixes)],
    };
    validateBurstOptions(o);
    this.options = Object.freeze(o);
  }

  /** Feed one keydown. `key` is KeyboardEvent.key, `atMs` its timestamp. */
  key(key: string, atMs: number, flags: KeyFlags = {}): KeyResult {
    const out = this.tick(atMs);
    if (MODIFIER_KEYS.has(key)) return { swallow: false, out };

    // Ctrl/Meta chords are shortcuts (Ctrl+C), not characters. AltGr arrives as Ctrl+Alt on
    // Windows and types '@' etc. on AZERTY/QWERTZ, so Ctrl together with Alt is a character.
    const chord = flags.metaKey === true || (flags.ctrlKey === true && flags.altKey !== true);

    if (isPrintableKey(key) && !chord) {
      if (flags.repeat === true) {
        // A held key is a human: release anything pending plus this key at once.
        out.push(...this.#flushHeld(null, atMs));
        pushText(out, key);
        return { swallow: true, out };
      }
      const last = this.#held.at(-1);
      if (last !== undefined && atMs - last.at >= this.options.maxInterKeyMs) {
        // Only reachable in the suffix-wait window of a complete burst: close it first.
        out.push(...this.#flushHeld(null, atMs));
      }
      this.#held.push({ ch: key, at: atMs });
      return { swallow: true, out };
    }

    const suffix = this.#asSuffix(key);
    if (suffix !== null && !chord && this.#held.length >= this.options.minLength) {
      out.push(...this.#flushHeld(suffix, atMs));
      return { swallow: true, out };
    }
    // Any other key (or a suffix after too short a burst) ends what is held and passes.
    out.push(...this.#flushHeld(null, atMs));
    out.push({ type: 'key', key });
    return { swallow: false, out };
  }

  /** Release whatever has waited long enough. Safe to call at any time, any number of times. */
  tick(nowMs: number): DetectorOutput[] {
    const last = this.#held.at(-1);
    if (last === undefined) return [];
    const quiet = nowMs - last.at;
    if (quiet < this.options.maxInterKeyMs) return [];
    if (this.#held.length >= this.options.minLength && quiet < this.options.endTimeoutMs) return [];
    return this.#flushHeld(null, nowMs);
  }

  /**
   * When the caller should call tick() next (absolute ms), or null when nothing is held.
   * Calling tick at or after this time releases or completes what is held.
   */
  nextDeadline(): number | null {
    const last = this.#held.at(-1);
    if (last === undefined) return null;
    const wait = this.#held.length >= this.options.minLength ? this.options.endTimeoutMs : this.options.maxInterKeyMs;
    return last.at + wait;
  }

  /** Number of keys currently held back (for diagnostics). */
  get pending(): number {
    return this.#held.length;
  }

  /** Drop everything held (e.g. the window lost focus). Returns what was dropped as text. */
  reset(): string {
    const text = this.#held.map((h) => h.ch).join('');
    this.#held = [];
    return text;
  }

  #asSuffix(key: string): SuffixKey | null {
    return (key === 'Enter' || key === 'Tab') && this.options.suffixes.includes(key) ? key : null;
  }

  /** End the held run: a scan when long enough (suffix given or not), else typed text. */
  #flushHeld(suffix: SuffixKey | null, atMs: number): DetectorOutput[] {
    let held = this.#held;
    this.#held = [];
    if (held.length === 0) return [];
    const out: DetectorOutput[] = [];
    if (held.length < this.options.minLength) {
      pushText(out, held.map((h) => h.ch).join(''));
      return out;
    }
    while (held.length > this.options.minLength && isLeadingStraggler(held)) {
      pushText(out, held[0]?.ch ?? '');
      held = held.slice(1);
    }
    const times = held.map((h) => h.at);
    if (suffix !== null) times.push(atMs);
    const interKeyMs = times.slice(1).map((t, i) => t - (times[i] ?? t));
    out.push({
      type: 'scan',
      code: held.map((h) => h.ch).join(''),
      durationMs: (times.at(-1) ?? 0) - (times[0] ?? 0),
      interKeyMs,
      suffix,
    });
    return out;
  }
}

function isLeadingStraggler(held: Held[]): boolean {
  const [a, b] = held;
  if (a === undefined || b === undefined) return false;
  const first = b.at - a.at;
  const rest = held.slice(2).map((h, i) => h.at - (held[i + 1]?.at ?? h.at));
  if (rest.length === 0) return false;
  const med = median(rest);
  return first >= LEADING_STRAGGLER_FACTOR * med && first - med >= LEADING_STRAGGLER_MIN_EXTRA_MS;
}

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Append text, merging with a preceding text output so the caller inserts one string. */
function pushText(out: DetectorOutput[], text: string): void {
  if (text === '') return;
  const prev = out.at(-1);
  if (prev?.type === 'text') prev.text += text;
  else out.push({ type: 'text', text });
}
