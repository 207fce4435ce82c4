/**
 * The Concert simulator as real cash registers use it (issue #10 item 2): a third-party E+
 * client (concert-test-client.ts, after pyTeliumManager and Odoo's Telium driver) sends its
 * hand-built bytes over a socat pty to the simulator service, and every answer byte is checked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../drivers/transport/pty-pair';
import { SerialTransport } from '../../drivers/transport/serial';
import {
  ANSWER_BYTES,
  type ConcertAsk,
  EOT,
  parseAnswer,
  RawLine,
  STX,
  type SessionTimes,
  transact,
} from './concert-test-client';
import { lineSeconds } from './paced-transport';
import { type SimService, startSimService } from './sim-service';

/** What pyTeliumManager's README example and Odoo send: POS 01, card, debit, 10-space private. */
const ASK: ConcertAsk = {
  pos: '01',
  amount: '00001250',
  answerFlag: '1',
  mode: '1',
  type: '0',
  currency: '978',
  privateField: ' '.repeat(10),
  delay: 'A010',
  auth: 'B010',
};
const TIMES: SessionTimes = { byteMs: 1_000, answerMs: 5_000 };
/** Long enough for a retransmission or a stray tail to show up after the session. */
const QUIET_MS = 400;

let pty: PtyPair | undefined;
let sim: SimService | undefined;
let client: SerialTransport | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  await pty?.close();
  client = undefined;
  sim = undefined;
  pty = undefined;
});

/** A fresh simulator (never signed in) with the profile's own link timers, and the register. */
async function start(baud = 9600, paceBaud = false): Promise<RawLine> {
  pty = await openPtyPair();
  sim = await startSimService({ vendor: 'ingenico-concert', link: { kind: 'serial', path: pty.b, baud }, paceBaud, seed: 5 });
  client = new SerialTransport({ path: pty.a, baudRate: baud });
  await client.open();
  return new RawLine(client);
}

const quiet = () => new Promise((r) => setTimeout(r, QUIET_MS));
const frames = (line: RawLine) => line.received.filter((b) => b === STX).length;

describe('Concert E+ simulator, driven by a third-party cash register over a pty', () => {
  it('approves two sales in a row with the blank private field, without a sign-in, and echoes it byte for byte', async () => {
    const line = await start();
    for (const amount of ['00001250', '00000990']) {
      const frame = await transact(line, { ...ASK, amount }, TIMES);
      expect(frame.length).toBe(ANSWER_BYTES.extended);
      const a = parseAnswer(frame);
      expect(a).toMatchObject({ lrcOk: true, pos: '01', status: '0', amount, mode: '1', currency: '978' });
      expect(Buffer.from(frame.subarray(71, 81)).toString('latin1')).toBe(' '.repeat(10));
      // pyTeliumManager: the card number is the report's text before its first space.
      expect(a.report?.split(' ')[0]).toMatch(/^\d{6}\*+\d{4}$/);
    }
    expect(sim?.journal().map((e) => e.result.responseCode)).toEqual(['00', '00']);
  });

  it("answer flag '0' gets the short answer: 28 bytes, then EOT and nothing else", async () => {
    const line = await start();
    const frame = await transact(line, { ...ASK, answerFlag: '0' }, TIMES);
    expect(frame.length).toBe(ANSWER_BYTES.short);
    expect(parseAnswer(frame)).toEqual({
      lrcOk: true,
      pos: '01',
      status: '0',
      amount: '00001250',
      mode: '1',
      currency: '978',
      privateField: ' '.repeat(10),
    });
    await quiet();
    expect(line.unread).toBe(0);
  });

  it('echoes POS number 07, currency 978 and a non-blank private field exactly', async () => {
    const line = await start();
    const privateField = '  A-17    ';
    const a = parseAnswer(await transact(line, { ...ASK, pos: '07', privateField }, TIMES));
    expect(a).toMatchObject({ lrcOk: true, pos: '07', currency: '978', privateField, status: '0' });
    // The same order number again is a duplicate: refused, and still echoed.
    const again = parseAnswer(await transact(line, { ...ASK, pos: '07', privateField }, TIMES));
    expect(again).toMatchObject({ pos: '07', currency: '978', privateField, status: '7' });
  });

  it('an unsupported transaction type is ACKed and answered with status 7, not left in silence', async () => {
    const line = await start();
    const privateField = 'X'.repeat(10);
    const a = parseAnswer(await transact(line, { ...ASK, type: '9', privateField }, TIMES));
    expect(a).toMatchObject({ lrcOk: true, status: '7', pos: '01', amount: '00001250', currency: '978', privateField });
    // The line is free for the next request.
    expect(parseAnswer(await transact(line, ASK, TIMES)).status).toBe('0');
  });

  it('at 300 baud the paced 83-byte answer (2.8 s on the line) goes out once, not again after the 2 s ACK timer', async () => {
    const line = await start(300, true);
    expect(lineSeconds(ANSWER_BYTES.extended, 300)).toBeGreaterThan(2);
    const frame = await transact(line, ASK, { byteMs: 1_000, answerMs: 10_000 });
    expect(parseAnswer(frame)).toMatchObject({ lrcOk: true, status: '0' });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(frames(line)).toBe(1);
    expect(line.received.at(-1)).toBe(EOT);
    expect(line.unread).toBe(0);
  }, 20_000);
});
