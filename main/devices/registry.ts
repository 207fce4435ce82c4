/**
 * The devices the counter knows about and their health. Health is pushed to the
 * UI (event `device.status`) only when it changes, as Odoo's IoT drivers do, so a
 * flapping link does not flood the renderer.
 */
import type { DeviceInfo } from '../../preload/contract';
import type { EventBus } from '../events';

export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceInfo>();

  constructor(private readonly bus: EventBus) {}

  list(): DeviceInfo[] {
    return [...this.devices.values()].map((d) => ({ ...d }));
  }

  get(id: string): DeviceInfo | undefined {
    const d = this.devices.get(id);
    return d ? { ...d } : undefined;
  }

  /** Adds or updates a device; emits only if something a user sees changed. */
  upsert(device: DeviceInfo): void {
    const before = this.devices.get(device.id);
    this.devices.set(device.id, { ...device });
    if (!before || before.status !== device.status || before.detail !== device.detail || before.link !== device.link) {
      this.bus.emit('device.status', { ...device });
    }
  }

  setStatus(id: string, status: DeviceInfo['status'], detail: string): void {
    const d = this.devices.get(id);
    if (d) this.upsert({ ...d, status, detail });
  }
}
