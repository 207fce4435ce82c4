/**
 * Terminal codecs and links: decode throughput per codec, fuzz throughput, and
 * the software overhead of one MIS-POS request/response over a real socat pty.
 * Figures only; no assertions.
 */
import { concatBytes, type StreamDecoder } from '../../drivers/terminal/codecs/codec';
import { createConcertDecoder, encodeConcert } from '../../drivers/terminal/codecs/concert';
import { createJsonDecoder, encodeJson } from '../../drivers/terminal/codecs/json-lines';
import { createLengthPrefixedDecoder, encodeLengthPrefixed } from '../../drivers/terminal/codecs/length-prefixed';
import { createMisPosDecoder, encodeMisPos, type MisPosFrame } from '../../drivers/terminal/codecs/mispos';
import { createPosLinkDecoder, encodePosLink } from '../../drivers/terminal/codecs/poslink';
import { createSmartPosDecoder, encodeSmartPos } from '../../drivers/terminal/codecs/smartpos-55aa';
import { createMisPosLink } from '../../drivers/terminal/links/mispos-link';
import { hasSocat, openPtyPair } from '../../drivers/transport/pty-pair';
import { SerialTransport } from '../../drivers/transport/serial';
import type { BenchRow } from './bench-row';

const BENCH = 'terminal-codecs';
/** Decoder input is fed in 4 KiB chunks, about what a serial read returns under load. */
const CHUNK = 4096;
/** Bits per byte on an 8N1 line: start + 8 data + stop. */
const BITS_PER_BYTE = 10;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = seeded(20_241_122);
const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rnd() * 10))).join('');

interface Case {
  name: string;
  frame: () => Uint8Array;
  decoder: () => StreamDecoder<unknown>;
}

const CASES: Case[] = [
  { name: 'mispos', frame: () => encodeMisPos({ data: bytes(200) }), decoder: createMisPosDecoder },
  {
    name: 'poslink',
    frame: () => encodePosLink({ command: 'T00', version: '1.35', fields: ['01', digits(8), '', digits(12), 'ABC', digits(6)] }),
    decoder: createPosLinkDecoder,
  },
  {
    name: 'concert',
    frame: () =>
      encodeConcert({ kind: 'reply', posNumber: '01', status: '0', amountMinor: Number(digits(6)), mode: '1', report: digits(55), currency: '978', privateData: digits(10) }),
    decoder: createConcertDecoder,
  },
  { name: 'smartpos-55aa', frame: () => encodeSmartPos({ type: 0, ack: 1, msgId: 2, data: bytes(200) }), decoder: () => createSmartPosDecoder() },
  {
    name: 'json',
    frame: () => encodeJson({ msgTp: '0210', code: '0', amt: `${digits(3)}.${digits(2)}`, traceNo: digits(6), referNo: digits(12), message: '交易成功' }),
    decoder: () => createJsonDecoder(),
  },
  { name: 'length-prefixed', frame: () => encodeLengthPrefixed(bytes(200)), decoder: () => createLengthPrefixedDecoder() },
];

function decodeRate(c: Case): BenchRow[] {
  const frames = Array.from({ length: 20_000 }, () => c.frame());
  const stream = concatBytes(...frames);
  const d = c.decoder();
  let decoded = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < stream.length; i += CHUNK) {
    for (const e of d.push(stream.subarray(i, i + CHUNK))) if (e.type === 'frame') decoded++;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const note = `${frames.length} frames, ${(stream.length / frames.length).toFixed(0)} B each, ${CHUNK} B chunks${decoded === frames.length ? '' : `; only ${decoded} decoded!`}`;
  return [
    { bench: BENCH, metric: `${c.name} decode frames/s`, value: Math.round(decoded / s), unit: 'frames/s', note },
    { bench: BENCH, metric: `${c.name} decode MB/s`, value: Number((stream.length / 1e6 / s).toFixed(1)), unit: 'MB/s' },
  ];
}

function fuzzRate(): BenchRow {
  // Mutated MIS-POS frames (bit flips, truncation) mixed with good ones, random chunks.
  const parts: Uint8Array[] = [];
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const f = encodeMisPos({ data: bytes(1 + Math.floor(rnd() * 160)) });
    const roll = rnd();
    if (roll < 0.6) parts.push(f);
    else if (roll < 0.8) {
      const g = Uint8Array.from(f);
      const k = Math.floor(rnd() * g.length);
      g[k] = (g[k] ?? 0) ^ (1 << Math.floor(rnd() * 8));
      parts.push(g);
    } else parts.push(f.subarray(0, 1 + Math.floor(rnd() * (f.length - 1))));
  }
  const stream = concatBytes(...parts);
  const d = createMisPosDecoder();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < stream.length; ) {
    const size = 1 + Math.floor(rnd() * 64);
    d.push(stream.subarray(i, i + size));
    i += size;
  }
  d.flush();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { bench: BENCH, metric: 'fuzz (mutated MIS-POS, 1-64 B chunks)', value: Math.round(n / s), unit: 'frames/s', note: '40% of frames corrupted' };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function roundTrip(): Promise<BenchRow[]> {
  if (!hasSocat()) {
    return [{ bench: BENCH, metric: 'MIS-POS round trip over pty', value: Number.NaN, unit: 'ms', note: 'skipped: socat not installed' }];
  }
  const pty = await openPtyPair();
  const a = new SerialTransport({ path: pty.a, baudRate: 115200 });
  const b = new SerialTransport({ path: pty.b, baudRate: 115200 });
  try {
    await a.open();
    await b.open();
    const host = createMisPosLink(a);
    const device = createMisPosLink(b);
    device.onMessage((m) => void device.send(m)); // echo device
    const request: MisPosFrame = { data: bytes(600) };
    let resolveReply: () => void = () => {};
    host.onMessage(() => resolveReply());
    const samples: number[] = [];
    const ROUNDS = 300;
    for (let i = 0; i < ROUNDS + 20; i++) {
      const reply = new Promise<void>((r) => {
        resolveReply = r;
      });
      const t0 = process.hrtime.bigint();
      await host.send(request);
      await reply;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= 20) samples.push(ms); // first rounds warm up the JIT
    }
    samples.sort((x, y) => x - y);
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    // On the wire: request frame + ACK + echoed frame + ACK.
    const wireBytes = 2 * (600 + 5) + 2;
    const line = (baud: number) => (wireBytes * BITS_PER_BYTE * 1000) / baud;
    const note = `${ROUNDS} rounds, 600 B DATA each way, echo device; a pty has no baud-rate delay, so this is software time`;
    return [
      { bench: BENCH, metric: 'MIS-POS round trip over pty p50', value: Number(p50.toFixed(3)), unit: 'ms', note },
      { bench: BENCH, metric: 'MIS-POS round trip over pty p99', value: Number(p99.toFixed(3)), unit: 'ms' },
      { bench: BENCH, metric: 'p50 overhead / line time @115200', value: Number((p50 / line(115200)).toFixed(4)), unit: 'ratio', note: `line time ${line(115200).toFixed(1)} ms for ${wireBytes} B` },
      { bench: BENCH, metric: 'p50 overhead / line time @9600', value: Number((p50 / line(9600)).toFixed(4)), unit: 'ratio', note: `line time ${line(9600).toFixed(0)} ms` },
    ];
  } finally {
    await Promise.all([a.close(), b.close()]);
    await pty.close();
  }
}

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of CASES) rows.push(...decodeRate(c));
  rows.push(fuzzRate());
  rows.push(...(await roundTrip()));
  return rows;
}
