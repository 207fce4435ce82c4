/**
 * Device drivers, Odoo style (field-notes §1.1, §4 C): each says which devices it supports();
 * for a new device the manager tries them in priority order and the first that says yes wins
 * (higher priority = more specific). A driver turns a descriptor and its settings into a
 * Transport, or says the device needs none (a keyboard-wedge scanner types into the UI).
 */
import { SerialTransport } from '../../../drivers/transport/serial';
import { TcpTransport } from '../../../drivers/transport/tcp';
import type { Transport } from '../../../drivers/transport/transport';
import { UsbTransport, type WebUsbLike } from '../../../drivers/transport/usb';
import type { DeviceDescriptor } from './descriptor';
import type { DeviceRole, DeviceSettings } from '../../../preload/contract/devices';
import type { SimulatedDevices } from './simulated-devices';
import type { DeviceKind } from './vidpid';

export interface DriverContext {
  settings: DeviceSettings;
  role: DeviceRole | null;
  simulated: SimulatedDevices;
  usb?: WebUsbLike;
}

export interface DeviceDriver {
  name: string;
  priority: number;
  supported(d: DeviceDescriptor, ctx: DriverContext): boolean;
  /** The link to open, or null when the device needs no link from us. */
  connect(d: DeviceDescriptor, ctx: DriverContext): Transport | null;
  /**
   * Open as soon as the device appears? Only where that is harmless: a serial port is opened
   * only once the cashier has given it a role (opening an unknown port can reset a modem or
   * lock a port another program uses).
   */
  autoOpen(d: DeviceDescriptor, ctx: DriverContext): boolean;
}

/** Power-on defaults seen in the field (bills-displays.md §3; ESC/POS printers ship at 9600 8N1). */
export function defaultBaudRate(role: DeviceRole | null, settings: DeviceSettings): number {
  if (settings.baudRate) return settings.baudRate;
  if (role === 'customerDisplay') return settings.displayModel === 'dmd' ? 9600 : 2400;
  return 9600;
}

export function kindToRole(kind: DeviceKind | 'unknown'): DeviceRole | null {
  switch (kind) {
    case 'printer':
      return 'printer';
    case 'scanner':
      return 'scanner';
    case 'terminal':
      return 'terminal';
    case 'display':
      return 'customerDisplay';
    default:
      return null;
  }
}

const usbBulkDriver: DeviceDriver = {
  name: 'usb-bulk (ESC/POS printer, terminal)',
  priority: 10,
  supported: (d, ctx) => d.connection === 'usb' && d.vendorId !== undefined && d.productId !== undefined && (ctx.role ?? kindToRole(d.kind)) !== 'scanner' && d.kind !== 'unknown',
  connect: (d, ctx) => new UsbTransport({ vendorId: d.vendorId ?? 0, productId: d.productId ?? 0, serialNumber: d.serialNumber, usb: ctx.usb }),
  autoOpen: () => true,
};

const usbWedgeScannerDriver: DeviceDriver = {
  name: 'keyboard-wedge scanner',
  priority: 11,
  supported: (d, ctx) => d.connection === 'usb' && (ctx.role ?? kindToRole(d.kind)) === 'scanner',
  connect: () => null,
  autoOpen: () => false,
};

const serialDriver: DeviceDriver = {
  name: 'serial',
  priority: 10,
  supported: (d) => d.connection === 'serial' && typeof d.path === 'string',
  connect: (d, ctx) =>
    new SerialTransport({
      path: d.path ?? '',
      baudRate: defaultBaudRate(ctx.role, ctx.settings),
      dataBits: ctx.settings.dataBits,
      parity: ctx.settings.parity,
    }),
  autoOpen: (_d, ctx) => ctx.role !== null,
};

const networkPrinterDriver: DeviceDriver = {
  name: 'network ESC/POS printer (raw 9100)',
  priority: 10,
  supported: (d) => d.connection === 'network' && typeof d.host === 'string' && typeof d.port === 'number',
  connect: (d) => new TcpTransport({ host: d.host, port: d.port ?? 9100 }),
  autoOpen: () => true,
};

const simulatedDriver: DeviceDriver = {
  name: 'simulated',
  priority: 20,
  supported: (d, ctx) => d.connection === 'simulated' && ctx.simulated.has(d.id),
  connect: (d, ctx) => ctx.simulated.connect(d.id),
  autoOpen: () => true,
};

export const BUILTIN_DRIVERS: readonly DeviceDriver[] = [simulatedDriver, usbWedgeScannerDriver, usbBulkDriver, serialDriver, networkPrinterDriver];

/** The highest-priority driver that supports the device, if any. */
export function pickDriver(drivers: readonly DeviceDriver[], d: DeviceDescriptor, ctx: DriverContext): DeviceDriver | undefined {
  return [...drivers].sort((a, b) => b.priority - a.priority).find((drv) => drv.supported(d, ctx));
}
