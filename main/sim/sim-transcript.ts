/**
 * The simulator's transcript: links/transcript.ts's recorder with a size bound (a simulator
 * left running for a day must not grow without limit) and absolute entry numbers, so a UI can
 * poll "everything since #n" even after old entries were dropped. Notes (a fault applied, a
 * request the profile could not read) are entries with no bytes; replays skip them.
 */
import type { Traffic } from '../../drivers/terminal/links/link';
import { Transcript, type TranscriptEntry } from '../../drivers/terminal/links/transcript';

/** About an hour of busy counter traffic; oldest entries go first beyond it. */
export const DEFAULT_TRANSCRIPT_LIMIT = 5_000;
/** Trim in batches (10 % over the limit) so dropping old entries is not an O(n) splice per byte. */
const TRIM_SLACK = 1.1;

export interface TranscriptPage {
  /** Absolute number of the first entry returned. */
  from: number;
  entries: TranscriptEntry[];
  /** Pass this as `since` next time. */
  next: number;
  /** Entries dropped so far because of the size limit. */
  dropped: number;
}

export class SimTranscript extends Transcript {
  #dropped = 0;

  /** `decodeFrame` shows each link frame as the vendor message it carries (frame-message.ts). */
  constructor(
    readonly limit = DEFAULT_TRANSCRIPT_LIMIT,
    private readonly decodeFrame?: (frame: unknown) => unknown,
  ) {
    super();
  }

  get dropped(): number {
    return this.#dropped;
  }

  override record(t: Traffic, label?: string): void {
    const decode = this.decodeFrame;
    super.record(decode && t.decoded.length > 0 ? { ...t, decoded: t.decoded.map(decode) } : t, label);
    if (this.records.length > Math.max(1, Math.floor(this.limit * TRIM_SLACK))) {
      const over = this.records.length - this.limit;
      this.records.splice(0, over);
      this.#dropped += over;
    }
  }

  /** A remark without bytes, e.g. "fault badChecksum: applied to the reply frame". */
  note(text: string, label?: string): void {
    this.record({ at: Date.now(), dir: 'tx', bytes: new Uint8Array(0), decoded: [], notes: [text] }, label);
  }

  page(since = 0): TranscriptPage {
    const start = Math.max(0, since - this.#dropped);
    const entries = this.entriesFrom(start);
    return { from: this.#dropped + start, entries, next: this.#dropped + this.records.length, dropped: this.#dropped };
  }

  clear(): void {
    this.#dropped += this.records.length;
    this.records.length = 0;
  }
}
