/**
 * The simulated device side: serves one vendor profile over a link, the way the vendor's
 * acquiring app / ECR terminal would. Requests are decoded by the profile, run by the terminal
 * brain (terminal.ts), and answered with progress messages and the result; the faults the
 * brain reports for the transaction are applied here, on the bytes and the link. A request
 * the profile cannot read is refused where the profile says its vendor does
 * (`answersBadRequests`), and the profile's `signInRequired` goes to the brain with each run.
 */
import { Listeners } from '../../transport/listeners';
import type { Transport } from '../../transport/transport';
import type { ProgressEvent, TransactionRequest, TransactionResult } from '../model';
import { ProfileMapper } from '../profiles/mapper';
import { createProfileChannel, type LinkTuning, type RecordChannel } from '../profiles/profile-channel';
import type { LinkKind, Profile } from '../profiles/profile-schema';
import type { VendorMessage } from '../profiles/vendor-message';
import { type Fault, NAK_STORM_COUNT } from './faults';
import { FaultTransport } from './fault-transport';
import type { SimulatedTerminal } from './terminal';

export interface DeviceOptions {
  profile: Profile;
  terminal: SimulatedTerminal;
  link?: LinkKind;
  tuning?: LinkTuning;
  /** How long a 'lateReply' is held back: longer than the host's transaction timeout. */
  lateReplyDelayMs?: number;
  /** How long heartbeats stay silent for 'missedHeartbeats' before the reply goes out. */
  heartbeatSilenceMs?: number;
}

export type DeviceEvent =
  | { type: 'request'; request: TransactionRequest }
  /** The terminal's screen moved on (sent to the host too when the profile has progress messages). */
  | { type: 'progress'; request: TransactionRequest; event: ProgressEvent }
  | { type: 'result'; result: TransactionResult; faults: Fault[] }
  | { type: 'fault'; fault: Fault; detail: string }
  | { type: 'error'; message: string };

/** Slack added to the host's txn timeout so a late reply is surely late. */
const LATE_REPLY_SLACK_MS = 500;
/** Attempts to deliver one reply, and the pause between them. */
const REPLY_TRIES = 5;
const REPLY_RETRY_MS = 50;
/** Default silence: 3 missed 2 s heartbeats plus one interval of grace (smartpos-link). */
const DEFAULT_HEARTBEAT_SILENCE_MS = 8_000;

