/**
 * Stop-and-wait link with single-byte ACK/NAK/EOT answers, shared by MIS-POS and
 * PAX POSLink (their rules differ only in numbers, see mispos-link.ts, pax-link.ts).
 *
 * Sending: write the frame, wait for ACK (ackTimeoutMs from the end of the write). NAK or
 * silence -> send again, up to maxTries in all; then send EOT (the peer stops waiting too)
 * and fail.
 * Receiving: a good frame is ACKed and delivered; a corrupt one (bad LRC, bad
 * length, missing ETX, cut short) is NAKed so the peer re-sends it.
 * Duplicates: these protocols have no sequence numbers. A frame identical to the
 * last one delivered, arriving within duplicateWindowMs and before we have sent
 * any frame since, is a retransmission (our ACK was lost): ACKed, not delivered
 * twice. Once we have answered with a frame, an identical request is a new one.
 * Implicit ACK: a frame from the peer while we wait for our ACK means the peer got
 * our frame (it is answering it), so it ends the wait like an ACK would; this
 * keeps a lost ACK from making us resend a request the peer already acted on.
 * After a NAK the decoder's buffer is dropped (see handle()).
 */
import type { DecodeEvent, FrameCodec } from '../codecs/codec';
import { CONTROL_BYTES, toHex } from '../codecs/codec';
import type { Transport } from '../../transport/transport';
import { LinkBase, LinkError, type LinkTimers, type MessageLink, realTimers } from './link';
import { SerialQueue } from './serial-queue';
import { type Answer, AnswerWaiter } from './waiter';

export interface AckNakLinkOptions {
  /** How long to wait for the peer's ACK/NAK after a frame. */
  ackTimeoutMs: number;
  /** Attempts in all (first send included). */
  maxTries: number;
  /** Send EOT after the last failed try (both vendors do). */
  sendEotOnFailure: boolean;
  /** Give up a partial incoming frame after this much silence. */
  interByteTimeoutMs: number;
  /** An identical frame within this window is a retransmission, not a new message. */
  duplicateWindowMs: number;
  timers?: LinkTimers;
}

/** Decode errors that mean "a frame arrived damaged": answer NAK so it is re-sent. */
export const NAK_WORTHY: ReadonlySet<string> = new Set(['BAD_CHECKSUM', 'BAD_LENGTH', 'BAD_TRAILER', 'TRUNCATED']);

const ACK = Uint8Array.of(CONTROL_BYTES.ACK);
const NAK = Uint8Array.of(CONTROL_BYTES.NAK);
const EOT = Uint8Array.of(CONTROL_BYTES.EOT);

export class AckNakLink<F> extends LinkBase<F, F> implements MessageLink<F> {
  readonly #queue = new SerialQueue();
  readonly #answers: AnswerWaiter;
  #lastDelivered: { hex: string; at: number } | undefined;
  /** A frame of ours went out since the last delivery (see Duplicates above). */
  #sentSinceDelivery = false;

  constructor(
    transport: Transport,
    private readonly codec: FrameCodec<F>,
    private readonly options: AckNakLinkOptions,
  ) {
    const timers = options.timers ?? realTimers;
    super(transport, codec.createDecoder(), timers, options.interByteTimeoutMs);
    this.#answers = new AnswerWaiter(timers);
  }

  send(message: F): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = this.codec.encode(message);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queue.run(() => this.#sendFrame(message, bytes));
  }

  async #sendFrame(message: F, bytes: Uint8Array): Promise<void> {
    const { maxTries, ackTimeoutMs } = this.options;
    let last: Answer = 'timeout';
    for (let attempt = 1; attempt <= maxTries; attempt++) {
      if (this.closed) throw new LinkError('CLOSED', 'the link is closed');
      if (attempt > 1) this.event('retransmit', `retransmitting (try ${attempt}/${maxTries}) after ${last}`, { raw: bytes });
      this.#sentSinceDelivery = true;
      // Timed from the last byte out, so a slow line does not eat the peer's time to answer.
      last = await this.#answers.afterWrite(
        () => this.writeRaw(bytes, message, attempt > 1 ? `try ${attempt}/${maxTries}` : undefined),
        ackTimeoutMs,
      );
      switch (last) {
        case 'ACK':
          this.event('ack', 'peer acknowledged the frame');
          return;
        case 'FRAME':
          this.event('ack', 'peer answered with a frame: taken as the ACK (its own ACK was lost or not sent)');
          return;
        case 'NAK':
          this.event('nak', `peer rejected the frame (try ${attempt}/${maxTries})`);
          break;
        case 'EOT':
          throw new LinkError('PEER_EOT', 'peer sent EOT instead of acknowledging: it gave up on this exchange');
        case 'closed':
          throw new LinkError('CLOSED', 'the link closed while waiting for ACK');
        default:
          this.event('timeout', `no ACK within ${ackTimeoutMs} ms (try ${attempt}/${maxTries})`);
      }
    }
    if (this.options.sendEotOnFailure) {
      this.event('eot', 'giving up: sending EOT');
      await this.writeRaw(EOT, 'EOT', 'gave up').catch(() => undefined);
    }
    throw last === 'NAK'
      ? new LinkError('REJECTED', `peer NAKed the frame ${maxTries} times`)
      : new LinkError('NO_ACK', `no ACK after ${maxTries} tries of ${ackTimeoutMs} ms`);
  }

  protected handle(e: DecodeEvent<F>): void {
    switch (e.type) {
      case 'control':
        if (this.#answers.settle(e.control)) return;
        if (e.control === 'EOT') this.event('eot', 'peer sent EOT');
        else this.event(e.control === 'ACK' ? 'ack' : 'nak', `unexpected ${e.control} (nothing awaiting an answer)`, { raw: e.raw });
        return;
      case 'error':
        this.decodeError(e);
        if (NAK_WORTHY.has(e.code)) {
          this.event('sent-nak', `NAK: ${e.message}`, { code: e.code, raw: e.raw });
          this.writeControl(NAK, 'NAK');
          // Stop-and-wait: the peer now waits for our NAK and sends the whole frame
          // again, so what is still buffered is debris of the bad frame. Dropping it
          // stops a stray 02 in that debris from posing as a frame and drawing a second NAK.
          this.decoder.reset();
        }
        return;
      case 'frame': {
        this.writeControl(ACK, 'ACK');
        this.event('sent-ack', 'frame received and acknowledged', { raw: e.raw });
        const hex = toHex(e.raw, '');
        const now = Date.now();
        const last = this.#lastDelivered;
        if (!this.#sentSinceDelivery && last && last.hex === hex && now - last.at <= this.options.duplicateWindowMs) {
          this.event('duplicate', 'same frame again (our ACK was probably lost): acknowledged, not delivered twice', { raw: e.raw });
          return;
        }
        this.#answers.settle('FRAME'); // implicit ACK of a frame we are waiting on
        this.#lastDelivered = { hex, at: now };
        this.#sentSinceDelivery = false;
        this.messages.emit(e.frame);
      }
    }
  }

  protected shutdown(): void {
    this.#answers.settle('closed');
  }
}
