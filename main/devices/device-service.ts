/**
 * The counter's devices, put together: discovery and hotplug (USB, serial, network
 * printers) through the DeviceManager, and the simulated devices a fresh install runs
 * with — an ESC/POS virtual printer served on a loopback TCP port (so receipts cross a
 * real socket to the print queue) and an LED8N pole display. The exactly-once print
 * queue prints through the manager's logged link, so every byte shows in the device
 * doctor's byte log.
 */
import { SerialScanner } from '../../drivers/scanner/serial-scanner';
import { createMemoryPair } from '../../drivers/transport/memory';
import { SerialTransport } from '../../drivers/transport/serial';
import { TcpTransport } from '../../drivers/transport/tcp';
import { CustomerDisplay } from '../../drivers/display/customer-display';
import { attachDisplay, SimulatedDisplay } from '../../drivers/display/simulated-display';
import { DEFAULT_PROFILE, type PrinterProfile, widthDotsOf } from '../../drivers/printer/profile';
import { type PrinterSettings, PrinterProfileError, type ResolvedPrinter, resolvePrinterProfile } from '../../drivers/printer/resolve-profile';
import { VirtualPrinter } from '../../drivers/printer/virtual/interpreter';
import { serveTcp } from '../../drivers/printer/virtual/servers';
import type { PrinterState } from '../../drivers/printer/virtual/state';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { DeviceManager } from './manager/device-manager';
import { PrintQueue } from './print-queue/print-queue';
import type { DeviceRegistry } from './registry';
import { both } from '../../preload/bilingual';

export const SIM_PRINTER_ID = 'sim_printer';
export const SIM_DISPLAY_ID = 'sim_display';

export interface DeviceServiceDeps {
  db: Db;
  bus: EventBus;
  log: Logger;
  registry: DeviceRegistry;
  /** The printer to assume when its settings name no model (default: a generic 80 mm GB18030 printer). */
  baseProfile?: PrinterProfile;
  /** Poll the buses for hotplug this often (0 = only at start). */
  pollIntervalMs?: number;
}

export class DeviceService {
  readonly manager: DeviceManager;
  readonly virtualPrinter: VirtualPrinter;
  readonly display = new SimulatedDisplay('led8n');
  printQueue!: PrintQueue;
  customerDisplay!: CustomerDisplay;
  private closers: Array<() => Promise<void> | void> = [];

  private constructor(private readonly d: DeviceServiceDeps) {
    this.manager = new DeviceManager({ registry: d.registry, db: d.db, pollIntervalMs: d.pollIntervalMs ?? 3_000 });
    // Sized for real once the stored settings are readable (init → printerSettingsChanged).
    this.virtualPrinter = new VirtualPrinter({ widthDots: widthDotsOf(this.base), encoding: this.base.encoding });
  }

  private get base(): PrinterProfile {
    return this.d.baseProfile ?? DEFAULT_PROFILE;
  }

  /** The device the print queue prints to (its settings pick the receipts' profile). */
  get printerId(): string {
    return SIM_PRINTER_ID;
  }

  /**
   * The receipt printer's profile as its settings say now: read at every print, so a model or
   * paper picked on the Devices page applies to the next receipt. Stored settings that no longer
   * resolve (a model file removed) fall back to the base profile, logged, rather than stop printing.
   */
  resolvedPrinter(): ResolvedPrinter {
    const settings: PrinterSettings = this.manager.get(this.printerId)?.settings ?? {};
    try {
      return resolvePrinterProfile(settings, this.base);
    } catch (err) {
      this.d.log.warn({ device: this.printerId, err: err instanceof Error ? err.message : String(err) }, 'printer settings do not resolve; printing with the base profile');
      return resolvePrinterProfile({}, this.base);
    }
  }

  printerProfile(): PrinterProfile {
    return this.resolvedPrinter().profile;
  }

