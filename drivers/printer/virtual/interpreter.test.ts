import { describe, expect, it } from 'vitest';
import { barcode, qrCode } from '../escpos/commands';
import { encodeText } from '../encoding';
import { VirtualPrinter } from './interpreter';
import { receiptText } from './model';

const b = (...parts: (number[] | string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? encodeText(p, 'GB18030') : Buffer.from(p))));

const CUT = [0x1d, 0x56, 0x00];

describe('VirtualPrinter', () => {
  it('prints styled GB18030 text lines and ends a receipt at a cut', () => {
    const vp = new VirtualPrinter({ widthDots: 384 });
    const reply = vp.feed(b([0x1b, 0x40, 0x1b, 0x61, 1, 0x1b, 0x45, 1, 0x1d, 0x21, 0x11], '收银小票\n', [0x1b, 0x45, 0, 0x1d, 0x21, 0, 0x1b, 0x61, 0], 'a可\n', CUT));
    expect(reply.length).toBe(0);
    expect(vp.receipts).toHaveLength(1);
    const r = vp.receipts[0];
    expect(r?.cut).toBe('full');
    expect(r && receiptText(r)).toEqual(['收银小票', 'a可']);
    const first = r?.items[0];
    expect(first?.kind === 'line' && first.align).toBe('center');
    expect(first?.kind === 'line' && first.spans[0]).toMatchObject({ bold: true, widthMul: 2, heightMul: 2 });
  });

  it('gives the same receipt whatever the chunking (split GB18030 characters and commands)', () => {
    const bytes = b('可口可乐 ', [0x1d, 0x42, 1], '反白', [0x1d, 0x42, 0, 0x0a], qrCode('https://x.test/中'), barcode('EAN13', '690123456789'), [0x1b, 0x70, 0, 25, 120], CUT);
    const whole = new VirtualPrinter();
    whole.feed(bytes);
    const bytewise = new VirtualPrinter();
    for (const byte of bytes) expect(bytewise.feed(Uint8Array.of(byte)).length).toBe(0);
    expect(bytewise.receipts).toEqual(whole.receipts);
    const items = whole.receipts[0]?.items ?? [];
    expect(items.map((i) => i.kind)).toEqual(['line', 'qr', 'barcode', 'drawer']);
    expect(items[1]).toMatchObject({ kind: 'qr', data: 'https://x.test/中', moduleSize: 6, ecLevel: 'M' });
    expect(items[2]).toMatchObject({ kind: 'barcode', type: 'EAN13', data: '6901234567892', height: 80 });
    expect(items[3]).toMatchObject({ kind: 'drawer', pin: 2, onMs: 50, offMs: 240 });
  });

  it('wraps a line that is wider than the paper', () => {
    const vp = new VirtualPrinter({ widthDots: 384 });
    vp.feed(b('一二三四五六七八九十一二三四五六七\n', CUT));
    expect(receiptText(vp.receipts[0] ?? { widthDots: 0, items: [], cut: null })).toEqual(['一二三四五六七八九十一二三四五六', '七']);
  });

  it('records unknown commands and invalid bytes, reports them, and keeps going', () => {
    const vp = new VirtualPrinter();
    const errors: string[] = [];
    vp.onError((e) => errors.push(e.message));
    vp.feed(b([0x1b, 0x7e], 'ok', [0x81, 0x0a], 'next\n', [0x1d, 0x28, 0x4c, 2, 0, 0x30, 0x45], CUT));
    const r = vp.receipts[0];
    expect(r?.items.filter((i) => i.kind === 'unknown').map((i) => i.kind === 'unknown' && i.hex)).toEqual(['1b 7e', '1d 28 4c 02 00 30 45']);
    expect(r && receiptText(r)).toEqual(['ok\ufffd', 'next']);
    expect(errors.join('\n')).toMatch(/unknown command ESC 0x7e/);
    expect(errors.join('\n')).toMatch(/invalid GB18030 byte sequence 81 0a/);
  });

  it('answers DLE EOT 1..4 from its state', () => {
    const vp = new VirtualPrinter();
    const q = [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4];
    expect(Array.from(vp.feed(Uint8Array.from(q)))).toEqual([0x12, 0x12, 0x12, 0x12]);
    vp.setState({ paperOut: true, coverOpen: true, drawerOpen: true });
    expect(Array.from(vp.feed(Uint8Array.from(q)))).toEqual([0x1e, 0x36, 0x12, 0x7e]);
    vp.setState({ paperOut: false, coverOpen: false, drawerOpen: false, paperNearEnd: true });
    expect(Array.from(vp.feed(Uint8Array.from(q)))).toEqual([0x12, 0x12, 0x12, 0x1e]);
  });

  it('sends ASB when enabled and again on every state change', () => {
    const vp = new VirtualPrinter();
    const pushed: number[][] = [];
    vp.onUnsolicited((bytes) => pushed.push(Array.from(bytes)));
    expect(Array.from(vp.feed(Uint8Array.of(0x1d, 0x61, 0x0f)))).toEqual([0x10, 0, 0, 0]);
    vp.setState({ paperOut: true });
    vp.setState({ paperOut: true }); // no change, no packet
    vp.setState({ paperOut: false, coverOpen: true });
    expect(pushed).toEqual([
      [0x18, 0, 0x0f, 0],
      [0x18, 0x04, 0, 0],
    ]);
  });

  it('discards a job while out of paper but still answers status', () => {
    const vp = new VirtualPrinter();
    vp.feed(b('before\n'));
    vp.setState({ paperOut: true });
    const reply = vp.feed(b('lost line\n', [0x10, 0x04, 4], [0x1b, 0x61, 1], 'also lost\n', CUT));
    expect(Array.from(reply)).toEqual([0x7e]);
    expect(vp.receipts).toHaveLength(0);
    expect(vp.discardedBytes).toBeGreaterThan(20);
    vp.setState({ paperOut: false });
    vp.feed(b('after\n', CUT));
    expect(vp.receipts.map(receiptText)).toEqual([['before', 'after']]);
    const after = vp.receipts[0]?.items[1];
    expect(after?.kind === 'line' && after.align).toBe('left'); // the discarded ESC a 1 had no effect
  });
});
