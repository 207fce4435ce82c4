/**
 * What discovery found: one plain record per device, whatever the bus.
 *
 * Ids are stable across polls so hotplug can diff them: usb_VVVV:PPPP[/serial][#n]
 * (Odoo's form, with the serial number when the device has one, and a counter when two
 * identical devices have none), serial_<path>, net_<host>:<port>, sim_<name>.
 */
import type { DeviceKind } from './vidpid';

export type Connection = 'usb' | 'serial' | 'network' | 'simulated';

export interface DeviceDescriptor {
  id: string;
  connection: Connection;
  /** Best guess of the device's kind (from the VID/PID table, or told by the caller). */
  kind: DeviceKind | 'unknown';
  name: string;
  vendor?: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  /** Serial port path. */
  path?: string;
  host?: string;
  port?: number;
  /** Serial ports: the USB bridge or platform driver, when the OS says. */
  manufacturer?: string;
}

export function usbDeviceId(vendorId: number, productId: number, serialNumber?: string, index = 0): string {
  const base = `usb_${hex(vendorId)}:${hex(productId)}`;
  if (serialNumber) return `${base}/${serialNumber}`;
  return index > 0 ? `${base}#${index + 1}` : base;
}

export function serialDeviceId(path: string): string {
  return `serial_${path}`;
}

export function networkDeviceId(host: string, port: number): string {
  return `net_${host}:${port}`;
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}
