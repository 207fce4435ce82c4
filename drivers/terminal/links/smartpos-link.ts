/**
 * CodePay / PayCloud 55AA link (vendor-protocols.md §2.2), host or device side.
 *
 * - Handshake: the host sends type 1, the device answers type 2; either side
 *   answers a handshake it receives, and both restart message ids.
 * - Data: msgId 1..255 wrapping (0 is never a data id). Every frame we send
 *   carries in `ack` the id of the last good data frame we received. If we have
 *   nothing to send within ackDelayMs, a bare ack frame (id 0, no data) goes out.
 * - Stop-and-wait: a frame not acknowledged within ackTimeoutMs is sent again with
 *   the same id, up to maxTries; the receiver re-acks a repeated id without
 *   delivering it twice.
 * - Heartbeat: the device sends 55AA000000000000CC33 every 2 s; the host counts
 *   an interval with nothing heard as a missed heartbeat and declares the link
 *   down after missedHeartbeatsForDown of them. send() on a down link re-handshakes.
 * Message = the data bytes of one frame.
 */
import type { Transport } from '../../transport/transport';
import type { DecodeEvent } from '../codecs/codec';
import {
  SMARTPOS_HANDSHAKE,
  SMARTPOS_HANDSHAKE_CONFIRM,
  SMARTPOS_HEARTBEAT,
  SMARTPOS_MAX_DATA,
  type SmartPosFrame,
  createSmartPosDecoder,
  encodeSmartPos,
  isAckOnly,
  isHeartbeat,
} from '../codecs/smartpos-55aa';
import { LinkBase, LinkError, type LinkTimers, type MessageLink, realTimers } from './link';
import { SerialQueue } from './serial-queue';

export interface SmartPosLinkOptions {
  role: 'host' | 'device';
  ackTimeoutMs: number;
  maxTries: number;
  /** Hold an owed ack this long hoping to piggy-back it on an outgoing frame. */
  ackDelayMs: number;
  handshakeTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Send heartbeats (default: device role). */
  sendHeartbeats?: boolean;
  /** Watch for the peer's heartbeats (default: host role). */
  watchHeartbeats?: boolean;
  missedHeartbeatsForDown: number;
  interByteTimeoutMs: number;
  maxData: number;
  timers?: LinkTimers;
}

export const SMARTPOS_LINK_DEFAULTS: Omit<SmartPosLinkOptions, 'role'> = {
  /** The vendor hint: header read timeout 3 s. */
  ackTimeoutMs: 3_000,
  maxTries: 3,
  ackDelayMs: 100,
  handshakeTimeoutMs: 3_000,
  /** "The terminal sends a heartbeat every 2 s." */
  heartbeatIntervalMs: 2_000,
  /** Three silent intervals (6 s) before declaring the link down, to ride out one lost frame. */
  missedHeartbeatsForDown: 3,
  /** 1,034 bytes at 115200 baud take 90 ms; 500 ms of silence mid-frame means it was cut. */
  interByteTimeoutMs: 500,
  maxData: SMARTPOS_MAX_DATA,
};

/** A heartbeat may arrive a little late; the first missed-heartbeat deadline allows for it. */
const HEARTBEAT_GRACE = 1.5;
const MAX_ID = 255;

interface Waiter {
  id: number;
  resolve: (ok: boolean) => void;
  timer: unknown;
}

export class SmartPosLink extends LinkBase<Uint8Array, SmartPosFrame> implements MessageLink<Uint8Array> {
  readonly #o: SmartPosLinkOptions;
  readonly #queue = new SerialQueue();
  #up = false;
  #nextId = 1;
  #lastRxId = 0;
  #ackOwed = false;
  #ackTimer: unknown;
  #ackWaiter: Waiter | undefined;
  #handshakeWaiter: { resolve: (ok: boolean) => void; timer: unknown } | undefined;
  #heartbeatTimer: unknown;
  #watchdogTimer: unknown;
  #missed = 0;

  constructor(transport: Transport, options: Partial<SmartPosLinkOptions> & { role: 'host' | 'device' }) {
    const o: SmartPosLinkOptions = { ...SMARTPOS_LINK_DEFAULTS, ...options };
    super(transport, createSmartPosDecoder(o.maxData), o.timers ?? realTimers, o.interByteTimeoutMs);
    this.#o = o;
  }

  get isUp(): boolean {
    return this.#up;
  }

  /** Host side: handshake (retried up to maxTries). Resolves when the device confirmed. */
  handshake(): Promise<void> {
    return this.#queue.run(() => this.#handshake());
  }

