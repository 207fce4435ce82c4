/** Contract handlers of the Devices page: the device doctor, test actions, the print queue. */
import type { DeviceDetail, DeviceInfo, DeviceSettings } from '../../preload/contract';
import { ReceiptWriter } from '../../drivers/printer/escpos/writer';
import type { Handlers } from '../contract/dispatch';
import { ApiFailure, notFound } from '../contract/errors';
import type { DeviceService } from './device-service';
import { PrintQueueError } from './print-queue/job';
import type { ReceiptService } from './receipt-service';
import type { DeviceRegistry } from './registry';

type DeviceHandlerNames =
  | 'devices.detail'
  | 'devices.testPrint'
  | 'devices.openDrawer'
  | 'devices.unplug'
  | 'devices.replug'
  | 'devices.setRole'
  | 'devices.updateSettings'
  | 'devices.addNetworkPrinter'
  | 'printer.jobs'
  | 'printer.resume'
  | 'printer.confirmReprint'
  | 'printer.markPrinted'
  | 'printer.cancel'
  | 'printer.simState'
  | 'display.state';

export function deviceHandlers(d: { service: DeviceService; registry: DeviceRegistry; receipts: ReceiptService }): Pick<Handlers, DeviceHandlerNames> {
  const { manager } = d.service;
  const detail = (id: string): DeviceDetail => {
    const m = manager.get(id);
    const device: DeviceInfo | undefined = d.registry.get(id);
    if (!device) throw notFound(`没有设备 ${id} / no device ${id}`);
    return {
      device,
      timeline: manager.timeline(id).map((t) => ({ at: t.at, kind: t.kind, reason: t.reason })),
      byteLog: manager.byteLog(id).map((b) => ({ at: b.at, dir: b.dir, length: b.length, hex: b.hex })),
      settings: { ...(m?.settings ?? {}) },
      canUnplug: m?.simulated === true,
    };
  };
  // Print-queue refusals (wrong state, no such job) are the cashier's to see, not crashes.
  const jobs = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof PrintQueueError) throw new ApiFailure(err.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT', err.message, 'id');
      throw err;
    }
    return d.service.printQueue.list();
  };
  const simulatedOnly = (id: string) => {
    if (manager.get(id)?.simulated !== true) throw new ApiFailure('CONFLICT', `${id} 不是模拟设备：请真的拔插它 / only simulated devices can be unplugged from here`, 'id');
  };
  return {
    'devices.detail': ({ id }) => detail(id),
    'devices.testPrint': () => d.receipts.testPage(),
    'devices.openDrawer': () => {
      d.service.printQueue.enqueue({ orderNo: null, kind: 'drawer', bytes: new ReceiptWriter(d.service.printerProfile()).drawer().bytes() });
      return { ok: true };
    },
    'devices.unplug': async ({ id }) => {
      simulatedOnly(id);
      await manager.simulateUnplug(id);
      return detail(id);
    },
    'devices.replug': async ({ id }) => {
      simulatedOnly(id);
      await manager.simulateReplug(id);
      return detail(id);
    },
    'devices.setRole': ({ id, role }) => {
      manager.setRole(id, role);
      return detail(id);
    },
    'devices.updateSettings': ({ id, settings: given, clear }) => {
      // A cleared field is an undefined value in the patch: the store removes it.
      const settings: Partial<DeviceSettings> = { ...given, ...Object.fromEntries(clear.map((k) => [k, undefined])) };
      try {
        // A printer model that cannot take this paper is refused before anything is saved.
        d.service.checkPrinterSettings(id, settings);
        manager.updateSettings(id, settings);
      } catch (err) {
        throw new ApiFailure('INVALID_INPUT', err instanceof Error ? err.message : String(err), 'settings');
      }
      d.service.printerSettingsChanged(id);
      return detail(id);
    },
    'devices.addNetworkPrinter': async ({ address }) => {
      const r = await manager.addNetworkPrinter(address);
      return { id: r.id, problem: r.problem ? r.problem.message : null };
    },
    'printer.jobs': () => d.service.printQueue.list(),
    'printer.resume': ({ id }) => jobs(() => d.service.printQueue.resume(id)),
    'printer.confirmReprint': ({ id }) => jobs(() => d.service.printQueue.confirmReprint(id)),
    'printer.markPrinted': ({ id }) => jobs(() => d.service.printQueue.markPrinted(id)),
    'printer.cancel': ({ id }) => jobs(() => d.service.printQueue.cancel(id)),
    'printer.simState': (patch) => d.service.setPrinterState(patch),
    'display.state': () => d.service.display.view(),
  };
}
