/**
 * One device's lifecycle, in UnifiedPOS terms: open -> claim -> enable/disable -> release ->
 * close. open() opens the link; claim(owner) gives one consumer (the print queue, the
 * terminal driver) exclusive use inside the app; enable() lets input through (a scanner is
 * disabled while a payment dialog is up); release() and close() undo them.
 * A link that drops while wanted open is reopened with exponential backoff; claim and enable
 * come back with it. Health goes to the sink only when it changes.
 */
import { type Transport, TransportError } from '../../../drivers/transport/transport';
import { DEFAULT_RECONNECT, type ReconnectPolicy, reconnectDelay } from './reconnect-backoff';
import type { Clock } from './clock';
import type { Timeline } from './doctor';
import { LoggedTransport } from './logged-transport';
import type { ByteLog } from './doctor';
import { both } from '../../../preload/bilingual';

export type ConnectionState = 'closed' | 'opening' | 'open' | 'reconnecting';

export interface Health {
  status: 'ready' | 'busy' | 'attention' | 'offline';
  detail: string;
}

export type HealthSink = (health: Health) => void;

export interface DeviceConnectionOptions {
  deviceId: string;
  /** Builds a fresh link each (re)open; null = the device needs no link (keyboard wedge). */
  connect: () => Transport | null;
  clock: Clock;
  timeline: Timeline;
  byteLog: ByteLog;
  onHealth: HealthSink;
  backoff?: ReconnectPolicy;
}

export class DeviceConnection {
  readonly #o: DeviceConnectionOptions;
  #transport: LoggedTransport | undefined;
  #state: ConnectionState = 'closed';
  #owner: string | undefined;
  #enabled = false;
  /** The user wants it open: a drop triggers a reconnect. */
  #wanted = false;
  #attempt = 0;
  #cancelRetry: (() => void) | undefined;
  #health: Health | undefined;
  #opening: Promise<void> | undefined;
  readonly #dataListeners = new Set<(chunk: Buffer) => void>();

  constructor(options: DeviceConnectionOptions) {
    this.#o = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get owner(): string | undefined {
    return this.#owner;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get health(): Health | undefined {
    return this.#health;
  }

  /** The logged link (for a consumer that claimed the device), if one is open or reopening. */
  get transport(): LoggedTransport | undefined {
    return this.#transport;
  }

