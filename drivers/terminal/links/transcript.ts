/**
 * Transcript recorder: every byte both ways, with time, direction and what it
 * decoded to; exportable as JSON lines, and replayable into a decoder.
 * Exports: TranscriptEntry, Transcript, replayTranscript, parseTranscript
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

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  readonly #detach: Array<() => void> = [];

  /** Starts recording a link's traffic; returns a function that stops it. */
  attach(link: Pick<MessageLink<unknown>, 'onTraffic'>, label?: string): () => void {
    const off = link.onTraffic((t) => this.record(t, label));
    this.#detach.push(off);
    return off;
  }

  record(t: Traffic, label?: string): void {
    const entry: TranscriptEntry = { at: new Date(t.at).toISOString(), dir: t.dir, bytes: toHex(t.bytes) };
    if (t.decoded.length > 0) entry.decoded = t.decoded.map(toPlain);
    if (t.notes.length > 0) entry.note = t.notes.join('; ');
    if (label !== undefined) entry.link = label;
    this.entries.push(entry);
  }

  detachAll(): void {
    for (const off of this.#detach.splice(0)) off();
  }

  toJsonLines(): string {
    return this.entries.map((e) => JSON.stringify(e)).join('\n') + (this.entries.length > 0 ? '\n' : '');
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
