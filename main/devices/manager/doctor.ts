/**
 * The device doctor's records: a per-device timeline (what happened, with reasons) and a raw
 * byte log (both directions, hex + time) kept in bounded ring buffers (field-notes §5 item 9).
 */

export class Ring<T> {
  readonly #items: T[] = [];
  #dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError(`ring capacity must be a positive integer, got ${capacity}`);
  }

  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.capacity) {
      this.#items.shift();
      this.#dropped++;
    }
  }

  /** Oldest first. */
  list(): T[] {
    return [...this.#items];
  }

  /** How many old entries were overwritten. */
  get dropped(): number {
    return this.#dropped;
  }
}

export type TimelineKind =
  | 'added'
  | 'removed'
  | 'opened'
  | 'claimed'
  | 'enabled'
  | 'disabled'
  | 'released'
  | 'closed'
  | 'error'
  | 'reconnecting'
  | 'recovered'
  | 'unplugged'
  | 'replugged'
  | 'problem';

export interface TimelineEntry {
  /** ms since the epoch (the manager's clock). */
  at: number;
  deviceId: string;
  kind: TimelineKind;
  reason: string;
}

/** Enough for a shift of a flaky device without growing forever. */
export const TIMELINE_CAPACITY = 200;

export class Timeline {
  readonly #ring = new Ring<TimelineEntry>(TIMELINE_CAPACITY);
  readonly #listeners = new Set<(e: TimelineEntry) => void>();

  constructor(
    readonly deviceId: string,
    private readonly now: () => number,
  ) {}

  add(kind: TimelineKind, reason: string): TimelineEntry {
    const e = { at: this.now(), deviceId: this.deviceId, kind, reason };
    this.#ring.push(e);
    for (const l of this.#listeners) l(e);
    return e;
  }

  list(): TimelineEntry[] {
    return this.#ring.list();
  }

  onEntry(listener: (e: TimelineEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export interface ByteLogEntry {
  at: number;
  /** 'out' = host to device, 'in' = device to host. */
  dir: 'in' | 'out';
  length: number;
  /** Space-separated hex, cut to BYTE_LOG_HEX_BYTES bytes (length says the real size). */
  hex: string;
}

/** Chunks kept per device: a few receipts' worth of writes plus their status replies. */
export const BYTE_LOG_CAPACITY = 500;
/** Bytes of each chunk kept as hex: enough to see the commands, not a whole raster image. */
export const BYTE_LOG_HEX_BYTES = 256;

export class ByteLog {
  readonly #ring = new Ring<ByteLogEntry>(BYTE_LOG_CAPACITY);

  constructor(private readonly now: () => number) {}

  record(dir: 'in' | 'out', bytes: Uint8Array): void {
    const shown = bytes.subarray(0, BYTE_LOG_HEX_BYTES);
    const hex = Array.from(shown, (b) => b.toString(16).padStart(2, '0')).join(' ');
    this.#ring.push({ at: this.now(), dir, length: bytes.length, hex: bytes.length > shown.length ? `${hex} …` : hex });
  }

  list(): ByteLogEntry[] {
    return this.#ring.list();
  }

  get dropped(): number {
    return this.#ring.dropped;
  }
}
