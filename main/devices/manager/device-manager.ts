/**
 * The device manager: discovery + hotplug + drivers + lifecycle + roles/settings + doctor.
 *
 * Flow (Odoo's hw_drivers, field-notes §1.1): every poll lists USB, serial, the network
 * printers the cashier added and the simulated devices; a new id gets the first driver that
 * supports() it and, when harmless, is opened; a missing id is removed only after the
 * debounce. Health reaches the registry (and so the UI) only when it changes. Every step is
 * in the device's timeline; every byte in its byte log.
 */
import type { DeviceInfo } from '../../../preload/contract';
import type { PrinterStatus } from '../../../drivers/printer/status';
import type { Transport } from '../../../drivers/transport/transport';
import type { WebUsbLike } from '../../../drivers/transport/usb';
import type { Db } from '../../db/open';
import type { ReconnectPolicy } from './reconnect-backoff';
import { type Clock, realClock } from './clock';
import type { Connection, DeviceDescriptor } from './descriptor';
import { DeviceConnection, type Health } from './device-connection';
import {
  type DiscoveryProblem,
  type DiscoveryResult,
  discoverSerial,
  discoverUsb,
  probeNetworkPrinter,
  type SerialPortInfoLike,
} from './discovery';
import { ByteLog, type ByteLogEntry, Timeline, type TimelineEntry } from './doctor';
import { BUILTIN_DRIVERS, type DeviceDriver, type DriverContext, kindToRole, pickDriver } from './drivers';
import { Hotplug } from './hotplug';
import type { DeviceRole, DeviceSettings } from '../../../preload/contract/devices';
import { DeviceSettingsStore, type StoredDevice } from './settings-store';
import { SimulatedDevices, type SimulatedDeviceSpec } from './simulated-devices';
import { both } from '../../../preload/bilingual';

/** How a device is reached, in the cashier's words ("中文 / English", shown one half at a time). */
const LINK_WORD: Record<Connection, string> = {
  usb: 'USB',
  serial: both('串口', 'serial'),
  network: both('网络', 'network'),
  simulated: both('模拟', 'simulated'),
};

/** What the manager needs of main/devices/registry.ts (structural, so tests can pass a fake). */
export interface DeviceRegistryLike {
  upsert(device: DeviceInfo): void;
  setStatus(id: string, status: DeviceInfo['status'], detail: string): void;
}

export interface DeviceManagerOptions {
  registry?: DeviceRegistryLike;
  /** Roles and settings are kept here (needs DEVICES_MIGRATION); without it they live in memory only. */
  db?: Db;
  drivers?: readonly DeviceDriver[];
  /** WebUSB getDevices; null turns USB discovery off. Default: usb 3's. */
  usbGetDevices?: (() => Promise<unknown[]>) | null;
  /** WebUSB object for USB links (default usb 3's). */
  usb?: WebUsbLike;
  /** serialport's list; null turns serial discovery off. */
  serialList?: (() => Promise<SerialPortInfoLike[]>) | null;
  clock?: Clock;
  pollIntervalMs?: number;
  removeAfterMs?: number;
  backoff?: ReconnectPolicy;
  probeTimeoutMs?: number;
}

export type DeviceEvent = { type: 'timeline'; entry: TimelineEntry } | { type: 'problems'; problems: DiscoveryProblem[] };

export interface ManagedDevice {
  descriptor: DeviceDescriptor;
  driver: string | null;
  role: DeviceRole | null;
  settings: DeviceSettings;
  state: DeviceConnection['state'];
  health: Health;
  owner: string | undefined;
  simulated: boolean;
}

interface Slot {
  descriptor: DeviceDescriptor;
  driver: DeviceDriver | undefined;
  connection: DeviceConnection | undefined;
  timeline: Timeline;
  byteLog: ByteLog;
  present: boolean;
}

export class DeviceManager {
  readonly simulated = new SimulatedDevices();
  readonly #o: DeviceManagerOptions;
  readonly #clock: Clock;
  readonly #hotplug: Hotplug;
  readonly #settings: DeviceSettingsStore | undefined;
  readonly #memorySettings = new Map<string, StoredDevice>();
  readonly #slots = new Map<string, Slot>();
  readonly #network = new Map<string, DeviceDescriptor>();
  readonly #listeners = new Set<(e: DeviceEvent) => void>();
  #problems: DiscoveryProblem[] = [];