export class SimulatedDevice {
  readonly mapper: ProfileMapper;
  private readonly events = new Listeners<DeviceEvent>();
  private readonly channels = new Set<{ channel: RecordChannel; faults: FaultTransport }>();
  private incomingFaults = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly options: DeviceOptions) {
    this.mapper = new ProfileMapper(options.profile);
  }

  onEvent(listener: (event: DeviceEvent) => void): () => void {
    return this.events.add(listener);
  }

  /**
   * Faults for the next transaction. 'nakStorm' damages the next incoming request frames,
   * so it is armed on the line now; the rest go to the brain with the transaction.
   */
  injectFaults(faults: readonly Fault[]): void {
    const rest = faults.filter((f) => f !== 'nakStorm');
    if (rest.length < faults.length) {
      this.incomingFaults += NAK_STORM_COUNT;
      for (const c of this.channels) c.faults.armIncoming(NAK_STORM_COUNT);
    }
    this.options.terminal.injectFaults(rest);
  }

  /** Serves one open transport (a pty end, an accepted TCP connection) until it closes. */
  attach(transport: Transport): RecordChannel {
    const faults = new FaultTransport(transport);
    if (this.incomingFaults > 0) {
      faults.armIncoming(this.incomingFaults);
      this.incomingFaults = 0;
    }
    const channel = createProfileChannel(this.options.profile, faults, {
      side: 'device',
      ...(this.options.link ? { link: this.options.link } : {}),
      ...(this.options.tuning ? { tuning: this.options.tuning } : {}),
    });
    const entry = { channel, faults };
    this.channels.add(entry);
    channel.onMessage((m) => void this.handle(entry, m));
    channel.onError((e) => this.events.emit({ type: 'error', message: e.message }));
    transport.onClose(() => this.channels.delete(entry));
    return channel;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.channels].map((c) => c.channel.close().catch(() => undefined)));
    this.channels.clear();
  }

  private async handle(entry: { channel: RecordChannel; faults: FaultTransport }, message: VendorMessage): Promise<void> {
    const { channel, faults: line } = entry;
    const send = async (m: VendorMessage) => {
      // A terminal re-offers its reply when the line was busy (e.g. a Concert ENQ crossing
      // the host's EOT); only a closed link ends the attempts.
      for (let attempt = 1; attempt <= REPLY_TRIES; attempt++) {
        try {
          await channel.send(m);
          return;
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          this.events.emit({ type: 'error', message: `send failed (try ${attempt}/${REPLY_TRIES}): ${why}` });
          if (!channel.transport.isOpen || attempt === REPLY_TRIES) return;
          // Back off a little more each time so two half-duplex senders stop colliding.
          await this.sleep(REPLY_RETRY_MS * attempt);
        }
      }
    };
    let request: TransactionRequest;
    try {
      request = this.mapper.parseRequest(message);
    } catch (error) {
      this.events.emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      // The link has ACKed the request already; a terminal that then says nothing leaves the
      // cash register waiting out its whole answer delay (Concert: 120 s).
      if (!this.options.profile.answersBadRequests) return;
      let refusal: VendorMessage;
      try {
        refusal = this.mapper.toVendorRefusal(message, error);
      } catch (cause) {
        this.events.emit({ type: 'error', message: `cannot build the refusal: ${cause instanceof Error ? cause.message : String(cause)}` });
        return;
      }
      await send(refusal);
      return;
    }
    this.events.emit({ type: 'request', request });
    const progress: Promise<void>[] = [];
    const policy = { signInRequired: this.options.profile.signInRequired };
    const run = await this.options.terminal.execute(
      request,
      (event) => {
        this.events.emit({ type: 'progress', request, event });
        const m = this.mapper.toVendorProgress(event);
        if (m) progress.push(send(m));
      },
      policy,
    );
    await Promise.all(progress);
    const { result, faults } = run;
    this.events.emit({ type: 'result', result, faults });
    const has = (f: Fault) => faults.includes(f);
    const fault = (f: Fault, detail: string) => this.events.emit({ type: 'fault', fault: f, detail });
    const reply = this.mapper.toVendorResult(result, request.kind, message);

    if (has('appKilled') || has('loneAckThenSilence')) {
      fault(has('appKilled') ? 'appKilled' : 'loneAckThenSilence', 'transaction ran; no reply sent');
      return;
    }
    if (has('linkGone')) {
      fault('linkGone', 'link closed before the reply');
      await channel.close().catch(() => undefined);
      return;
    }
    for (const f of ['badChecksum', 'truncatedFrame', 'strayBytes', 'duplicateFrames'] as const) {
      if (has(f)) {
        line.armWrite(f);
        fault(f, 'applied to the reply frame');
      }
    }
    let holdMs = 0;
    if (has('lateReply')) {
      holdMs = this.options.lateReplyDelayMs ?? this.options.profile.timeouts.txnMs + LATE_REPLY_SLACK_MS;
      fault('lateReply', `reply held ${holdMs} ms`);
    }
    if (has('missedHeartbeats')) {
      line.dropHeartbeats = true;
      holdMs = Math.max(holdMs, this.options.heartbeatSilenceMs ?? DEFAULT_HEARTBEAT_SILENCE_MS);
      fault('missedHeartbeats', `heartbeats silent for ${holdMs} ms`);
    }
    if (holdMs > 0) await this.sleep(holdMs);
    line.dropHeartbeats = false;
    await send(reply);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}
