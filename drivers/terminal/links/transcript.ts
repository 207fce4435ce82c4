/**
 * Transcript recorder: every byte both ways, with time, direction and what it
 * decoded to; exportable as JSON lines, and replayable into a decoder.
 *
 * Attach to any MessageLink (it publishes Traffic). rx entries are the chunks as
 * the transport delivered them, so replaying their bytes through a fresh decoder
 * reproduces exactly what the link saw.
 */
import { type DecodeEvent, type StreamDecoder, fromHex, toHex } from '../codecs/codec';
import type { MessageLink, Traffic } from './link';

export interface TranscriptEntry {
  /** ISO time. */
  at: string;
  dir: 'tx' | 'rx';
  /** Hex, space-separated. Empty for an idle-flush entry. */
  bytes: string;
  decoded?: unknown[];
  note?: string;
  /** Which link, when one transcript records several. */
  link?: string;
}

/**
 * What record() keeps. A busy link records every chunk while its entries are rarely read (a QA
 * page polls the newest few, an export reads all once), so the time and the hex are made when an
 * entry is first read, not per chunk. The bytes are copied: a transport's chunk may be a view
 * into a larger read buffer that a kept view would pin.
 */
interface Recorded {
  readonly at: number;
  readonly dir: 'tx' | 'rx';
  readonly bytes: Uint8Array;
  readonly decoded?: unknown[];
  readonly note?: string;
  readonly link?: string;
  /** Built on first read, then kept. */
  entry?: TranscriptEntry;
}

function entryOf(r: Recorded): TranscriptEntry {
  if (r.entry) return r.entry;
  const entry: TranscriptEntry = { at: new Date(r.at).toISOString(), dir: r.dir, bytes: toHex(r.bytes) };
  if (r.decoded) entry.decoded = r.decoded;
  if (r.note !== undefined) entry.note = r.note;
  if (r.link !== undefined) entry.link = r.link;
  r.entry = entry;
  return entry;
}

export class Transcript {
  protected readonly records: Recorded[] = [];
  readonly #detach: Array<() => void> = [];

  /** Every entry, oldest first. */
  get entries(): TranscriptEntry[] {
    return this.records.map(entryOf);
  }

  /** How many entries there are, without building them. */
  get size(): number {
    return this.records.length;
  }

  /** Entries from index `start` (0 = oldest kept) to the newest. */
  entriesFrom(start: number): TranscriptEntry[] {
    return this.records.slice(start).map(entryOf);
  }

  /** Starts recording a link's traffic; returns a function that stops it. */
  attach(link: Pick<MessageLink<unknown>, 'onTraffic'>, label?: string): () => void {
    const off = link.onTraffic((t) => this.record(t, label));
    this.#detach.push(off);
    return off;
  }

  record(t: Traffic, label?: string): void {
    this.records.push({
      at: t.at,
      dir: t.dir,
      bytes: new Uint8Array(t.bytes),
      ...(t.decoded.length > 0 ? { decoded: t.decoded.map(toPlain) } : {}),
      ...(t.notes.length > 0 ? { note: t.notes.join('; ') } : {}),
      ...(label !== undefined ? { link: label } : {}),
    });
  }

  detachAll(): void {
    for (const off of this.#detach.splice(0)) off();
  }

  toJsonLines(): string {
    return this.entries.map((e) => JSON.stringify(e)).join('\n') + (this.records.length > 0 ? '\n' : '');
  }
}

/** Reads JSON lines back; lines that are not entries are skipped and counted. */
export function parseTranscript(jsonl: string): { entries: TranscriptEntry[]; skipped: number } {
  const entries: TranscriptEntry[] = [];
  let skipped = 0;
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isEntry(v)) entries.push(v);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries, skipped };
}

/**
 * Feeds the recorded rx bytes (optionally of one link) into `decoder`, in the
 * original chunking, and flushes at the end; returns every decode event.
 */
export function replayTranscript<F>(
  entries: readonly TranscriptEntry[],
  decoder: StreamDecoder<F>,
  options: { dir?: 'rx' | 'tx'; link?: string } = {},
): DecodeEvent<F>[] {
  const dir = options.dir ?? 'rx';
  const out: DecodeEvent<F>[] = [];
  for (const e of entries) {
    if (e.dir !== dir || (options.link !== undefined && e.link !== options.link)) continue;
    if (e.bytes === '') continue;
    out.push(...decoder.push(fromHex(e.bytes)));
  }
  out.push(...decoder.flush());
  return out;
}

/** Byte arrays become hex so a transcript line stays readable and JSON-safe. */
function toPlain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { hex: toHex(value) };
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

function isEntry(v: unknown): v is TranscriptEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.at === 'string' && (o.dir === 'tx' || o.dir === 'rx') && typeof o.bytes === 'string';
}
