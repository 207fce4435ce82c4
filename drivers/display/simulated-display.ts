/**
 * The device side of a pole display: decodes the bytes a host sends into what the glass shows,
 * for the simulator UI and for tests over a real pty pair.
 *
 * Streaming: feed() takes any chunking; a command split across chunks waits for the rest.
 * A byte the model does not know is reported through onError (with its offset) and skipped,
 * so one bad byte never wedges the stream. Follows bills-displays.md §3; the lamp byte of
 * `ESC s n` is accepted in both the ASCII and the binary form, as the reference advises.
 */
import iconv from 'iconv-lite';
import type { Transport } from '../transport/transport';
import { DMD_COLUMNS, DMD_ROWS } from './dmd';
import type { DisplayModel } from './customer-display';
import { type Lamp, LED8N_BAUD_CODES, LED8N_DEFAULT_BAUD } from './led8n';

export type DisplayView =
  | { model: 'led8n'; digits: string; lamp: Lamp | null; lamps: Lamp[]; baudRate: number }
  | { model: 'dmd'; lines: [string, string]; cursor: { column: number; row: number } };

export interface DisplayError {
  /** Byte offset in the whole stream fed so far. */
  offset: number;
  message: string;
}

const ESC = 0x1b;
const STX = 0x02;
const US = 0x1f;
const CR = 0x0d;
/** `ESC Q A` data is at most 15 bytes (the manual); past that, a missing CR is an error. */
const MAX_LED_DATA = 15;
const LAMPS: Lamp[] = ['price', 'total', 'paid', 'change'];
/** A wide character's right half, so a cell grid still has one entry per column. */
const WIDE_TAIL = '';

type Step = { used: number } | 'more';

export class SimulatedDisplay {
  readonly model: DisplayModel;
  #pending: Buffer = Buffer.alloc(0);
  #offset = 0;
  // LED8N state
  #digits = '';
  #lamps = new Set<Lamp>();
  #baud = LED8N_DEFAULT_BAUD;
  // DM-D state: a grid of cells, one string per column.
  #cells: string[][] = blankGrid();
  #col = 0;
  #row = 0;
  readonly #changeListeners = new Set<(view: DisplayView) => void>();
  readonly #errorListeners = new Set<(e: DisplayError) => void>();

  constructor(model: DisplayModel) {
    this.model = model;
  }

