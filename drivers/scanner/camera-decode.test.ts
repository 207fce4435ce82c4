import { BarcodeFormat, EncodeHintType, QRCodeWriter } from '@zxing/library';
import { describe, expect, it } from 'vitest';
import { CameraDecoder, decodeFrame, toLuminance } from './camera-decode';
import { gs1CheckDigit } from './check-digit';

interface Frame {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A white RGBA frame with `modules` (true = black) painted at (x0, y0), `scale` px per module. */
function paint(width: number, height: number, modules: boolean[][], scale: number, x0 = 0, y0 = 0): Frame {
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  modules.forEach((row, my) => {
    row.forEach((black, mx) => {
      if (!black) return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const p = ((y0 + my * scale + dy) * width + (x0 + mx * scale + dx)) * 4;
          rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
        }
      }
    });
  });
  return { rgba, width, height };
}

function qrFrame(text: string): Frame {
  const hints = new Map([[EncodeHintType.CHARACTER_SET, 'UTF-8']]);
  const m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
  const modules = Array.from({ length: m.getHeight() }, (_, y) => Array.from({ length: m.getWidth() }, (_, x) => m.get(x, y)));
  const scale = 4;
  return paint(m.getWidth() * scale + 40, m.getHeight() * scale + 40, modules, scale, 20, 20);
}

// EAN-13 module patterns (GS1 GenSpecs §5.2.2.4): L, G (mirror of R) and R sets.
const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const R = L.map((p) => [...p].map((b) => (b === '1' ? '0' : '1')).join(''));
const G = R.map((p) => [...p].reverse().join(''));
/** The first digit is encoded by the L/G parity of the left six digits. */
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

function ean13Frame(code: string): Frame {
  const d = [...code].map(Number);
  const parity = PARITY[d[0] ?? 0] ?? '';
  let bits = '101';
  for (let i = 1; i <= 6; i++) bits += (parity[i - 1] === 'L' ? L : G)[d[i] ?? 0];
  bits += '01010';
  for (let i = 7; i <= 12; i++) bits += R[d[i] ?? 0];
  bits += '101';
  const quiet = '0'.repeat(11);
  const row = [...(quiet + bits + quiet)].map((b) => b === '1');
  const scale = 3;
  const rows = Array.from({ length: 20 }, () => row);
  return paint(row.length * scale, 20 * scale, rows, scale);
}

describe('camera decode', () => {
  it('reads a QR code (payment code) from an RGBA frame', () => {
    const f = qrFrame('134567890123456789');
    expect(decodeFrame(f.rgba, f.width, f.height)).toEqual({ text: '134567890123456789', format: 'QR_CODE' });
  });

  it('reads a QR code with UTF-8 Chinese text', () => {
    const f = qrFrame('https://example.com/付款?amountFen=1234');
    expect(decodeFrame(f.rgba, f.width, f.height, { formats: ['QR_CODE'] })?.text).toBe('https://example.com/付款?amountFen=1234');
  });

  it('reads a hand-drawn EAN-13', () => {
    const code = `690123456789${gs1CheckDigit('690123456789')}`;
    const f = ean13Frame(code);
    expect(decodeFrame(f.rgba, f.width, f.height)).toEqual({ text: code, format: 'EAN_13' });
    const f2 = ean13Frame('5901234123457');
    expect(decodeFrame(f2.rgba, f2.width, f2.height, { formats: ['EAN_13'] })).toEqual({ text: '5901234123457', format: 'EAN_13' });
  });

  it('an EAN-13 drawn with a wrong check digit is not read', () => {
    const f = ean13Frame('5901234123458');
    expect(decodeFrame(f.rgba, f.width, f.height)).toBeNull();
  });

  it('a blank frame, or a code outside the allowed formats, gives null', () => {
    const blank = new Uint8ClampedArray(64 * 48 * 4).fill(255);
    expect(decodeFrame(blank, 64, 48)).toBeNull();
    const f = ean13Frame('5901234123457');
    expect(decodeFrame(f.rgba, f.width, f.height, { formats: ['QR_CODE'] })).toBeNull();
  });

  it('one decoder reads frame after frame (reset between frames)', () => {
    const d = new CameraDecoder();
    const a = qrFrame('first');
    const b = ean13Frame('5901234123457');
    const blank = new Uint8ClampedArray(10 * 10 * 4);
    expect(d.decode(a.rgba, a.width, a.height)?.text).toBe('first');
    expect(d.decode(blank, 10, 10)).toBeNull();
    expect(d.decode(b.rgba, b.width, b.height)?.text).toBe('5901234123457');
  });

  it('transparent pixels count as white', () => {
    expect([...toLuminance(Uint8ClampedArray.of(0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255), 3, 1)]).toEqual([255, 0, 255]);
  });

  it('a frame of the wrong size is a clear error', () => {
    expect(() => decodeFrame(new Uint8ClampedArray(10), 2, 2)).toThrow('RGBA frame of 2x2 needs 16 bytes, got 10');
    expect(() => decodeFrame(new Uint8ClampedArray(0), 0, 0)).toThrow(/positive integers/);
    expect(() => new CameraDecoder({ formats: [] })).toThrow(/at least one/);
  });
});
