/**
 * Fuzz at bench scale: 10^6 frames (ten times the suite's codecs/fuzz.test.ts) through every
 * decoder in drivers/terminal/codecs (MIS-POS, POSLink, Concert, 55AA, JSON, length-prefixed,
 * and the MIS-POS TLV body parser): about half intact, a third mutated (bit flips, cuts,
 * duplicated runs, inserted bytes), the rest random garbage, fed in random 1-64 byte chunks
 * with a flush (idle line) after each burst. Reports decode throughput (decoding time only;
 * generating the input is not timed), what came out, any exception (there must be none: a
 * decoder never throws), and how much RSS grew: a decoder that leaks buffered bytes shows here.
 * Figures only; no assertions.
 */
import { concatBytes, type StreamDecoder } from '../../drivers/terminal/codecs/codec';
import { createConcertDecoder, encodeConcert } from '../../drivers/terminal/codecs/concert';
import { createJsonDecoder, encodeJson } from '../../drivers/terminal/codecs/json-lines';
import { createLengthPrefixedDecoder, encodeLengthPrefixed } from '../../drivers/terminal/codecs/length-prefixed';
import { createMisPosDecoder, encodeMisPos } from '../../drivers/terminal/codecs/mispos';
import { createPosLinkDecoder, encodePosLink } from '../../drivers/terminal/codecs/poslink';
import { createSmartPosDecoder, encodeSmartPos } from '../../drivers/terminal/codecs/smartpos-55aa';
import { decodeTlv, encodeTlv } from '../../drivers/terminal/codecs/tlv';
import type { BenchRow } from './bench-row';
import { ascii, bytes, int, mutate, type Rand, seeded } from '../../drivers/terminal/codecs/fuzz-test-kit';

const BENCH = 'terminal-fuzz';
const TOTAL_FRAMES = Number(process.env.TERMINAL_FUZZ_FRAMES ?? 1_000_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_241_122);
/** Frames per burst (bytes sent before the line goes idle). */
const MAX_BURST = 12;
const INTACT_SHARE = 0.5;
const MUTATED_SHARE = 0.35;
/** Sample RSS every this many bursts (a syscall; cheap but not free). */
const RSS_EVERY = 200;
const MB = 1024 * 1024;

/** A stream decoder, or a one-shot body parser (TLV) wrapped to look like one per frame. */
interface Target {
  name: string;
  make: (r: Rand) => Uint8Array;
  decoder: () => StreamDecoder<unknown>;
}

/** TLV bodies have no framing of their own: each "frame" is parsed whole, as the MIS-POS link does. */
function tlvAsDecoder(): StreamDecoder<unknown> {
  return {
    push(chunk) {
      const r = decodeTlv(chunk);
      return r.ok
        ? [{ type: 'frame', frame: r.fields, raw: chunk }]
        : [{ type: 'error', code: 'BAD_PAYLOAD', message: r.message, raw: chunk }];
    },
    flush: () => [],
    reset: () => undefined,
    buffered: 0,
  };
}

const TARGETS: Target[] = [
  { name: 'mispos', make: (r) => encodeMisPos({ data: bytes(r, int(r, 1, 160)) }), decoder: createMisPosDecoder },
  {
    name: 'poslink',
    make: (r) => encodePosLink({ command: `T0${int(r, 0, 9)}`, version: '1.35', fields: Array.from({ length: int(r, 0, 8) }, () => ascii(r, int(r, 0, 12))) }),
    decoder: createPosLinkDecoder,
  },
  {
    name: 'concert',
    make: (r) =>
      encodeConcert({ kind: 'reply', posNumber: '01', status: '0', amountMinor: int(r, 0, 99_999_999), mode: '1', report: r() < 0.5 ? ascii(r, 55) : undefined, currency: '156', privateData: ascii(r, 10) }),
    decoder: createConcertDecoder,
  },
  {
    name: 'smartpos-55aa',
    make: (r) => encodeSmartPos({ type: 0, ack: int(r, 0, 255), msgId: int(r, 1, 255), data: bytes(r, int(r, 0, 200)) }),
    decoder: () => createSmartPosDecoder(),
  },
  {
    name: 'json',
    make: (r) => encodeJson({ msgTp: '0210', code: String(int(r, -1, 0)), amt: `${int(r, 0, 9999)}.${int(r, 10, 99)}`, note: ascii(r, int(r, 0, 30), 'ab{}"\\:, 收款') }),
    decoder: () => createJsonDecoder({ maxObjectBytes: 512 }),
  },
  { name: 'length-prefixed', make: (r) => encodeLengthPrefixed(bytes(r, int(r, 0, 300)), 4096), decoder: () => createLengthPrefixedDecoder(4096) },
  {
    name: 'tlv (MIS-POS body)',
    make: (r) => encodeTlv(Array.from({ length: int(r, 1, 6) }, () => ({ tag: `DF${int(r, 1, 0x40).toString(16).padStart(2, '0').toUpperCase()}`, value: bytes(r, int(r, 0, 300)) }))),
    decoder: tlvAsDecoder,
  },
];