  /** Refuses settings that name an unknown model or a paper it cannot take (before they are saved). */
  checkPrinterSettings(id: string, patch: Record<string, unknown>): void {
    if (id !== this.printerId) return;
    const merged: Record<string, unknown> = { ...(this.manager.get(id)?.settings ?? {}) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    try {
      resolvePrinterProfile(merged as PrinterSettings, this.base);
    } catch (err) {
      if (err instanceof PrinterProfileError) throw new TypeError(`device ${id} settings: ${err.message}`);
      throw err;
    }
  }

  /** After the printer's settings changed: the simulated printer becomes the model picked. */
  printerSettingsChanged(id: string): void {
    if (id !== this.printerId) return;
    const r = this.resolvedPrinter();
    this.virtualPrinter.configure({ widthDots: widthDotsOf(r.profile), encoding: r.profile.encoding, kanjiAtPowerOn: r.kanjiAtPowerOn });
    for (const w of r.warnings) this.d.log.warn({ device: id, model: r.model?.id }, w);
  }

  static async start(d: DeviceServiceDeps): Promise<DeviceService> {
    const s = new DeviceService(d);
    await s.init();
    return s;
  }

  private async init(): Promise<void> {
    const { manager } = this;
    const server = await serveTcp(this.virtualPrinter, { host: '127.0.0.1', port: 0 });
    this.closers.push(() => server.close());
    manager.addSimulated({
      name: 'printer',
      kind: 'printer',
      label: `虚拟小票打印机 (ESC/POS, tcp://127.0.0.1:${server.port})`,
      connect: () => new TcpTransport({ host: '127.0.0.1', port: server.port }),
    });
    manager.addSimulated({
      name: 'display',
      kind: 'display',
      label: '模拟客显 LED8N',
      connect: () => {
        // The display end is "powered on" with the cable: open it now; the host end opens when used.
        const [host, device] = createMemoryPair();
        void device.open();
        attachDisplay(this.display, device);
        return host;
      },
    });
    manager.setRole(SIM_PRINTER_ID, 'printer');
    manager.setRole(SIM_DISPLAY_ID, 'customerDisplay');
    await manager.start();
    this.closers.push(() => manager.stop());
    this.printerSettingsChanged(SIM_PRINTER_ID);

    const printerLink = await manager.open(SIM_PRINTER_ID);
    if (!printerLink) throw new Error('the simulated printer did not open');
    this.printQueue = new PrintQueue({ db: this.d.db, transport: printerLink, deviceId: SIM_PRINTER_ID, log: this.d.log });
    this.printQueue.onChange((job) => this.d.bus.emit('printer.job', job));
    this.printQueue.start();
    this.closers.push(() => this.printQueue.close());

    const displayLink = await manager.open(SIM_DISPLAY_ID);
    if (displayLink) {
      this.customerDisplay = new CustomerDisplay(displayLink, { model: 'led8n' });
      await this.customerDisplay.init().catch(() => undefined);
    }
    this.display.onChange((view) => this.d.bus.emit('display.changed', view));
    this.followCounter();
  }

  /** The pole display follows the counter: price of the last item, total, paid, change. */
  private followCounter(): void {
    const show = (fn: () => Promise<void>) => void fn().catch((err: unknown) => this.d.log.warn({ err: String(err) }, 'customer display'));
    this.d.bus.subscribe((e) => {
      const cd = this.customerDisplay;
      if (!cd) return;
      if (e.event === 'cart.changed') show(() => (e.payload.lines.length > 0 ? cd.showTotal(e.payload.totalFen) : cd.clear()));
      else if (e.event === 'checkout.changed' && e.payload.openOrder) show(() => cd.showPaid(e.payload.openOrder?.paidFen ?? 0));
      else if (e.event === 'order.completed') show(() => cd.showChange(e.payload.changeFen));
    });
  }

  /**
   * A serial (USB-CDC) scanner on a known port (`--serial-scanner /dev/ttyACM0@9600`): each
   * line it sends is a scan, fed to the counter like the keyboard wedge's. It shows on the
   * Devices page with its state; an unplug marks it offline.
   */
  async attachSerialScanner(spec: string, onScan: (code: string) => void): Promise<void> {
    const m = /^([^@]+)(?:@(\d+))?$/.exec(spec);
    if (!m) throw new Error(`--serial-scanner ${spec}: expected /dev/ttyX[@baud]`);
    const path = m[1];
    const baudRate = Number(m[2] ?? 9600);
    const id = `serial_scanner_${path}`;
    const base = { id, role: 'scanner' as const, name: '串口扫码枪 (USB-CDC)', link: `${path}@${baudRate}`, simulated: false };
    const scanner = new SerialScanner(new SerialTransport({ path, baudRate }));
    scanner.onScan((s) => onScan(s.code));
    scanner.onError((e) => this.d.log.warn({ device: id, reason: e.reason }, 'serial scanner sent a bad line'));
    scanner.onClose((err) => this.d.registry.upsert({ ...base, status: 'offline', detail: err ? err.message : both('已关闭', 'closed') }));
    try {
      await scanner.start();
      this.d.registry.upsert({ ...base, status: 'ready', detail: both('以 CR/LF 结尾的一行即为扫码', 'lines ending CR/LF are scans') });
      this.closers.push(() => scanner.stop());
    } catch (err) {
      // A missing or locked port is reported on the Devices page; the counter still runs.
      this.d.registry.upsert({ ...base, status: 'offline', detail: err instanceof Error ? err.message : String(err) });
    }
  }

  /** QA: set the virtual printer's paper/cover/drawer state (a paper-out mid-job, say). */
  setPrinterState(patch: Partial<PrinterState>): PrinterState {
    this.virtualPrinter.setState(patch);
    return this.virtualPrinter.getState();
  }

  async close(): Promise<void> {
    for (const c of this.closers.reverse()) await c();
    this.closers = [];
  }
}