  constructor(options: DeviceManagerOptions = {}) {
    this.#o = options;
    this.#clock = options.clock ?? realClock;
    this.#settings = options.db ? new DeviceSettingsStore(options.db, () => new Date(this.#clock.now())) : undefined;
    this.#hotplug = new Hotplug({
      discover: () => this.#discover(),
      clock: this.#clock,
      intervalMs: options.pollIntervalMs,
      removeAfterMs: options.removeAfterMs,
    });
    this.#hotplug.onAdded((d) => void this.#added(d));
    this.#hotplug.onRemoved((d, reason) => void this.#removed(d, reason));
    this.#hotplug.onProblems((p) => {
      this.#problems = p;
      this.#emit({ type: 'problems', problems: p });
    });
  }

  /** First discovery pass, then polling every interval. */
  start(): Promise<void> {
    return this.#hotplug.start();
  }

  /** Stops polling and closes every device. */
  async stop(): Promise<void> {
    this.#hotplug.stop();
    await Promise.all([...this.#slots.values()].map((s) => s.connection?.close('the app is stopping')));
  }

  /** One discovery pass now (the device panel's 刷新 button; tests). */
  poll(): Promise<void> {
    return this.#hotplug.poll();
  }

  onEvent(listener: (e: DeviceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Discovery problems of the last poll (no USB bus, no udevadm...), empty when all is well. */
  problems(): DiscoveryProblem[] {
    return [...this.#problems];
  }

  list(): ManagedDevice[] {
    return [...this.#slots.values()].filter((s) => s.present).map((s) => this.#view(s));
  }

  get(id: string): ManagedDevice | undefined {
    const s = this.#slots.get(id);
    return s ? this.#view(s) : undefined;
  }

  timeline(id: string): TimelineEntry[] {
    return this.#slots.get(id)?.timeline.list() ?? [];
  }

  byteLog(id: string): ByteLogEntry[] {
    return this.#slots.get(id)?.byteLog.list() ?? [];
  }

  /** The device's link (logged), for the consumer that claims it. Opens it if needed. */
  async open(id: string): Promise<Transport | undefined> {
    const s = this.#slot(id);
    const c = this.#connection(s);
    if (!c) throw new Error(`${id}: no driver supports this device (${s.descriptor.name})`);
    await c.open();
    return c.transport;
  }

  connection(id: string): DeviceConnection | undefined {
    const s = this.#slots.get(id);
    return s ? this.#connection(s) : undefined;
  }

  /**
   * Add a network printer by address ("192.168.1.50" or "host:9100"): probed with a TCP
   * connect and DLE EOT; listed from then on even if the probe failed (it may be switched off).
   */
  async addNetworkPrinter(address: string): Promise<{ id: string; status?: PrinterStatus; problem?: DiscoveryProblem }> {
    const probe = await probeNetworkPrinter(address, { timeoutMs: this.#o.probeTimeoutMs });
    this.#network.set(probe.descriptor.id, probe.descriptor);
    await this.poll();
    const s = this.#slots.get(probe.descriptor.id);
    if (s) s.timeline.add(probe.problem ? 'problem' : 'opened', probe.problem?.message ?? `probe: ${describeStatus(probe.status)}`);
    return { id: probe.descriptor.id, status: probe.status, problem: probe.problem };
  }

  addSimulated(spec: SimulatedDeviceSpec): string {
    return this.simulated.add(spec);
  }

  /** QA: pull the simulated cable. The link drops now; the device is removed after the debounce. */
  async simulateUnplug(id: string): Promise<void> {
    const s = this.#slot(id);
    this.simulated.setPlugged(id, false);
    s.timeline.add('unplugged', 'simulated unplug');
    await s.connection?.sever('simulated unplug: the cable was pulled');
  }

  /** QA: plug it back; it is found on the next poll and reconnects. */
  async simulateReplug(id: string): Promise<void> {
    const s = this.#slot(id);
    this.simulated.setPlugged(id, true);
    s.timeline.add('replugged', 'simulated replug');
  }

  setRole(id: string, role: DeviceRole | null): void {
    if (this.#settings) this.#settings.setRole(id, role);
    else this.#memorySettings.set(id, { ...this.#stored(id), role });
    const s = this.#slots.get(id);
    if (s) {
      this.#register(s);
      void this.#maybeOpen(s);
    }
  }

  updateSettings(id: string, patch: Partial<DeviceSettings>): DeviceSettings {
    if (this.#settings) return this.#settings.update(id, patch).settings;
    const merged: Record<string, unknown> = { ...this.#stored(id).settings };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    this.#memorySettings.set(id, { ...this.#stored(id), settings: merged as DeviceSettings });
    return merged as DeviceSettings;
  }

  // ---- internals ----------------------------------------------------------------------

  async #discover(): Promise<DiscoveryResult> {
    const parts = await Promise.all([
      this.#o.usbGetDevices === null ? empty() : discoverUsb(this.#o.usbGetDevices),
      this.#o.serialList === null ? empty() : discoverSerial(this.#o.serialList),
    ]);
    return {
      devices: [...parts.flatMap((p) => p.devices), ...this.#network.values(), ...this.simulated.list()],
      problems: parts.flatMap((p) => p.problems),
    };
  }

  async #added(d: DeviceDescriptor): Promise<void> {
    let s = this.#slots.get(d.id);
    if (!s) {
      s = {
        descriptor: d,
        driver: undefined,
        connection: undefined,
        timeline: new Timeline(d.id, () => this.#clock.now()),
        byteLog: new ByteLog(() => this.#clock.now()),
        present: true,
      };
      s.timeline.onEntry((entry) => this.#emit({ type: 'timeline', entry }));
      this.#slots.set(d.id, s);
    }
    s.descriptor = d;
    s.present = true;
    s.driver = pickDriver(this.#o.drivers ?? BUILTIN_DRIVERS, d, this.#ctx(d.id));
    s.timeline.add('added', `${d.name} (${d.connection}${s.driver ? `, driver ${s.driver.name}` : ', no driver supports it'})`);
    this.#register(s);
    await this.#maybeOpen(s);
  }

  async #removed(d: DeviceDescriptor, reason: string): Promise<void> {
    const s = this.#slots.get(d.id);
    if (!s) return;
    s.present = false;
    s.timeline.add('removed', reason);
    s.connection?.pause(`removed: ${reason}`);
    if (s.connection?.transport?.isOpen) await s.connection.transport.close().catch(() => undefined);
    if (this.#roleOf(s)) this.#o.registry?.setStatus(d.id, 'offline', `已拔出 / unplugged (${reason})`);
  }

  async #maybeOpen(s: Slot): Promise<void> {
    const drv = s.driver;
    if (!drv || !s.present) return;
    if (!drv.autoOpen(s.descriptor, this.#ctx(s.descriptor.id))) return;
    const c = this.#connection(s);
    if (!c || c.state === 'open' || c.state === 'reconnecting') return;
    // A failed first open is in the timeline and retried with backoff; nothing to throw here.
    await c.open().catch(() => undefined);
  }

  #connection(s: Slot): DeviceConnection | undefined {
    if (s.connection) return s.connection;
    const drv = s.driver;
    if (!drv) return undefined;
    s.connection = new DeviceConnection({
      deviceId: s.descriptor.id,
      connect: () => drv.connect(s.descriptor, this.#ctx(s.descriptor.id)),
      clock: this.#clock,
      timeline: s.timeline,
      byteLog: s.byteLog,
      backoff: this.#o.backoff,
      onHealth: (h) => {
        if (this.#roleOf(s)) this.#o.registry?.setStatus(s.descriptor.id, h.status, h.detail);
      },
    });
    return s.connection;
  }

  #register(s: Slot): void {
    const role = this.#roleOf(s);
    if (!role || !this.#o.registry) return; // the registry's DeviceInfo needs a role
    const h = s.connection?.health ?? (s.driver ? { status: 'offline' as const, detail: both('尚未打开', 'not opened yet') } : { status: 'attention' as const, detail: both('没有驱动支持此设备', 'no driver supports this device') });
    const label = this.#stored(s.descriptor.id).settings.label;
    this.#o.registry.upsert({
      id: s.descriptor.id,
      role,
      name: label ?? s.descriptor.name,
      link: LINK_WORD[s.descriptor.connection],
      simulated: s.descriptor.connection === 'simulated',
      status: h.status,
      detail: h.detail,
    });
  }

  #view(s: Slot): ManagedDevice {
    const stored = this.#stored(s.descriptor.id);
    return {
      descriptor: s.descriptor,
      driver: s.driver?.name ?? null,
      role: this.#roleOf(s),
      settings: stored.settings,
      state: s.connection?.state ?? 'closed',
      health: s.connection?.health ?? { status: 'offline', detail: s.present ? both('未打开', 'not opened') : both('已移除', 'removed') },
      owner: s.connection?.owner,
      simulated: s.descriptor.connection === 'simulated',
    };
  }

  #roleOf(s: Slot): DeviceRole | null {
    return this.#stored(s.descriptor.id).role ?? kindToRole(s.descriptor.kind);
  }

  #stored(id: string): StoredDevice {
    return this.#settings?.get(id) ?? this.#memorySettings.get(id) ?? { deviceId: id, role: null, settings: {} };
  }

  #ctx(id: string): DriverContext {
    const stored = this.#stored(id);
    return { settings: stored.settings, role: stored.role, simulated: this.simulated, usb: this.#o.usb };
  }

  #slot(id: string): Slot {
    const s = this.#slots.get(id);
    if (!s) throw new Error(`no device ${id}`);
    return s;
  }

  #emit(e: DeviceEvent): void {
    for (const l of [...this.#listeners]) {
      try {
        l(e);
      } catch {
        // A broken subscriber (a closed socket) must not stop discovery.
      }
    }
  }
}

function empty(): Promise<DiscoveryResult> {
  return Promise.resolve({ devices: [], problems: [] });
}

function describeStatus(s: PrinterStatus | undefined): string {
  if (!s) return 'no status';
  const parts = [s.online ? 'online' : 'offline'];
  if (s.paperOut) parts.push('paper out');
  else if (s.paperNearEnd) parts.push('paper low');
  if (s.coverOpen) parts.push('cover open');
  if (s.error) parts.push('error');
  return parts.join(', ');
}