  view(): DisplayView {
    if (this.model === 'led8n') {
      const lamps = LAMPS.filter((l) => this.#lamps.has(l));
      return { model: 'led8n', digits: this.#digits, lamp: lamps.length === 1 ? (lamps[0] ?? null) : null, lamps, baudRate: this.#baud };
    }
    const lines = this.#cells.map((r) => r.join('').trimEnd()) as [string, string];
    return { model: 'dmd', lines, cursor: { column: this.#col + 1, row: this.#row + 1 } };
  }

  onChange(listener: (view: DisplayView) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  onError(listener: (e: DisplayError) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  feed(chunk: Uint8Array): void {
    this.#pending = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    let pos = 0;
    let changed = false;
    while (pos < this.#pending.length) {
      const step = this.model === 'led8n' ? this.#led(this.#pending, pos) : this.#dmd(this.#pending, pos);
      if (step === 'more') break;
      pos += step.used;
      changed = true;
    }
    this.#offset += pos;
    this.#pending = Buffer.from(this.#pending.subarray(pos));
    if (changed) {
      const v = this.view();
      for (const l of this.#changeListeners) l(v);
    }
  }

  #error(at: number, message: string): void {
    const e = { offset: this.#offset + at, message };
    for (const l of this.#errorListeners) l(e);
  }

  // ---- LED8N --------------------------------------------------------------------------

  #led(buf: Buffer, pos: number): Step {
    const b = buf[pos] ?? 0;
    const has = (n: number) => pos + n <= buf.length;
    switch (b) {
      case CR: // cursor to the left end: nothing visible changes
        return { used: 1 };
      case 0x0c: // CLR
      case 0x18: // CAN: clear the cursor line (the only line)
        this.#digits = '';
        return { used: 1 };
      case STX: {
        if (!has(2)) return 'more';
        const c = buf[pos + 1];
        if (c === 0x42) {
          if (!has(3)) return 'more';
          const code = buf[pos + 2] ?? 0;
          const rate = Object.entries(LED8N_BAUD_CODES).find(([, v]) => v === code)?.[0];
          if (rate === undefined) this.#error(pos, `STX B with unknown baud code 0x${hex(code)}`);
          else this.#baud = Number(rate);
          return { used: 3 };
        }
        if (c === 0x4c) {
          if (!has(6)) return 'more';
          this.#lamps = new Set(LAMPS.filter((_, i) => buf[pos + 2 + i] === 0x31 || buf[pos + 2 + i] === 1));
          return { used: 6 };
        }
        this.#error(pos, `unknown command STX 0x${hex(c ?? 0)}`);
        return { used: 1 };
      }
      case ESC: {
        if (!has(2)) return 'more';
        const c = buf[pos + 1];
        if (c === 0x40) {
          this.#digits = '';
          this.#lamps.clear();
          return { used: 2 };
        }
        if (c === 0x73) {
          if (!has(3)) return 'more';
          const raw = buf[pos + 2] ?? 0;
          const n = raw >= 0x30 ? raw - 0x30 : raw; // ASCII '0'..'5' or binary 0..5
          if (n < 0 || n > 5) {
            this.#error(pos, `ESC s with lamp 0x${hex(raw)}: expected 0..5 or '0'..'5'`);
            return { used: 3 };
          }
          const lamp = LAMPS[n - 1];
          this.#lamps = new Set(lamp ? [lamp] : []);
          return { used: 3 };
        }
        if (c === 0x51) {
          if (!has(3)) return 'more';
          if (buf[pos + 2] !== 0x41) {
            this.#error(pos, `ESC Q 0x${hex(buf[pos + 2] ?? 0)}: only ESC Q A (show data) exists`);
            return { used: 3 };
          }
          const end = buf.indexOf(CR, pos + 3);
          if (end < 0) {
            if (buf.length - (pos + 3) > MAX_LED_DATA) {
              this.#error(pos, `ESC Q A without CR within ${MAX_LED_DATA} characters`);
              return { used: 3 };
            }
            return 'more';
          }
          const data = buf.subarray(pos + 3, end).toString('latin1');
          if (data.length > MAX_LED_DATA || !/^-?[0-9.]*$/.test(data) || data.replaceAll('.', '').length > 8) {
            this.#error(pos, `ESC Q A data ${JSON.stringify(data)} is not up to 8 digits with '-' and '.'`);
          } else {
            this.#digits = data;
          }
          return { used: end - pos + 1 };
        }
        this.#error(pos, `unknown command ESC 0x${hex(c ?? 0)}`);
        return { used: 1 };
      }
      default:
        this.#error(pos, `unexpected byte 0x${hex(b)} (not an LED8N command)`);
        return { used: 1 };
    }
  }

  // ---- DM-D ---------------------------------------------------------------------------

  #dmd(buf: Buffer, pos: number): Step {
    const b = buf[pos] ?? 0;
    const has = (n: number) => pos + n <= buf.length;
    if (b >= 0x20 && b < 0x7f) {
      this.#put(String.fromCharCode(b), 1);
      return { used: 1 };
    }
    if (b >= 0x81 && b <= 0xfe) return this.#gb(buf, pos);
    switch (b) {
      case 0x0c: // CLR
        this.#cells = blankGrid();
        this.#col = 0;
        this.#row = 0;
        return { used: 1 };
      case 0x18: // CAN: clear the cursor line
        this.#cells[this.#row] = blankRow();
        this.#col = 0;
        return { used: 1 };
      case 0x08: // BS
        this.#col = Math.max(0, this.#col - 1);
        return { used: 1 };
      case 0x09: // HT
        this.#advance(1);
        return { used: 1 };
      case 0x0a: // LF
        this.#row = Math.min(DMD_ROWS - 1, this.#row + 1);
        return { used: 1 };
      case 0x0b: // HOM
        this.#col = 0;
        this.#row = 0;
        return { used: 1 };
      case CR:
        this.#col = 0;
        return { used: 1 };
      case ESC: {
        if (!has(2)) return 'more';
        const c = buf[pos + 1];
        if (c === 0x40) {
          this.#cells = blankGrid();
          this.#col = 0;
          this.#row = 0;
          return { used: 2 };
        }
        if (c === 0x3d) return has(3) ? { used: 3 } : 'more'; // ESC = n: select peripheral
        this.#error(pos, `unknown command ESC 0x${hex(c ?? 0)}`);
        return { used: 1 };
      }
      case US:
        return this.#us(buf, pos);
      default:
        this.#error(pos, `unexpected byte 0x${hex(b)} (not a DM-D command or text)`);
        return { used: 1 };
    }
  }

  #us(buf: Buffer, pos: number): Step {
    if (pos + 2 > buf.length) return 'more';
    const c = buf[pos + 1] ?? 0;
    const args = US_ARGS.get(c);
    if (args === undefined) {
      this.#error(pos, `unknown command US 0x${hex(c)}`);
      return { used: 1 };
    }
    if (pos + 2 + args > buf.length) return 'more';
    if (c === 0x24) {
      const n = buf[pos + 2] ?? 0;
      const m = buf[pos + 3] ?? 0;
      if (n < 1 || n > DMD_COLUMNS || m < 1 || m > DMD_ROWS) {
        this.#error(pos, `US $ ${n} ${m}: cursor outside 1..${DMD_COLUMNS} x 1..${DMD_ROWS}`);
      } else {
        this.#col = n - 1;
        this.#row = m - 1;
      }
    } else if (c === 0x0a) {
      this.#row = Math.max(0, this.#row - 1);
    } else if (c === 0x0d) {
      this.#col = DMD_COLUMNS - 1;
    } else if (c === 0x42) {
      this.#row = DMD_ROWS - 1;
    }
    // Modes, cursor, blink, brightness, reverse, timer and DTR change nothing we draw.
    return { used: 2 + args };
  }

  /** A GB18030 character: two bytes, or four when the second byte is a digit 0x30-0x39. */
  #gb(buf: Buffer, pos: number): Step {
    if (pos + 2 > buf.length) return 'more';
    const second = buf[pos + 1] ?? 0;
    const length = second >= 0x30 && second <= 0x39 ? 4 : 2;
    if (pos + length > buf.length) return 'more';
    const valid = length === 4 || (second >= 0x40 && second <= 0xfe && second !== 0x7f);
    if (!valid) {
      this.#error(pos, `byte 0x${hex(buf[pos] ?? 0)} 0x${hex(second)} is not a GB18030 character`);
      return { used: 1 };
    }
    this.#put(iconv.decode(buf.subarray(pos, pos + length), 'gb18030'), 2);
    return { used: length };
  }

  #put(ch: string, width: 1 | 2): void {
    // A wide character that would straddle the right edge starts on the next line, as on the glass.
    if (width === 2 && this.#col === DMD_COLUMNS - 1) this.#advance(1);
    const row = this.#cells[this.#row] ?? blankRow();
    row[this.#col] = ch;
    if (width === 2) row[this.#col + 1] = WIDE_TAIL;
    this.#advance(width);
  }

  /** Overwrite mode (MD1): past the last column the cursor wraps to the next row, bottom to top. */
  #advance(n: number): void {
    this.#col += n;
    while (this.#col >= DMD_COLUMNS) {
      this.#col -= DMD_COLUMNS;
      this.#row = (this.#row + 1) % DMD_ROWS;
    }
  }
}

/** Argument bytes after `US c`, per the SCREEN table in bills-displays.md §3. */
const US_ARGS = new Map<number, number>([
  [0x01, 0], // MD1 overwrite
  [0x02, 0], // MD2 vertical scroll
  [0x03, 0], // MD3 horizontal scroll
  [0x0a, 0], // cursor up
  [0x0d, 0], // rightmost
  [0x42, 0], // bottom
  [0x24, 2], // US $ n m
  [0x43, 1], // cursor on/off
  [0x45, 1], // blink
  [0x54, 2], // set timer
  [0x55, 0], // show timer
  [0x58, 1], // brightness
  [0x72, 1], // reverse
  [0x76, 1], // DTR
]);

function blankRow(): string[] {
  return Array.from({ length: DMD_COLUMNS }, () => ' ');
}

function blankGrid(): string[][] {
  return Array.from({ length: DMD_ROWS }, blankRow);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Serve a simulated display on the device end of a link; returns a detach function. */
export function attachDisplay(display: SimulatedDisplay, transport: Transport): () => void {
  return transport.onData((chunk) => display.feed(chunk));
}
