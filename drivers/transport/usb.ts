/**
 * USB bulk transport through usb 3's WebUSB API (the only API usb 3 has).
 *
 * Flow: getDevices() -> match vendor/product (and serial) -> open ->
 * selectConfiguration -> claimInterface -> transferOut to the bulk OUT endpoint;
 * a transferIn loop on the bulk IN endpoint feeds onData.
 *
 * The WebUSB surface we use is declared structurally (WebUsbLike) so a test can
 * hand in a fake device: CI machines have no USB bus, and there usb 3's
 * getDevices() rejects with "/sys/bus/usb/devices/ not found".
 */
import { CloseOnce } from './close-once';
import { Listeners } from './listeners';
import { messageOf } from './net-errors';
import { type Transport, TransportError } from './transport';

export interface WebUsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize: number;
}

export interface WebUsbInterfaceLike {
  interfaceNumber: number;
  alternate: { endpoints: WebUsbEndpointLike[] };
}

export interface WebUsbDeviceLike {
  vendorId: number;
  productId: number;
  readonly serialNumber?: string | null;
  readonly opened: boolean;
  readonly configuration?: { configurationValue: number; interfaces: WebUsbInterfaceLike[] } | null;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array): Promise<{ status: string; bytesWritten: number }>;
  transferIn(endpointNumber: number, length: number): Promise<{ status: string; data?: DataView }>;
  clearHalt?(direction: 'in' | 'out', endpointNumber: number): Promise<void>;
}

export interface WebUsbLike {
  getDevices(): Promise<unknown[]>;
}

export interface UsbOptions {
  vendorId: number;
  productId: number;
  serialNumber?: string;
  /** Interface holding the bulk endpoints (default: the first interface that has both). */
  interfaceNumber?: number;
  /** Configuration to select when the device has none selected (default 1, as most devices have one). */
  configurationValue?: number;
  /** WebUSB implementation; defaults to usb 3's `usb` object (allows all devices). */
  usb?: WebUsbLike;
}

/** Bytes asked for per transferIn: several max-size packets so a burst arrives in one read. */
const READ_LENGTH = 4096;
const DEFAULT_CONFIGURATION = 1;

export class UsbTransport implements Transport {
  readonly kind = 'usb' as const;
  readonly address: string;
  #device: WebUsbDeviceLike | undefined;
  #interface = 0;
  #out = 0;
  #in = 0;
  #closing = false;
  readonly #data = new Listeners<Buffer>();
  readonly #close = new CloseOnce();

  constructor(private readonly options: UsbOptions) {
    this.address = `usb://${hex4(options.vendorId)}:${hex4(options.productId)}${options.serialNumber ? `/${options.serialNumber}` : ''}`;
  }

  get isOpen(): boolean {
    return this.#device !== undefined && !this.#close.fired;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const webusb = this.options.usb ?? (await loadUsb(this.address));
    let found: unknown[];
    try {
      found = await webusb.getDevices();
    } catch (error) {
      throw new TransportError(
        'NOT_FOUND',
        `cannot list USB devices (${messageOf(error)}): this machine has no USB bus, or /sys is not mounted`,
        this.address,
        { cause: error },
      );
    }
    const device = found.filter(isWebUsbDevice).find(
      (d) =>
        d.vendorId === this.options.vendorId &&
        d.productId === this.options.productId &&
        (this.options.serialNumber === undefined || d.serialNumber === this.options.serialNumber),
    );
    if (!device) throw new TransportError('NOT_FOUND', 'no such USB device is plugged in', this.address);
    try {
      if (!device.opened) await device.open();
      if (!device.configuration) {
        await device.selectConfiguration(this.options.configurationValue ?? DEFAULT_CONFIGURATION);
      }
      const { iface, inEp, outEp } = this.#pickEndpoints(device);
      await device.claimInterface(iface);
      this.#interface = iface;
      this.#in = inEp;
      this.#out = outEp;
    } catch (error) {
      await device.close().catch(() => undefined);
      throw usbErrorToTransportError(error, this.address);
    }
    this.#device = device;
    this.#closing = false;
    this.#close.rearm();
    void this.#readLoop(device);
  }

