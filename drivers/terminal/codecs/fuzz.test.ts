/**
 * Fuzz: >= 10^5 frames across the decoders — valid frames, mutated ones (bit flips,
 * truncation, duplication, insertion), random garbage — in random chunking.
 * Asserts: nothing throws, the buffer stays within its bound, every valid frame
 * that survived intact is decoded, and the frames do not depend on the chunking.
 * The seed is printed; rerun with FUZZ_SEED=<n> to reproduce.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, type StreamDecoder, toHex } from './codec';
import { createConcertDecoder, encodeConcert } from './concert';
import { createJsonDecoder, encodeJson } from './json-lines';
import { createLengthPrefixedDecoder, encodeLengthPrefixed } from './length-prefixed';
import { createMisPosDecoder, encodeMisPos } from './mispos';
import { createPosLinkDecoder, encodePosLink } from './poslink';
import { createSmartPosDecoder, encodeSmartPos } from './smartpos-55aa';
import { ascii, bytes, int, mutate, type Rand, seeded } from './fuzz-test-kit';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.info(`codec fuzz seed: ${SEED} (rerun with FUZZ_SEED=${SEED})`);

interface Target {
  name: string;
  frames: number;
  make: (r: Rand) => Uint8Array;
  decoder: () => StreamDecoder<unknown>;
  bound: number;
  /** Frames with a start marker and checksum survive any neighbour; others only at burst ends. */
  resyncs: boolean;
  /** Garbage may sit between intact frames (false for length-prefixed: no marker at all). */
  garbageBetween: boolean;
  garbage: (r: Rand) => Uint8Array;
}

const TARGETS: Target[] = [
  {
    name: 'mispos',
    frames: 30_000,
    make: (r) => encodeMisPos({ data: bytes(r, int(r, 1, 160)) }),
    decoder: createMisPosDecoder,
    bound: 1030,
    resyncs: true,
    garbageBetween: true,
    garbage: (r) => bytes(r, int(r, 1, 40)),
  },
  {
    name: 'poslink',
    frames: 20_000,
    make: (r) =>
      encodePosLink({ command: `T0${int(r, 0, 9)}`, version: '1.35', fields: Array.from({ length: int(r, 0, 8) }, () => ascii(r, int(r, 0, 12))) }),
    decoder: createPosLinkDecoder,
    bound: 4097,
    resyncs: true,
    garbageBetween: true,
    garbage: (r) => bytes(r, int(r, 1, 40)),
  },
  {
    name: 'concert',
    frames: 20_000,
    make: (r) =>
      r() < 0.5
        ? encodeConcert({
            kind: 'request',
            posNumber: ascii(r, 2, '0123456789'),
            amountMinor: int(r, 0, 99_999_999),
            answerFlag: '1',
            mode: '1',
            type: '0',
            currency: '978',
            privateData: ascii(r, 10),
            delay: 'A010',
            auth: 'B010',
          })
        : encodeConcert({
            kind: 'reply',
            posNumber: '01',
            status: '0',
            amountMinor: int(r, 0, 99_999_999),
            mode: '1',
            report: r() < 0.5 ? ascii(r, 55) : undefined,
            currency: '156',
            privateData: ascii(r, 10),
          }),
    decoder: createConcertDecoder,
    bound: 84,
    resyncs: true,
    garbageBetween: true,
    garbage: (r) => bytes(r, int(r, 1, 40)),
  },
  {
    name: 'smartpos-55aa',
    frames: 20_000,
    make: (r) => encodeSmartPos({ type: 0, ack: int(r, 0, 255), msgId: int(r, 1, 255), data: bytes(r, int(r, 0, 200)) }),
    decoder: () => createSmartPosDecoder(),
    bound: 1035,
    resyncs: true,
    garbageBetween: true,
    garbage: (r) => bytes(r, int(r, 1, 40)),
  },
  {
    name: 'json',
    frames: 10_000,
    make: (r) => encodeJson({ msgTp: '0210', code: String(int(r, -1, 0)), amt: `${int(r, 0, 9999)}.${int(r, 10, 99)}`, note: ascii(r, int(r, 0, 30), 'ab{}"\\:, 收款') }),
    decoder: () => createJsonDecoder({ maxObjectBytes: 512 }),
    bound: 513,
    resyncs: false,
    garbageBetween: true,
    // No braces or quotes: JSON has no start marker to resync on inside a burst.
    garbage: (r) => Uint8Array.from(ascii(r, int(r, 1, 20), 'xyz \r\n0123'), (c) => c.charCodeAt(0)),
  },
  {
    name: 'length-prefixed',
    frames: 10_000,
    make: (r) => encodeLengthPrefixed(bytes(r, int(r, 0, 300)), 4096),
    decoder: () => createLengthPrefixedDecoder(4096),
    bound: 4100,
    resyncs: false,
    garbageBetween: false,
    garbage: (r) => bytes(r, int(r, 1, 40)),
  },
];

