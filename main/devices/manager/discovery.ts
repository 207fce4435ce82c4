/**
 * Finding devices: USB (usb 3's WebUSB getDevices), serial ports (serialport's list), and
 * network printers the cashier adds by address (TCP connect + DLE EOT status query).
 *
 * A bus that cannot be listed is a problem *report*, never an exception: on this VM
 * getDevices() rejects with "/sys/bus/usb/devices/ not found", and SerialPort.list() rejects
 * with "spawn udevadm ENOENT" where udev is not installed (reference/toolchain.md).
 */
import type { PrinterStatus } from '../../../drivers/printer/status';
import { TcpTransport } from '../../../drivers/transport/tcp';
import type { Transport } from '../../../drivers/transport/transport';
import { StatusReader } from '../print-queue/status-reader';
import { type DeviceDescriptor, networkDeviceId, serialDeviceId, usbDeviceId } from './descriptor';
import { hex4, lookupUsbId, USB_SERIAL_ADAPTERS } from './vidpid';

export interface DiscoveryProblem {
  source: 'usb' | 'serial' | 'network' | 'discovery';
  message: string;
}

export interface DiscoveryResult {
  devices: DeviceDescriptor[];
  problems: DiscoveryProblem[];
}

/** The parts of a WebUSB USBDevice that discovery reads. */
export interface UsbDeviceInfoLike {
  vendorId: number;
  productId: number;
  serialNumber?: string | null;
  productName?: string | null;
  manufacturerName?: string | null;
}

/** serialport's PortInfo (vendorId/productId are hex strings there). */
export interface SerialPortInfoLike {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** The JetDirect / raw port of network receipt printers. */
export const RAW_PRINT_PORT = 9100;
/** A LAN printer answers a SYN and DLE EOT in milliseconds; 3 s covers Wi-Fi power save. */
export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;

export async function discoverUsb(getDevices?: () => Promise<unknown[]>): Promise<DiscoveryResult> {
  let raw: unknown[];
  try {
    raw = await (getDevices ?? (await defaultGetDevices()))();
  } catch (error) {
    const text = messageOf(error);
    const message = /\/sys\/bus\/usb\/devices\/? not found/i.test(text)
      ? `no USB bus on this machine (${text}): USB devices cannot be listed; serial and network devices still work`
      : `cannot list USB devices: ${text}`;
    return { devices: [], problems: [{ source: 'usb', message }] };
  }
  const devices: DeviceDescriptor[] = [];
  const counts = new Map<string, number>();
  for (const d of raw) {
    if (!isUsbInfo(d)) continue;
    const serial = d.serialNumber || undefined;
    const key = `${d.vendorId}:${d.productId}`;
    const index = serial ? 0 : (counts.get(key) ?? 0);
    if (!serial) counts.set(key, index + 1);
    const entry = lookupUsbId(d.vendorId, d.productId);
    devices.push({
      id: usbDeviceId(d.vendorId, d.productId, serial, index),
      connection: 'usb',
      kind: entry?.kind ?? 'unknown',
      name: d.productName || entry?.name || `USB device ${hex4(d.vendorId)}:${hex4(d.productId)}`,
      vendor: d.manufacturerName || entry?.vendor,
      vendorId: d.vendorId,
      productId: d.productId,
      serialNumber: serial,
    });
  }
  return { devices, problems: [] };
}

export async function discoverSerial(list?: () => Promise<SerialPortInfoLike[]>): Promise<DiscoveryResult> {
  let ports: SerialPortInfoLike[];
  try {
    ports = await (list ?? (await defaultSerialList()))();
  } catch (error) {
    const text = messageOf(error);
    const message = /udevadm/.test(text)
      ? `udevadm is missing (${text}): install udev (apt-get install udev) to list serial ports; a port can still be added by its path`
      : `cannot list serial ports: ${text}`;
    return { devices: [], problems: [{ source: 'serial', message }] };
  }
  const devices = ports.map((p): DeviceDescriptor => {
    const vendorId = p.vendorId ? Number.parseInt(p.vendorId, 16) : undefined;
    const productId = p.productId ? Number.parseInt(p.productId, 16) : undefined;
    const bridge = vendorId === undefined ? undefined : USB_SERIAL_ADAPTERS.find((a) => a.vendorId === vendorId);
    return {
      id: serialDeviceId(p.path),
      connection: 'serial',
      kind: 'unknown',
      name: bridge ? `${p.path} (${bridge.vendor})` : p.path,
      path: p.path,
      manufacturer: p.manufacturer,
      serialNumber: p.serialNumber,
      vendorId: Number.isNaN(vendorId) ? undefined : vendorId,
      productId: Number.isNaN(productId) ? undefined : productId,
    };
  });
  return { devices, problems: [] };
}

/** "192.168.1.50" or "192.168.1.50:9100" or "[fe80::1]:9100" -> host and port. */
export function parseNetworkAddress(address: string): { host: string; port: number } {
  const text = address.trim().replace(/^tcp:\/\//, '');
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(text);
  const host = m?.[1] ?? m?.[2];
  const port = m?.[3] === undefined ? RAW_PRINT_PORT : Number(m[3]);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new RangeError(`not a printer address: ${JSON.stringify(address)} (expected host or host:port, e.g. 192.168.1.50:9100)`);
  }
  return { host, port };
}

export interface ProbeResult {
  descriptor: DeviceDescriptor;
  /** Set when the printer answered DLE EOT 1..4. */
  status?: PrinterStatus;
  /** Set when it did not: what went wrong, in words. */
  problem?: DiscoveryProblem;
}

/** Connect, ask DLE EOT 1..4, disconnect. Never throws for an unreachable printer. */
export async function probeNetworkPrinter(
  address: string,
  options: { timeoutMs?: number; connect?: (host: string, port: number, timeoutMs: number) => Transport } = {},
): Promise<ProbeResult> {
  const { host, port } = parseNetworkAddress(address);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const descriptor: DeviceDescriptor = {
    id: networkDeviceId(host, port),
    connection: 'network',
    kind: 'printer',
    name: `网络打印机 ${host}:${port}`,
    host,
    port,
  };
  const transport = options.connect?.(host, port, timeoutMs) ?? new TcpTransport({ host, port, connectTimeoutMs: timeoutMs });
  try {
    await transport.open();
  } catch (error) {
    return { descriptor, problem: { source: 'network', message: `${host}:${port} did not accept a connection: ${messageOf(error)}` } };
  }
  const reader = new StatusReader(transport, { timeoutMs });
  try {
    const status = await reader.query();
    return { descriptor, status };
  } catch (error) {
    return {
      descriptor,
      problem: { source: 'network', message: `${host}:${port} accepted a connection but did not answer DLE EOT (${messageOf(error)}): is it an ESC/POS printer?` },
    };
  } finally {
    reader.dispose();
    await transport.close().catch(() => undefined);
  }
}

function isUsbInfo(v: unknown): v is UsbDeviceInfoLike {
  return typeof v === 'object' && v !== null && typeof (v as UsbDeviceInfoLike).vendorId === 'number' && typeof (v as UsbDeviceInfoLike).productId === 'number';
}

async function defaultGetDevices(): Promise<() => Promise<unknown[]>> {
  // Lazy: the native addon loads only when USB discovery actually runs.
  const { usb } = await import('usb');
  return () => usb.getDevices();
}

async function defaultSerialList(): Promise<() => Promise<SerialPortInfoLike[]>> {
  const { SerialPort } = await import('serialport');
  return () => SerialPort.list();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
