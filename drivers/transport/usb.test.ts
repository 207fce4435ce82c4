import { describe, expect, it } from 'vitest';
import type { TransportError } from './transport';
import { UsbTransport, type WebUsbDeviceLike, type WebUsbLike } from './usb';

/** Behaves like usb 3's WebUSB device: bulk endpoints, transferIn blocks until data. */
class FakeDevice implements WebUsbDeviceLike {
  vendorId = 0x1234;
  productId = 0x5678;
  serialNumber = 'SN1';
  opened = false;
  claimed: number[] = [];
  configuration: WebUsbDeviceLike['configuration'] = null;
  written: number[] = [];
  #inbox: Uint8Array[] = [];
  #reader: ((r: { status: string; data?: DataView }) => void) | undefined;
  #fail: ((e: Error) => void) | undefined;
  constructor(private readonly claimError?: Error) {}
  async open() {
    this.opened = true;
  }
  async close() {
    this.opened = false;
    this.#fail?.(new Error('LIBUSB_ERROR_INTERRUPTED: transfer cancelled'));
  }
  async selectConfiguration(n: number) {
    this.configuration = {
      configurationValue: n,
      interfaces: [
        { interfaceNumber: 0, alternate: { endpoints: [{ endpointNumber: 3, direction: 'in', type: 'interrupt', packetSize: 8 }] } },
        {
          interfaceNumber: 1,
          alternate: {
            endpoints: [
              { endpointNumber: 1, direction: 'out', type: 'bulk', packetSize: 64 },
              { endpointNumber: 2, direction: 'in', type: 'bulk', packetSize: 64 },
            ],
          },
        },
      ],
    };
  }
  async claimInterface(n: number) {
    if (this.claimError) throw this.claimError;
    this.claimed.push(n);
  }
  async releaseInterface(n: number) {
    this.claimed = this.claimed.filter((x) => x !== n);
  }
  async transferOut(ep: number, data: Uint8Array) {
    if (ep !== 1) throw new Error(`LIBUSB_ERROR_PIPE: wrong endpoint ${ep}`);
    this.written.push(...data);
    return { status: 'ok', bytesWritten: data.length };
  }
  transferIn(ep: number, _length: number): Promise<{ status: string; data?: DataView }> {
    if (ep !== 2) return Promise.reject(new Error(`LIBUSB_ERROR_PIPE: wrong endpoint ${ep}`));
    const next = this.#inbox.shift();
    if (next) return Promise.resolve({ status: 'ok', data: new DataView(next.buffer) });
    return new Promise((resolve, reject) => {
      this.#reader = resolve;
      this.#fail = reject;
    });
  }
  /** The device sends bytes to the host. */
  emit(bytes: Uint8Array) {
    const r = this.#reader;
    this.#reader = undefined;
    if (r) r({ status: 'ok', data: new DataView(Uint8Array.from(bytes).buffer) });
    else this.#inbox.push(Uint8Array.from(bytes));
  }
  unplug() {
    this.#fail?.(new Error('LIBUSB_ERROR_NO_DEVICE: No such device (it may have been disconnected)'));
  }
}

function bus(...devices: unknown[]): WebUsbLike {
  return { getDevices: async () => devices };
}

describe('USB bulk transport (fake WebUSB device: no USB bus on CI)', () => {
  it('opens, claims the bulk interface, writes OUT and reads IN', async () => {
    const dev = new FakeDevice();
    const t = new UsbTransport({ vendorId: 0x1234, productId: 0x5678, usb: bus({ vendorId: 1 }, dev) });
    expect(t.address).toBe('usb://1234:5678');
    await t.open();
    expect(dev.opened).toBe(true);
    expect(dev.configuration?.configurationValue).toBe(1);
    expect(dev.claimed).toEqual([1]);
    await t.write(Uint8Array.of(0x55, 0xaa, 0x01));
    expect(dev.written).toEqual([0x55, 0xaa, 0x01]);
    const got = new Promise<number[]>((r) => t.onData((c) => r([...c])));
    dev.emit(Uint8Array.of(0xcc, 0x33));
    expect(await got).toEqual([0xcc, 0x33]);
    const closed = new Promise<TransportError | undefined>((r) => t.onClose(r));
    await t.close();
    expect(await closed).toBeUndefined();
    expect(dev.opened).toBe(false);
    expect(dev.claimed).toEqual([]);
  });

  it('no matching device is NOT_FOUND', async () => {
    const t = new UsbTransport({ vendorId: 0x1234, productId: 0x9999, usb: bus(new FakeDevice()) });
    await expect(t.open()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no such USB device/) });
  });

  it('a machine without a USB bus is a clear NOT_FOUND (usb 3 rejects getDevices)', async () => {
    const noBus: WebUsbLike = {
      getDevices: () => Promise.reject(new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)')),
    };
    const t = new UsbTransport({ vendorId: 1, productId: 2, usb: noBus });
    await expect(t.open()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no USB bus/) });
  });

  it('an interface held by a kernel driver is LOCKED', async () => {
    const dev = new FakeDevice(new Error('LIBUSB_ERROR_BUSY: Resource busy'));
    const t = new UsbTransport({ vendorId: 0x1234, productId: 0x5678, usb: bus(dev) });
    await expect(t.open()).rejects.toMatchObject({ code: 'LOCKED' });
    expect(dev.opened).toBe(false);
  });

  it('unplugging mid-session closes with DISCONNECTED', async () => {
    const dev = new FakeDevice();
    const t = new UsbTransport({ vendorId: 0x1234, productId: 0x5678, usb: bus(dev) });
    await t.open();
    const closed = new Promise<TransportError | undefined>((r) => t.onClose(r));
    await new Promise((r) => setImmediate(r));
    dev.unplug();
    expect((await closed)?.code).toBe('DISCONNECTED');
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('the real usb 3 module on this machine reports its state clearly, never crashes', async () => {
    const t = new UsbTransport({ vendorId: 0x0416, productId: 0x5011 });
    const err = (await t.open().catch((e: unknown) => e)) as TransportError;
    // With no USB bus (CI) or no such device plugged in, both are NOT_FOUND.
    expect(err.code).toBe('NOT_FOUND');
  });
});