/** One burst = bytes sent before the line goes idle (the decoder is flushed then). */
interface Intact {
  hex: string;
  at: number;
  end: number;
}

function burst(t: Target, r: Rand): { stream: Uint8Array; intact: Intact[]; count: number } {
  const parts: Uint8Array[] = [];
  const intact: Intact[] = [];
  let offset = 0;
  const put = (p: Uint8Array) => {
    parts.push(p);
    offset += p.length;
  };
  const n = int(r, 1, 12);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const frame = t.make(r);
    count++;
    const roll = r();
    const last = k === n - 1;
    if (roll < 0.55 || (!t.resyncs && !last)) {
      intact.push({ hex: toHex(frame, ''), at: offset, end: offset + frame.length });
      put(frame);
      if (t.garbageBetween && (t.resyncs || !last) && r() < 0.15) put(t.garbage(r));
    } else if (roll < 0.9) {
      put(mutate(r, frame));
    } else {
      put(t.garbage(r));
    }
  }
  return { stream: concatBytes(...parts), intact, count };
}

function run(t: Target, d: StreamDecoder<unknown>, stream: Uint8Array, r: Rand | undefined): string[] {
  const frames: string[] = [];
  const take = (events: ReturnType<typeof d.push>) => {
    for (const e of events) if (e.type === 'frame') frames.push(toHex(e.raw, ''));
  };
  let i = 0;
  while (i < stream.length) {
    const n = r ? (r() < 0.3 ? 1 : int(r, 1, 64)) : stream.length;
    take(d.push(stream.subarray(i, i + n)));
    i += n;
    if (d.buffered > t.bound) throw new Error(`${t.name}: buffered ${d.buffered} > bound ${t.bound} (seed ${SEED})`);
  }
  take(d.flush());
  if (d.buffered !== 0) throw new Error(`${t.name}: flush left ${d.buffered} bytes (seed ${SEED})`);
  return frames;
}

/**
 * Intact frames that were not decoded, excusing only one case no decoder can
 * avoid: a corrupt neighbour whose bytes, by chance, form a valid frame that
 * overlaps the intact one (e.g. a frame cut just before its LRC, followed by an
 * STX that happens to equal that LRC). Decoded frames are located in the stream
 * in order to find such overlaps.
 */
function missingFrames(stream: Uint8Array, intact: readonly Intact[], got: readonly string[]): Intact[] {
  const buf = Buffer.from(stream);
  const spans: Array<[number, number]> = [];
  let from = 0;
  for (const hex of got) {
    const at = buf.indexOf(Buffer.from(hex, 'hex'), from);
    if (at < 0) continue;
    spans.push([at, at + hex.length / 2]);
    from = at + 1;
  }
  return intact.filter((f) => {
    if (spans.some(([a, e]) => a === f.at && e === f.end)) return false;
    return !spans.some(([a, e]) => a < f.end && f.at < e);
  });
}

describe(`codec fuzz (seed ${SEED})`, () => {
  it('decodes >= 10^5 frames across codecs without throwing, bounded, losing no intact frame', () => {
    let total = 0;
    for (const [ti, t] of TARGETS.entries()) {
      const r = seeded(SEED + ti * 7919);
      const chunker = seeded(SEED ^ (ti + 1) * 104729);
      const chunked = t.decoder();
      const whole = t.decoder();
      let made = 0;
      while (made < t.frames) {
        const b = burst(t, r);
        made += b.count;
        const got = run(t, chunked, b.stream, chunker);
        const ref = run(t, whole, b.stream, undefined);
        const missing = missingFrames(b.stream, b.intact, got);
        if (missing.length > 0) {
          expect.fail(`${t.name}: intact frame ${missing[0]?.hex} not decoded (seed ${SEED}); got ${got.join(' | ')}; stream ${toHex(b.stream, '')}`);
        }
        if (got.join() !== ref.join()) {
          expect.fail(`${t.name}: frames depend on chunking (seed ${SEED}); stream ${toHex(b.stream, '').slice(0, 400)}`);
        }
      }
      total += made;
    }
    expect(total).toBeGreaterThanOrEqual(100_000);
  });

  it('pure random bytes never throw and never overflow the bound', () => {
    const r = seeded(SEED + 1);
    for (const t of TARGETS) {
      const d = t.decoder();
      for (let k = 0; k < 20; k++) run(t, d, bytes(r, 4096), r);
    }
  });
});