  async #handshake(): Promise<void> {
    for (let attempt = 1; attempt <= this.#o.maxTries; attempt++) {
      if (this.closed) throw new LinkError('CLOSED', 'the link is closed');
      const confirmed = new Promise<boolean>((resolve) => {
        const timer = this.timers.setTimeout(() => this.#settleHandshake(false), this.#o.handshakeTimeoutMs);
        this.#handshakeWaiter = { resolve, timer };
      });
      await this.writeRaw(encodeSmartPos(SMARTPOS_HANDSHAKE), SMARTPOS_HANDSHAKE, attempt > 1 ? `handshake try ${attempt}` : 'handshake');
      if (await confirmed) {
        this.#linkUp('handshake confirmed');
        return;
      }
      if (this.closed) throw new LinkError('CLOSED', 'the link closed during the handshake');
      this.event('timeout', `no handshake confirm within ${this.#o.handshakeTimeoutMs} ms (try ${attempt}/${this.#o.maxTries})`);
    }
    throw new LinkError('LINK_DOWN', `the terminal did not confirm the handshake after ${this.#o.maxTries} tries`);
  }

  #settleHandshake(ok: boolean): void {
    const w = this.#handshakeWaiter;
    if (!w) return;
    this.#handshakeWaiter = undefined;
    this.timers.clearTimeout(w.timer);
    w.resolve(ok);
  }

  send(data: Uint8Array): Promise<void> {
    if (data.length > this.#o.maxData) {
      return Promise.reject(new RangeError(`55AA data is ${data.length} bytes; the limit is ${this.#o.maxData}`));
    }
    return this.#queue.run(async () => {
      if (!this.#up) {
        if (this.#o.role === 'device') throw new LinkError('LINK_DOWN', 'no handshake from the host yet');
        await this.#handshake();
      }
      await this.#sendData(data);
    });
  }

  async #sendData(data: Uint8Array): Promise<void> {
    const id = this.#nextId;
    this.#nextId = id >= MAX_ID ? 1 : id + 1;
    for (let attempt = 1; attempt <= this.#o.maxTries; attempt++) {
      if (this.closed) throw new LinkError('CLOSED', 'the link is closed');
      if (!this.#up) throw new LinkError('LINK_DOWN', 'the link went down');
      if (attempt > 1) this.event('retransmit', `msgId ${id} again (try ${attempt}/${this.#o.maxTries})`);
      const acked = new Promise<boolean>((resolve) => {
        const timer = this.timers.setTimeout(() => this.#settleAck(undefined), this.#o.ackTimeoutMs);
        this.#ackWaiter = { id, resolve, timer };
      });
      const frame: SmartPosFrame = { type: 0, ack: this.#takeOwedAck(), msgId: id, data };
      await this.writeRaw(encodeSmartPos(frame, this.#o.maxData), frame, attempt > 1 ? `try ${attempt}/${this.#o.maxTries}` : undefined);
      if (await acked) {
        this.event('ack', `msgId ${id} acknowledged`);
        return;
      }
      if (this.closed) throw new LinkError('CLOSED', 'the link closed while waiting for the ack');
      if (!this.#up) throw new LinkError('LINK_DOWN', 'the link went down while waiting for the ack');
      this.event('timeout', `no ack for msgId ${id} within ${this.#o.ackTimeoutMs} ms (try ${attempt}/${this.#o.maxTries})`);
    }
    throw new LinkError('NO_ACK', `msgId ${id} not acknowledged after ${this.#o.maxTries} tries`);
  }

  /** Resolves the ack wait: with an id, only if it is the one awaited; undefined = timeout/abort. */
  #settleAck(ackId: number | undefined, ok = false): void {
    const w = this.#ackWaiter;
    if (!w || (ackId !== undefined && ackId !== w.id)) return;
    this.#ackWaiter = undefined;
    this.timers.clearTimeout(w.timer);
    w.resolve(ackId !== undefined || ok);
  }

  /** The ack value to put in an outgoing data frame; cancels a pending bare ack. */
  #takeOwedAck(): number {
    if (this.#ackOwed) {
      this.#ackOwed = false;
      if (this.#ackTimer !== undefined) this.timers.clearTimeout(this.#ackTimer);
      this.#ackTimer = undefined;
    }
    return this.#lastRxId;
  }

  #oweAck(): void {
    this.#ackOwed = true;
    if (this.#ackTimer !== undefined) return;
    this.#ackTimer = this.timers.setTimeout(() => {
      this.#ackTimer = undefined;
      if (!this.#ackOwed || this.closed) return;
      this.#ackOwed = false;
      const frame: SmartPosFrame = { type: 0, ack: this.#lastRxId, msgId: 0, data: new Uint8Array(0) };
      this.event('sent-ack', `ack for msgId ${this.#lastRxId}`);
      this.writeRaw(encodeSmartPos(frame), frame, 'bare ack').catch((error: unknown) => {
        if (!this.closed) this.event('error', `could not send ack: ${String(error)}`, { code: 'IO' });
      });
    }, this.#o.ackDelayMs);
  }

  #linkUp(why: string): void {
    const wasUp = this.#up;
    this.#up = true;
    this.#missed = 0;
    if (!wasUp) this.event('link-up', why);
    if (this.#o.sendHeartbeats ?? this.#o.role === 'device') this.#scheduleHeartbeat();
    if (this.#o.watchHeartbeats ?? this.#o.role === 'host') this.#armWatchdog(this.#o.heartbeatIntervalMs * HEARTBEAT_GRACE);
  }

  #linkDown(why: string): void {
    if (!this.#up) return;
    this.#up = false;
    this.#stopTimers();
    this.event('link-down', why);
    this.#settleAck(undefined);
  }

  #scheduleHeartbeat(): void {
    if (this.#heartbeatTimer !== undefined) return;
    this.#heartbeatTimer = this.timers.setTimeout(() => {
      this.#heartbeatTimer = undefined;
      if (this.closed || !this.#up) return;
      this.writeRaw(encodeSmartPos(SMARTPOS_HEARTBEAT), SMARTPOS_HEARTBEAT, 'heartbeat').catch(() => undefined);
      this.#scheduleHeartbeat();
    }, this.#o.heartbeatIntervalMs);
  }

  #armWatchdog(ms: number): void {
    if (this.#watchdogTimer !== undefined) this.timers.clearTimeout(this.#watchdogTimer);
    this.#watchdogTimer = this.timers.setTimeout(() => {
      this.#watchdogTimer = undefined;
      if (this.closed || !this.#up) return;
      this.#missed++;
      this.event('heartbeat-missed', `nothing heard for ${this.#missed} heartbeat interval(s)`);
      if (this.#missed >= this.#o.missedHeartbeatsForDown) {
        this.#linkDown(`no heartbeat for ${this.#missed} intervals of ${this.#o.heartbeatIntervalMs} ms: terminal unplugged, asleep or hung`);
      } else {
        this.#armWatchdog(this.#o.heartbeatIntervalMs);
      }
    }, ms);
  }

  #heard(): void {
    this.#missed = 0;
    if (this.#up && (this.#o.watchHeartbeats ?? this.#o.role === 'host')) {
      this.#armWatchdog(this.#o.heartbeatIntervalMs * HEARTBEAT_GRACE);
    }
  }

  protected handle(e: DecodeEvent<SmartPosFrame>): void {
    if (e.type === 'error') {
      this.decodeError(e);
      return;
    }
    if (e.type === 'control') return; // 55AA has no control bytes
    const f = e.frame;
    this.#heard();
    if (f.type === 1) {
      // A (re)handshake restarts both sequences.
      this.#nextId = 1;
      this.#lastRxId = 0;
      this.writeRaw(encodeSmartPos(SMARTPOS_HANDSHAKE_CONFIRM), SMARTPOS_HANDSHAKE_CONFIRM, 'handshake confirm').catch(() => undefined);
      this.#linkUp('handshake from peer');
      return;
    }
    if (f.type === 2) {
      this.#nextId = 1;
      this.#lastRxId = 0;
      this.#settleHandshake(true);
      return;
    }
    if (f.ack !== 0) this.#settleAck(f.ack);
    if (isHeartbeat(f)) {
      this.event('heartbeat', 'heartbeat received');
      return;
    }
    if (isAckOnly(f)) return;
    if (f.msgId === 0) {
      this.event('decode-error', 'data frame with msgId 0 ignored', { code: 'BAD_PAYLOAD', raw: e.raw });
      return;
    }
    if (f.msgId === this.#lastRxId) {
      this.event('duplicate', `msgId ${f.msgId} again (our ack was lost?): re-acknowledged, not delivered twice`, { raw: e.raw });
      this.#oweAck();
      return;
    }
    this.#lastRxId = f.msgId;
    this.#oweAck();
    this.messages.emit(f.data);
  }

  #stopTimers(): void {
    for (const t of [this.#heartbeatTimer, this.#watchdogTimer]) if (t !== undefined) this.timers.clearTimeout(t);
    this.#heartbeatTimer = undefined;
    this.#watchdogTimer = undefined;
  }

  protected shutdown(): void {
    this.#up = false;
    this.#stopTimers();
    if (this.#ackTimer !== undefined) this.timers.clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
    this.#settleAck(undefined);
    this.#settleHandshake(false);
  }
}

export function createSmartPosLink(
  transport: Transport,
  options: Partial<SmartPosLinkOptions> & { role: 'host' | 'device' },
): SmartPosLink {
  return new SmartPosLink(transport, options);
}