interface Outcome {
  frames: number;
  bytes: number;
  decodeNs: bigint;
  decoded: number;
  errors: number;
  thrown: number;
  firstThrow?: string;
}

function fuzz(t: Target, frames: number, r: Rand, sampleRss: () => void): Outcome {
  const o: Outcome = { frames: 0, bytes: 0, decodeNs: 0n, decoded: 0, errors: 0, thrown: 0 };
  let d = t.decoder();
  const oneShot = t.name.startsWith('tlv');
  let bursts = 0;
  while (o.frames < frames) {
    const parts: Uint8Array[] = [];
    for (let k = int(r, 1, MAX_BURST); k > 0 && o.frames < frames; k--) {
      const roll = r();
      const frame = t.make(r);
      o.frames++;
      parts.push(roll < INTACT_SHARE ? frame : roll < INTACT_SHARE + MUTATED_SHARE ? mutate(r, frame) : bytes(r, int(r, 1, 40)));
    }
    // One-shot parsers get each frame whole; stream decoders get the burst in random chunks.
    const chunks: Uint8Array[] = [];
    if (oneShot) chunks.push(...parts);
    else {
      const stream = concatBytes(...parts);
      for (let i = 0; i < stream.length; ) {
        const n = r() < 0.3 ? 1 : int(r, 1, 64);
        chunks.push(stream.subarray(i, i + n));
        i += n;
      }
    }
    const start = process.hrtime.bigint();
    try {
      for (const c of chunks) {
        o.bytes += c.length;
        for (const e of d.push(c)) {
          if (e.type === 'error') o.errors++;
          else o.decoded++;
        }
      }
      for (const e of d.flush()) {
        if (e.type === 'error') o.errors++;
        else o.decoded++;
      }
    } catch (error) {
      o.thrown++;
      o.firstThrow ??= error instanceof Error ? error.message : String(error);
      d = t.decoder();
    }
    o.decodeNs += process.hrtime.bigint() - start;
    if (++bursts % RSS_EVERY === 0) sampleRss();
  }
  return o;
}

export default async function (): Promise<BenchRow[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = rssBefore;
  const sampleRss = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const perTarget = Math.ceil(TOTAL_FRAMES / TARGETS.length);
  const rows: BenchRow[] = [];
  let frames = 0;
  let ns = 0n;
  let thrown = 0;
  for (const [i, t] of TARGETS.entries()) {
    const o = fuzz(t, perTarget, seeded(SEED + i * 7919), sampleRss);
    frames += o.frames;
    ns += o.decodeNs;
    thrown += o.thrown;
    const s = Number(o.decodeNs) / 1e9;
    rows.push({
      bench: BENCH,
      metric: `${t.name}: frames/s decoded`,
      value: s > 0 ? o.frames / s : 0,
      unit: 'frames/s',
      note: `${o.frames} frames, ${(o.bytes / MB).toFixed(1)} MB; ${o.decoded} decoded, ${o.errors} error events, ${o.thrown} thrown${o.firstThrow ? ` (${o.firstThrow})` : ''}`,
    });
  }
  sampleRss();
  gc?.();
  const rssAfter = process.memoryUsage().rss;
  // RSS keeps pages V8 grew into and has not handed back; what the decoders still hold is
  // the live heap after a full gc.
  const heapAfter = process.memoryUsage().heapUsed;
  rows.push(
    { bench: BENCH, metric: 'fuzz frames, all decoders', value: frames, unit: 'frames', goal: '> 10^5 (suite)', note: `seed ${SEED} (FUZZ_SEED=…)` },
    { bench: BENCH, metric: 'fuzz frames/s, all decoders', value: Number(ns) > 0 ? frames / (Number(ns) / 1e9) : 0, unit: 'frames/s' },
    { bench: BENCH, metric: 'exceptions thrown out of a decoder', value: thrown, unit: 'count', goal: '0' },
    { bench: BENCH, metric: 'peak RSS growth during fuzz', value: (peak - rssBefore) / MB, unit: 'MB', note: `after gc: ${((rssAfter - rssBefore) / MB).toFixed(1)} MB` },
    { bench: BENCH, metric: 'live heap growth after gc', value: (heapAfter - heapBefore) / MB, unit: 'MB', note: gc ? 'heapUsed after a full gc, minus before' : 'run with --expose-gc for a meaningful figure' },
  );
  return rows;
}
