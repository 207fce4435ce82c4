import { describe, expect, it } from 'vitest';
import { dmdTwoLines } from './dmd';
import { led8nInit, led8nLamp, led8nLamps, led8nSetBaud, led8nShow } from './led8n';
import { type DisplayError, SimulatedDisplay } from './simulated-display';

function collectErrors(d: SimulatedDisplay): DisplayError[] {
  const errors: DisplayError[] = [];
  d.onError((e) => errors.push(e));
  return errors;
}

describe('simulated LED8N', () => {
  it('shows digits and one lamp; ESC @ clears both', () => {
    const d = new SimulatedDisplay('led8n');
    const errors = collectErrors(d);
    d.feed(Buffer.concat([led8nShow('12.34'), led8nLamp('total')]));
    expect(d.view()).toMatchObject({ digits: '12.34', lamp: 'total', lamps: ['total'], baudRate: 2400 });
    d.feed(led8nLamp('change', 'binary'));
    expect(d.view()).toMatchObject({ lamp: 'change' });
    d.feed(led8nLamps(['price', 'paid']));
    expect(d.view()).toMatchObject({ lamp: null, lamps: ['price', 'paid'] });
    d.feed(led8nSetBaud(9600));
    d.feed(led8nInit());
    expect(d.view()).toMatchObject({ digits: '', lamp: null, lamps: [], baudRate: 9600 });
    expect(errors).toEqual([]);
  });

  it('takes any chunking, one byte at a time', () => {
    const d = new SimulatedDisplay('led8n');
    for (const b of Buffer.concat([led8nShow('-7.05'), led8nLamp('change')])) d.feed(Uint8Array.of(b));
    expect(d.view()).toMatchObject({ digits: '-7.05', lamp: 'change' });
  });

  it('reports garbage with its offset and resynchronises', () => {
    const d = new SimulatedDisplay('led8n');
    const errors = collectErrors(d);
    d.feed(Buffer.concat([Buffer.from([0x41, 0xff]), Buffer.from('1b5141313233410d', 'hex'), led8nShow('8.88'), led8nLamp('paid')]));
    expect(errors.map((e) => e.offset)).toEqual([0, 1, 2]);
    expect(errors[2]?.message).toMatch(/not up to 8 digits/);
    expect(d.view()).toMatchObject({ digits: '8.88', lamp: 'paid' });
  });

  it('an ESC Q A that never ends is dropped after 15 characters, not waited on forever', () => {
    const d = new SimulatedDisplay('led8n');
    const errors = collectErrors(d);
    d.feed(Buffer.concat([Buffer.from('1b5141', 'hex'), Buffer.from('1'.repeat(16))]));
    expect(errors[0]?.message).toMatch(/without CR/);
  });
});

describe('simulated DM-D 2x20', () => {
  it('draws two lines with CJK as two columns', () => {
    const d = new SimulatedDisplay('dmd');
    const errors = collectErrors(d);
    d.feed(dmdTwoLines('总计 Total', '           RMB 12.34', 'GB18030'));
    expect(d.view()).toMatchObject({ lines: ['总计 Total', '           RMB 12.34'] });
    expect(errors).toEqual([]);
  });

  it('CLR, CAN, cursor moves', () => {
    const d = new SimulatedDisplay('dmd');
    d.feed(Buffer.from('\x0cHELLO\x1f\x24\x03\x02AB\x0dZ', 'latin1'));
    expect(d.view()).toMatchObject({ lines: ['HELLO', 'Z AB'] });
    d.feed(Uint8Array.of(0x18));
    expect(d.view()).toMatchObject({ lines: ['HELLO', ''], cursor: { column: 1, row: 2 } });
  });

  it('a GB18030 character split across chunks waits for its second byte', () => {
    const d = new SimulatedDisplay('dmd');
    d.feed(Uint8Array.of(0xd7));
    expect(d.view()).toMatchObject({ lines: ['', ''] });
    d.feed(Uint8Array.of(0xdc));
    expect(d.view()).toMatchObject({ lines: ['总', ''] });
  });

  it('bad bytes are errors and the text after them still shows', () => {
    const d = new SimulatedDisplay('dmd');
    const errors = collectErrors(d);
    d.feed(Buffer.from([0x07, 0x1f, 0x99, 0x1f, 0x24, 0x30, 0x01, 0x81, 0x20, 0x4f, 0x4b]));
    expect(errors.map((e) => e.message)).toEqual([
      'unexpected byte 0x07 (not a DM-D command or text)',
      'unknown command US 0x99',
      'byte 0x99 0x1f is not a GB18030 character',
      'US $ 48 1: cursor outside 1..20 x 1..2',
      'byte 0x81 0x20 is not a GB18030 character',
    ]);
    expect(d.view()).toMatchObject({ lines: [' OK', ''] });
  });
});