  /** Opens the link. Throws the TransportError if the first attempt fails (and keeps retrying). */
  open(): Promise<void> {
    this.#wanted = true;
    if (this.#state === 'open') return Promise.resolve();
    // Two callers at once (discovery auto-open and a consumer) share one attempt.
    this.#opening ??= this.#firstOpen().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #firstOpen(): Promise<void> {
    this.#state = 'opening';
    try {
      await this.#openOnce();
      this.#o.timeline.add('opened', this.#transport?.address ?? 'no link needed');
    } catch (error) {
      this.#o.timeline.add('error', `open failed: ${messageOf(error)}`);
      this.#setHealth({ status: 'offline', detail: messageOf(error) });
      this.#scheduleRetry();
      throw error;
    }
  }

  claim(owner: string): void {
    if (this.#state === 'closed') throw new TransportError('NOT_OPEN', 'open the device before claiming it', this.#o.deviceId);
    if (this.#owner && this.#owner !== owner) {
      throw new TransportError('LOCKED', `claimed by ${this.#owner}; release it there first`, this.#o.deviceId);
    }
    this.#owner = owner;
    this.#o.timeline.add('claimed', `by ${owner}`);
  }

  release(owner: string): void {
    if (this.#owner !== owner) return;
    this.#owner = undefined;
    this.#enabled = false;
    this.#o.timeline.add('released', `by ${owner}`);
  }

  enable(): void {
    if (!this.#owner) throw new TransportError('NOT_OPEN', 'claim the device before enabling it', this.#o.deviceId);
    if (this.#enabled) return;
    this.#enabled = true;
    this.#o.timeline.add('enabled', `for ${this.#owner}`);
  }

  disable(): void {
    if (!this.#enabled) return;
    this.#enabled = false;
    this.#o.timeline.add('disabled', `for ${this.#owner ?? '?'}`);
  }

  /** Input from the device, delivered only while enabled. */
  onData(listener: (chunk: Buffer) => void): () => void {
    this.#dataListeners.add(listener);
    return () => this.#dataListeners.delete(listener);
  }

  async close(reason = 'closed by the app'): Promise<void> {
    this.#wanted = false;
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    this.#owner = undefined;
    this.#enabled = false;
    const t = this.#transport;
    this.#state = 'closed';
    if (t?.isOpen) await t.close();
    this.#o.timeline.add('closed', reason);
  }

  /** A simulated unplug: the link drops as if the cable was pulled. */
  async sever(reason: string): Promise<void> {
    await this.#transport?.sever(reason);
  }

  async #openOnce(): Promise<void> {
    const t = this.#link();
    if (!t) {
      this.#state = 'open';
      this.#setHealth({ status: 'ready', detail: both('无需连接（输入以按键到达）', 'no link needed (input arrives as keystrokes)') });
      return;
    }
    await t.open();
    // Opened by a caller while a retry was pending: that retry has nothing left to do.
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    this.#state = 'open';
    this.#attempt = 0;
    this.#setHealth({ status: 'ready', detail: t.address });
  }

  /**
   * One link object for the device's life: serial, TCP and USB transports reopen after a
   * drop, so a consumer that holds it (the print queue) keeps working after a reconnect.
   */
  #link(): LoggedTransport | undefined {
    if (this.#transport) return this.#transport;
    const raw = this.#o.connect();
    if (!raw) return undefined;
    const t = new LoggedTransport(raw, this.#o.byteLog);
    t.onData((chunk) => {
      if (!this.#enabled) return;
      for (const l of this.#dataListeners) l(chunk);
    });
    t.onClose((error) => this.#onDrop(error));
    this.#transport = t;
    return t;
  }

  #onDrop(error: TransportError | undefined): void {
    if (!this.#wanted || this.#state !== 'open') return;
    const why = error ? error.message : both('连接已关闭', 'the link closed');
    this.#o.timeline.add('error', `link lost: ${why}`);
    this.#setHealth({ status: 'offline', detail: why });
    this.#state = 'reconnecting';
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (!this.#wanted || this.#cancelRetry) return;
    this.#state = 'reconnecting';
    const delay = reconnectDelay(this.#attempt, this.#o.backoff ?? DEFAULT_RECONNECT);
    this.#o.timeline.add('reconnecting', `attempt ${this.#attempt + 1} in ${delay} ms`);
    this.#cancelRetry = this.#o.clock.setTimer(() => {
      this.#cancelRetry = undefined;
      void this.#retry();
    }, delay);
  }

  async #retry(): Promise<void> {
    if (!this.#wanted) return;
    this.#attempt++;
    const attempt = this.#attempt;
    try {
      await this.#openOnce();
      this.#o.timeline.add('recovered', `reopened on attempt ${attempt}: ${this.#transport?.address ?? ''}`);
    } catch (error) {
      this.#setHealth({ status: 'offline', detail: messageOf(error) });
      this.#o.timeline.add('error', `reopen failed: ${messageOf(error)}`);
      this.#scheduleRetry();
    }
  }

  /** Stops retrying (the device was removed) without forgetting that it should be open. */
  pause(reason: string): void {
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    this.#wanted = false;
    this.#state = 'closed';
    this.#setHealth({ status: 'offline', detail: reason });
  }

  #setHealth(h: Health): void {
    if (this.#health && this.#health.status === h.status && this.#health.detail === h.detail) return;
    this.#health = h;
    this.#o.onHealth(h);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
