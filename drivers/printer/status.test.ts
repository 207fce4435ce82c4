import { describe, expect, it } from 'vitest';
import { decodeAsb, decodeDleEot, StatusStream } from './status';
import { VirtualPrinter } from './virtual/interpreter';

describe('printer status decoding', () => {
  it('decodes DLE EOT replies as unsigned bytes', () => {
    expect(decodeDleEot(Uint8Array.of(0x12, 0x12, 0x12, 0x12))).toEqual({
      online: true, coverOpen: false, paperOut: false, paperNearEnd: false, drawerOpen: false, error: false,
    });
    // the toolchain.md sample: offline, near end, paper out, cover open, auto-recoverable error
    expect(decodeDleEot(Uint8Array.of(0x1e, 0x36, 0x52, 0x7e))).toEqual({
      online: false, coverOpen: true, paperOut: true, paperNearEnd: true, drawerOpen: true, error: true,
    });
    expect(() => decodeDleEot(Uint8Array.of(0x12))).toThrow(/4 reply bytes/);
    expect(decodeDleEot(Uint8Array.of(0xff, 0x12, 0x12, 0x12)).error).toBe(true);
  });

  it('round-trips the virtual printer state through ASB and DLE EOT', () => {
    const vp = new VirtualPrinter();
    const states = [{ paperNearEnd: true }, { paperOut: true }, { coverOpen: true }, { drawerOpen: true }, { offline: true }];
    for (const s of states) {
      const p = new VirtualPrinter({ state: s });
      const asb = decodeAsb(p.feed(Uint8Array.of(0x1d, 0x61, 0x0f)));
      const eot = decodeDleEot(p.feed(Uint8Array.of(0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4)));
      expect(asb).toEqual(eot);
      expect(asb.online).toBe(!(s.paperOut || s.coverOpen || s.offline));
      expect(asb.paperOut).toBe(s.paperOut === true);
      expect(asb.coverOpen).toBe(s.coverOpen === true);
      expect(asb.drawerOpen).toBe(s.drawerOpen === true);
    }
    expect(vp.getState().paperOut).toBe(false);
  });

  it('splits a reply stream into ASB packets and DLE EOT bytes across chunks', () => {
    const s = new StatusStream();
    expect(s.push(Uint8Array.of(0x18, 0x00))).toEqual([]);
    const ev = s.push(Uint8Array.of(0x0f, 0x00, 0x12, 0xff));
    expect(ev.map((e) => e.kind)).toEqual(['asb', 'dle-eot', 'noise']);
    expect(ev[0]?.kind === 'asb' && ev[0].status.paperOut).toBe(true);
  });
});
