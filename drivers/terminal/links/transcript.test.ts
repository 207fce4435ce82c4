import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../codecs/codec';
import { createMisPosDecoder, encodeMisPos } from '../codecs/mispos';
import { parseTranscript, replayTranscript, Transcript } from './transcript';

describe('transcript', () => {
  it('exports JSON lines with hex bytes, decoded messages and notes, and reads them back', () => {
    const t = new Transcript();
    const frame = encodeMisPos({ data: fromHex('DF 01 01 30') });
    t.record({ at: 0, dir: 'tx', bytes: frame, decoded: [{ data: fromHex('DF 01 01 30') }], notes: [] }, 'host');
    t.record({ at: 1, dir: 'rx', bytes: Uint8Array.of(0x06), decoded: ['ACK'], notes: [] }, 'host');
    t.record({ at: 2, dir: 'rx', bytes: Uint8Array.of(0x41), decoded: [], notes: ['GARBAGE: 1 byte'] }, 'host');
    const jsonl = t.toJsonLines();
    const lines = jsonl.trim().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      dir: 'tx',
      bytes: toHex(frame),
      decoded: [{ data: { hex: 'df 01 01 30' } }],
      link: 'host',
    });
    expect(JSON.parse(lines[2] ?? '')).toMatchObject({ bytes: '41', note: 'GARBAGE: 1 byte' });
    const back = parseTranscript(`${jsonl}not json\n{"x":1}\n`);
    expect(back.entries).toHaveLength(3);
    expect(back.skipped).toBe(2);
  });

  it('replays recorded rx chunks (split mid-frame) into a decoder', () => {
    const frame = encodeMisPos({ data: fromHex('DF 01 01 30') });
    const t = new Transcript();
    t.record({ at: 0, dir: 'rx', bytes: frame.subarray(0, 4), decoded: [], notes: [] });
    t.record({ at: 1, dir: 'rx', bytes: frame.subarray(4), decoded: [{}], notes: [] });
    t.record({ at: 2, dir: 'tx', bytes: Uint8Array.of(0x06), decoded: ['ACK'], notes: [] });
    const events = replayTranscript(parseTranscript(t.toJsonLines()).entries, createMisPosDecoder());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'frame' });
  });
});
