/**
 * A third-party Concert E+ cash register, for tests: it builds its request bytes by hand and
 * runs the session the way pyTeliumManager (telium/manager.py ask() + verify()) and Odoo's
 * hw_telium_payment_terminal do, so the simulator is tested with what those clients put on the
 * wire rather than with our own driver (DESIGN.md rule 9):
 *
 *   ENQ -> (ACK) -> STX msg ETX LRC -> (ACK) -> EOT        the request
 *   (ENQ) -> ACK -> read exactly 28 or 83 bytes -> ACK -> (EOT)   the answer
 *
 * Like those clients it reads the answer by its expected length (answer flag '0': 28 bytes,
 * '1': 83), so any surplus byte stays on the line where the test can see it.
 */
import type { Transport } from '../../drivers/transport/transport';

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;

/** Framed answer sizes the clients read (pyTeliumManager constant.py). */
export const ANSWER_BYTES = { short: 28, extended: 83 } as const;

export interface ConcertAsk {
  pos: string;
  /** 8 digits of minor units, as the clients format it: `('%.0f' % (amount * 100)).zfill(8)`. */
  amount: string;
  answerFlag: '0' | '1';
  mode: string;
  type: string;
  currency: string;
  /** 10 characters; the clients send 10 spaces. */
  privateField: string;
  delay: string;
  auth: string;
}

/** STX + the 34 characters + ETX + LRC (XOR of everything after STX up to ETX). */
export function askBytes(a: ConcertAsk): Uint8Array {
  const text = a.pos + a.amount + a.answerFlag + a.mode + a.type + a.currency + a.privateField + a.delay + a.auth;
  if (text.length !== 34) throw new Error(`an E+ request is 34 characters, this one ${text.length}`);
  const body = [...Buffer.from(text, 'ascii'), ETX];
  const lrc = body.reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([STX, ...body, lrc]);
}

/** The answer as the clients slice it (pyTeliumManager TeliumResponse.decode). */
export interface ConcertAnswer {
  pos: string;
  status: string;
  amount: string;
  mode: string;
  /** Extended answer only. */
  report?: string;
  currency: string;
  privateField: string;
  lrcOk: boolean;
}

export function parseAnswer(frame: Uint8Array): ConcertAnswer {
  const text = Buffer.from(frame.subarray(1, -2)).toString('latin1');
  const lrcOk = frame.subarray(1, -1).reduce((x, b) => x ^ b, 0) === frame.at(-1);
  const head = { pos: text.slice(0, 2), status: text.slice(2, 3), amount: text.slice(3, 11), mode: text.slice(11, 12), lrcOk };
  if (frame.length === ANSWER_BYTES.extended) {
    return { ...head, report: text.slice(12, 67), currency: text.slice(67, 70), privateField: text.slice(70, 80) };
  }
  return { ...head, currency: text.slice(12, 15), privateField: text.slice(15, 25) };
}

/** A byte-at-a-time reader over a transport, like pySerial's read(size) with a timeout. */
export class RawLine {
  readonly #pending: number[] = [];
  /** Every byte received, in order (what the test counts frames in). */
  readonly received: number[] = [];
  #wake: (() => void) | undefined;

  constructor(private readonly transport: Transport) {
    transport.onData((chunk) => {
      this.#pending.push(...chunk);
      this.received.push(...chunk);
      this.#wake?.();
    });
  }

  write(bytes: Uint8Array | number): Promise<void> {
    return this.transport.write(typeof bytes === 'number' ? Uint8Array.of(bytes) : bytes);
  }

  /** The next `n` bytes; rejects when they have not all come within `ms`. */
  async read(n: number, ms: number): Promise<Uint8Array> {
    const deadline = performance.now() + ms;
    while (this.#pending.length < n) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`read ${this.#pending.length} of ${n} bytes in ${ms} ms: ${hex(this.#pending)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    return Uint8Array.from(this.#pending.splice(0, n));
  }

  async expectByte(byte: number, ms: number, what: string): Promise<void> {
    const [got] = await this.read(1, ms);
    if (got !== byte) throw new Error(`${what}: expected 0x${byte.toString(16)}, got 0x${(got ?? 0).toString(16)}`);
  }

  /** Bytes that arrived and were not read. */
  get unread(): number {
    return this.#pending.length;
  }
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export interface SessionTimes {
  /** Each handshake byte (pyTeliumManager waits 1 s; Odoo 3 s). */
  byteMs: number;
  /** ENQ of the answer (the 120 s answer delay, shortened for tests). */
  answerMs: number;
}

/** One transaction as the clients run it; returns the framed answer (28 or 83 bytes). */
export async function transact(line: RawLine, ask: ConcertAsk, times: SessionTimes): Promise<Uint8Array> {
  await line.write(ENQ);
  await line.expectByte(ACK, times.byteMs, 'ACK of our ENQ');
  await line.write(askBytes(ask));
  await line.expectByte(ACK, times.byteMs, 'ACK of our request');
  await line.write(EOT);
  await line.expectByte(ENQ, times.answerMs, "the terminal's ENQ");
  await line.write(ACK);
  const size = ask.answerFlag === '1' ? ANSWER_BYTES.extended : ANSWER_BYTES.short;
  const answer = await line.read(size, times.answerMs);
  await line.write(ACK);
  await line.expectByte(EOT, times.byteMs, "the terminal's EOT");
  return answer;
}
