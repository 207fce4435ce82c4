/**
 * Ingenico Concert session link (vendor-protocols.md §2.4), the same in both
 * directions:
 *   sender: ENQ -> (ACK) -> STX msg ETX LRC -> (ACK; NAK = send again) -> EOT
 *   receiver: answers ENQ with ACK, a good message with ACK, a bad one with NAK,
 *   and ends the session on EOT.
 *
 * One session at a time on the line: a send() waits until the peer's session has
 * ended (its EOT, or maxTries x ackTimeoutMs of silence if that EOT was lost), and
 * while we are sending, a peer's ENQ is answered with NAK (we hold the line).
 */
import type { Transport } from '../../transport/transport';
import { CONTROL_BYTES, type DecodeEvent } from '../codecs/codec';
import { type ConcertMessage, concertCodec } from '../codecs/concert';
import { NAK_WORTHY } from './ack-nak-link';
import { LinkBase, LinkError, type LinkTimers, type MessageLink, realTimers } from './link';
import { SerialQueue } from './serial-queue';
import { type Answer, AnswerWaiter } from './waiter';

export interface ConcertLinkOptions {
  /** Wait for the ACK of our ENQ and of our message, counted from when its last byte went out. */
  ackTimeoutMs: number;
  /** Tries for ENQ and, separately, for the message. */
  maxTries: number;
  interByteTimeoutMs: number;
  timers?: LinkTimers;
}

export const CONCERT_LINK_DEFAULTS: ConcertLinkOptions = {
  /** Telium answers ENQ within a character time; 2 s allows for a busy terminal. */
  ackTimeoutMs: 2_000,
  maxTries: 3,
  interByteTimeoutMs: 500,
};

const ENQ = Uint8Array.of(CONTROL_BYTES.ENQ);
const ACK = Uint8Array.of(CONTROL_BYTES.ACK);
const NAK = Uint8Array.of(CONTROL_BYTES.NAK);
const EOT = Uint8Array.of(CONTROL_BYTES.EOT);

export class ConcertLink extends LinkBase<ConcertMessage, ConcertMessage> implements MessageLink<ConcertMessage> {
  readonly #queue = new SerialQueue();
  readonly #answers: AnswerWaiter;
  #sending = false;
  #peerSession = false;
  #peerDone: Array<() => void> = [];
  readonly #options: ConcertLinkOptions;

  constructor(transport: Transport, options: Partial<ConcertLinkOptions> = {}) {
    const o = { ...CONCERT_LINK_DEFAULTS, ...options };
    const timers = o.timers ?? realTimers;
    super(transport, concertCodec.createDecoder(), timers, o.interByteTimeoutMs);
    this.#options = o;
    this.#answers = new AnswerWaiter(timers);
  }

  send(message: ConcertMessage): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = concertCodec.encode(message);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queue.run(() => this.#session(message, bytes));
  }

  /** Resolves when the peer's session (if any) is over. */
  #lineFree(): Promise<void> {
    if (!this.#peerSession) return Promise.resolve();
    const { ackTimeoutMs, maxTries } = this.#options;
    return new Promise<void>((resolve) => {
      const timer = this.timers.setTimeout(() => {
        this.event('timeout', 'peer session never ended (EOT lost?): taking the line');
        this.#endPeerSession();
      }, ackTimeoutMs * maxTries);
      this.#peerDone.push(() => {
        this.timers.clearTimeout(timer);
        resolve();
      });
    });
  }

  #endPeerSession(): void {
    this.#peerSession = false;
    for (const done of this.#peerDone.splice(0)) done();
  }

  async #session(message: ConcertMessage, bytes: Uint8Array): Promise<void> {
    await this.#lineFree();
    if (this.closed) throw new LinkError('CLOSED', 'the link is closed');
    this.#sending = true;
    try {
      await this.#exchange(ENQ, 'ENQ', 'ENQ');
      await this.#exchange(bytes, message, 'message');
    } finally {
      this.#sending = false;
    }
    this.event('eot', 'session done: sending EOT');
    await this.writeRaw(EOT, 'EOT');
  }

  /** Writes `bytes` until ACKed, up to maxTries; NAK or silence means try again. */
  async #exchange(bytes: Uint8Array, decoded: unknown, what: string): Promise<void> {
    const { maxTries, ackTimeoutMs } = this.#options;
    let last: Answer = 'timeout';
    for (let attempt = 1; attempt <= maxTries; attempt++) {
      if (attempt > 1) this.event('retransmit', `${what} again (try ${attempt}/${maxTries}) after ${last}`, { raw: bytes });
      // Timed from the last byte out: at 300 baud an 80-char message alone takes 2.8 s.
      last = await this.#answers.afterWrite(
        () => this.writeRaw(bytes, decoded, attempt > 1 ? `try ${attempt}/${maxTries}` : undefined),
        ackTimeoutMs,
      );
      if (last === 'ACK') {
        this.event('ack', `${what} acknowledged`);
        return;
      }
      if (last === 'closed') throw new LinkError('CLOSED', 'the link closed during the session');
      if (last === 'EOT') throw new LinkError('PEER_EOT', `peer sent EOT in answer to our ${what}`);
      this.event(last === 'NAK' ? 'nak' : 'timeout', `${what}: ${last === 'NAK' ? 'NAK' : `no ACK within ${ackTimeoutMs} ms`} (try ${attempt}/${maxTries})`);
    }
    await this.writeRaw(EOT, 'EOT', 'gave up').catch(() => undefined);
    this.event('eot', `giving up on ${what}: sent EOT`);
    throw last === 'NAK'
      ? new LinkError('REJECTED', `peer NAKed our ${what} ${maxTries} times`)
      : new LinkError('NO_ACK', `no ACK to our ${what} after ${maxTries} tries`);
  }

  protected handle(e: DecodeEvent<ConcertMessage>): void {
    if (e.type === 'error') {
      this.decodeError(e);
      if (this.#peerSession && NAK_WORTHY.has(e.code)) {
        this.event('sent-nak', `NAK: ${e.message}`, { code: e.code, raw: e.raw });
        this.writeControl(NAK, 'NAK');
        this.decoder.reset(); // the peer resends the whole message; drop the debris
      }
      return;
    }
    if (e.type === 'frame') {
      if (!this.#peerSession) this.event('decode-error', 'message without ENQ first: accepted anyway', { raw: e.raw });
      this.writeControl(ACK, 'ACK');
      this.event('sent-ack', 'message received and acknowledged', { raw: e.raw });
      this.messages.emit(e.frame);
      return;
    }
    switch (e.control) {
      case 'ENQ':
        if (this.#sending) {
          this.event('enq', 'peer ENQ while we hold the line: NAK');
          this.writeControl(NAK, 'NAK');
          return;
        }
        this.#peerSession = true;
        this.event('enq', 'peer opens a session: ACK');
        this.writeControl(ACK, 'ACK');
        return;
      case 'EOT':
        if (this.#answers.settle('EOT')) return;
        this.event('eot', 'peer ended its session');
        this.#endPeerSession();
        return;
      default:
        if (!this.#answers.settle(e.control)) this.event(e.control === 'ACK' ? 'ack' : 'nak', `unexpected ${e.control}`, { raw: e.raw });
    }
  }

  protected shutdown(): void {
    this.#answers.settle('closed');
    this.#endPeerSession();
  }
}

export function createConcertLink(transport: Transport, options: Partial<ConcertLinkOptions> = {}): ConcertLink {
  return new ConcertLink(transport, options);
}
