/**
 * LED8N "通用客显" 8-digit numeric pole display: the pure command encoder.
 *
 * Source: shared/reference/bills-displays.md §3 (LED8N user manual; ch593030323/fastfd
 * peripheral/clientdisplay_no.cpp; WintecCD110_LineDisplay.java for the binary lamp form).
 */

/** The LED8N manual: "2400 bps, 8N1" is the power-on default; fastfd: "波特率必须是2400". */
export const LED8N_DEFAULT_BAUD = 2400;

const ESC = 0x1b;
const STX = 0x02;
const CR = 0x0d;
const CLR = 0x0c;

/** `STX B n`: the manual's table of baud-rate codes ('2' = 2400 is the power-on default). */
export const LED8N_BAUD_CODES: Record<number, number> = {
  9600: 0x30,
  4800: 0x31,
  2400: 0x32,
  1200: 0x33,
  600: 0x34,
  300: 0x35,
};

/** The four indicator lamps printed under the digits: 单价 / 总计 / 收款 / 找零. */
export type Lamp = 'price' | 'total' | 'paid' | 'change';

/** `ESC s n`: n = 1 单价, 2 总计, 3 收款, 4 找零; 0 (or 5) = all lamps off (fastfd). */
export const LAMP_CODE: Record<Lamp, number> = { price: 1, total: 2, paid: 3, change: 4 };

/**
 * How n of `ESC s n` is sent: fastfd and the VB example send ASCII ('0' + n); 中科英泰's
 * Wintec CD110 JavaPOS driver sends binary 1..4. Default ASCII, the LED8N family's form.
 */
export type LampForm = 'ascii' | 'binary';

/** Digits the display can show: without a decimal point n <= 8, with points n <= 15 (the manual). */
const MAX_DIGITS = 8;
const MAX_DATA_BYTES = 15;

/** `ESC @`: reset settings, clear the screen, cursor home. */
export function led8nInit(): Uint8Array {
  return Uint8Array.of(ESC, 0x40);
}

/** `CLR` (0C): clear the display. */
export function led8nClear(): Uint8Array {
  return Uint8Array.of(CLR);
}

/**
 * `ESC Q A d1..dn CR`: show a number. Only 0-9, '-' and '.' exist on a 7-segment display;
 * anything else is refused here rather than shown as garbage segments.
 */
export function led8nShow(text: string): Uint8Array {
  if (!/^-?[0-9.]*$/.test(text) || text.indexOf('-', 1) >= 0) {
    throw new RangeError(`LED8N shows only digits, '.' and a leading '-', got ${JSON.stringify(text)}`);
  }
  const digits = text.replaceAll('.', '').length;
  if (digits > MAX_DIGITS) throw new RangeError(`LED8N has ${MAX_DIGITS} digits; ${JSON.stringify(text)} needs ${digits}`);
  if (text.length > MAX_DATA_BYTES) throw new RangeError(`LED8N takes at most ${MAX_DATA_BYTES} characters, got ${text.length}`);
  const out = new Uint8Array(text.length + 4);
  out.set([ESC, 0x51, 0x41], 0);
  for (let i = 0; i < text.length; i++) out[3 + i] = text.charCodeAt(i);
  out[out.length - 1] = CR;
  return out;
}

/** `ESC s n`: light one lamp (null = all off). */
export function led8nLamp(lamp: Lamp | null, form: LampForm = 'ascii'): Uint8Array {
  const n = lamp === null ? 0 : LAMP_CODE[lamp];
  return Uint8Array.of(ESC, 0x73, form === 'ascii' ? 0x30 + n : n);
}

/** `STX L d1 d2 d3 d4`: switch each lamp on or off (Price, Total, Collect, Change). */
export function led8nLamps(on: readonly Lamp[]): Uint8Array {
  const order: Lamp[] = ['price', 'total', 'paid', 'change'];
  return Uint8Array.of(STX, 0x4c, ...order.map((l) => (on.includes(l) ? 0x31 : 0x30)));
}

/** `STX B n`: change the display's baud rate (the host must then reopen at the new rate). */
export function led8nSetBaud(baudRate: number): Uint8Array {
  const code = LED8N_BAUD_CODES[baudRate];
  if (code === undefined) throw new RangeError(`LED8N supports ${Object.keys(LED8N_BAUD_CODES).join('/')} baud, not ${baudRate}`);
  return Uint8Array.of(STX, 0x42, code);
}