  #pickEndpoints(device: WebUsbDeviceLike): { iface: number; inEp: number; outEp: number } {
    const interfaces = device.configuration?.interfaces ?? [];
    for (const i of interfaces) {
      if (this.options.interfaceNumber !== undefined && i.interfaceNumber !== this.options.interfaceNumber) continue;
      const eps = i.alternate.endpoints;
      const inEp = eps.find((e) => e.type === 'bulk' && e.direction === 'in');
      const outEp = eps.find((e) => e.type === 'bulk' && e.direction === 'out');
      if (inEp && outEp) return { iface: i.interfaceNumber, inEp: inEp.endpointNumber, outEp: outEp.endpointNumber };
    }
    throw new TransportError('NOT_FOUND', 'the device has no interface with bulk IN and OUT endpoints', this.address);
  }

  async #readLoop(device: WebUsbDeviceLike): Promise<void> {
    while (!this.#closing && this.#device === device) {
      try {
        const result = await device.transferIn(this.#in, READ_LENGTH);
        if (result.status === 'stall') {
          // A stalled endpoint is cleared and read again, as WebUSB prescribes.
          await device.clearHalt?.('in', this.#in);
          continue;
        }
        if (result.status !== 'ok') throw new Error(`transferIn status ${result.status}`);
        const view = result.data;
        if (view && view.byteLength > 0) {
          this.#data.emit(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
        }
      } catch (error) {
        if (this.#closing) return;
        if (/timeout/i.test(messageOf(error))) continue; // no data yet: read again
        this.#device = undefined;
        await device.close().catch(() => undefined);
        this.#close.fire(usbErrorToTransportError(error, this.address));
        return;
      }
    }
  }

  async write(data: Uint8Array): Promise<void> {
    const device = this.#device;
    if (!device || !this.isOpen) throw new TransportError('NOT_OPEN', 'write on a closed USB link', this.address);
    let result: { status: string; bytesWritten: number };
    try {
      result = await device.transferOut(this.#out, data);
    } catch (error) {
      throw usbErrorToTransportError(error, this.address);
    }
    if (result.status !== 'ok' || result.bytesWritten !== data.byteLength) {
      throw new TransportError(
        'IO',
        `bulk OUT wrote ${result.bytesWritten} of ${data.byteLength} bytes (status ${result.status})`,
        this.address,
      );
    }
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (error?: TransportError) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    const device = this.#device;
    if (!device || this.#close.fired) return;
    this.#closing = true;
    this.#device = undefined;
    await device.releaseInterface(this.#interface).catch(() => undefined);
    await device.close().catch(() => undefined);
    this.#close.fire(undefined);
  }
}

export function usbErrorToTransportError(error: unknown, address: string): TransportError {
  if (error instanceof TransportError) return error;
  const text = messageOf(error);
  const cause = { cause: error };
  if (/NO_DEVICE|disconnected|not found/i.test(text)) {
    return new TransportError('DISCONNECTED', `the USB device went away: ${text}`, address, cause);
  }
  if (/ACCESS|permission/i.test(text)) {
    return new TransportError('PERMISSION', 'no permission for this USB device: add a udev rule for it', address, cause);
  }
  if (/BUSY/i.test(text)) {
    return new TransportError('LOCKED', 'the USB interface is claimed by another program or a kernel driver', address, cause);
  }
  return new TransportError('IO', `USB I/O error: ${text}`, address, cause);
}

function isWebUsbDevice(value: unknown): value is WebUsbDeviceLike {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.vendorId === 'number' &&
    typeof d.productId === 'number' &&
    typeof d.transferIn === 'function' &&
    typeof d.transferOut === 'function'
  );
}

async function loadUsb(address: string): Promise<WebUsbLike> {
  // Imported lazily: the native addon is only loaded when a USB link is actually used.
  try {
    const mod = await import('usb');
    return mod.usb;
  } catch (error) {
    throw new TransportError('NOT_FOUND', `USB support is not available here (${messageOf(error)})`, address, { cause: error });
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
