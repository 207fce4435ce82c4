/**
 * Simulated devices for QA and UI tests: each is a descriptor plus a factory for its link,
 * and can be "unplugged" and "replugged" on demand. Unplugged, it vanishes from discovery
 * and its link refuses to open (NOT_FOUND), exactly as a pulled USB cable looks.
 */
import { DelegatingTransport } from '../../../drivers/transport/delegating';
import { type Transport, TransportError } from '../../../drivers/transport/transport';
import type { DeviceDescriptor } from './descriptor';
import type { DeviceKind } from './vidpid';

export interface SimulatedDeviceSpec {
  /** Becomes the id `sim_<name>`. */
  name: string;
  kind: DeviceKind;
  /** A fresh host-side link to the simulated device (e.g. one end of a memory pair, or a TCP client). */
  connect: () => Transport;
  label?: string;
}

interface Entry {
  spec: SimulatedDeviceSpec;
  plugged: boolean;
}

export class SimulatedDevices {
  readonly #entries = new Map<string, Entry>();
  readonly #plugListeners = new Set<(id: string, plugged: boolean) => void>();

  add(spec: SimulatedDeviceSpec): string {
    const id = `sim_${spec.name}`;
    this.#entries.set(id, { spec, plugged: true });
    return id;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  isPlugged(id: string): boolean {
    return this.#entries.get(id)?.plugged === true;
  }

  /** Plugged-in devices, for discovery. */
  list(): DeviceDescriptor[] {
    return [...this.#entries]
      .filter(([, e]) => e.plugged)
      .map(([id, e]) => ({ id, connection: 'simulated', kind: e.spec.kind, name: e.spec.label ?? `模拟设备 ${e.spec.name}` }));
  }

  /** A link that opens only while the device is plugged in. */
  connect(id: string): Transport {
    const entry = this.#entries.get(id);
    if (!entry) throw new TransportError('NOT_FOUND', 'no such simulated device', id);
    return new PlugGate(id, () => this.isPlugged(id), entry.spec.connect());
  }

  setPlugged(id: string, plugged: boolean): void {
    const entry = this.#entries.get(id);
    if (!entry) throw new TransportError('NOT_FOUND', 'no such simulated device', id);
    if (entry.plugged === plugged) return;
    entry.plugged = plugged;
    for (const l of this.#plugListeners) l(id, plugged);
  }

  onPlug(listener: (id: string, plugged: boolean) => void): () => void {
    this.#plugListeners.add(listener);
    return () => this.#plugListeners.delete(listener);
  }
}

/** Delegates to the real link, but open() fails while the simulated cable is out. */
class PlugGate extends DelegatingTransport {
  constructor(
    private readonly id: string,
    private readonly plugged: () => boolean,
    inner: Transport,
  ) {
    super(inner);
  }

  override get address(): string {
    return `${this.id} (${this.inner.address})`;
  }
  override async open(): Promise<void> {
    if (!this.plugged()) throw new TransportError('NOT_FOUND', 'the simulated device is unplugged', this.address);
    await this.inner.open();
  }
}
