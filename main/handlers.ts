/** Binds each contract call to the service that answers it. Inputs arrive validated. */
import type { AppInfo } from '../preload/contract';
import type { CatalogRepo } from './catalog/catalog-repo';
import type { ChannelSettingsService } from './channels/channel-settings';
import type { Checkout } from './checkout/checkout';
import type { Shifts } from './checkout/shift';
import type { StoredValue } from './checkout/payments/stored-value-port';
import type { OrdersRepo } from './checkout/orders-repo';
import type { Handlers } from './contract/dispatch';
import type { deviceHandlers } from './devices/device-handlers';
import type { reconHandlers } from './recon/recon-handlers';
import type { simHandlers } from './sim/sim-handlers';
import { notFound } from './contract/errors';
import type { DeviceRegistry } from './devices/registry';
import type { ReceiptService } from './devices/receipt-service';
import { shiftClosedEvent } from './outbox/projections';
import type { QueueService } from './outbox/queue-service';

export interface HandlerDeps {
  info: () => AppInfo;
  catalog: CatalogRepo;
  checkout: Checkout;
  orders: OrdersRepo;
  receipts: ReceiptService;
  devices: DeviceRegistry;
  storedValue: StoredValue;
  queue: QueueService;
  shifts: Shifts;
  channelSettings: ChannelSettingsService;
}

/** Calls answered by their own modules (device-, sim- and recon-handlers.ts). */
type OwnModuleCalls = keyof ReturnType<typeof deviceHandlers> | keyof ReturnType<typeof simHandlers> | keyof ReturnType<typeof reconHandlers>;

export function createHandlers(d: HandlerDeps): Omit<Handlers, OwnModuleCalls> {
  const order = (orderNo: string) => {
    const o = d.orders.getByOrderNo(orderNo);
    if (!o) throw notFound(`没有订单 ${orderNo} / no order ${orderNo}`);
    return o;
  };
  return {
    'app.info': () => d.info(),
    'settings.channels': () => d.channelSettings.view(),
    'settings.setChannel': (input) => d.channelSettings.set(input),
    'catalog.search': ({ query, limit }) => d.catalog.searchText(query, limit),
    'cart.get': () => d.checkout.cart(),
    'cart.scan': ({ code, qtyMilli }) => d.checkout.scan(code, qtyMilli),
    'cart.add': ({ productId, qtyMilli }) => d.checkout.addProduct(productId, qtyMilli),
    'cart.setQty': ({ lineId, qtyMilli }) => d.checkout.setQty(lineId, qtyMilli),
    'cart.remove': ({ lineId }) => d.checkout.remove(lineId),
    'cart.clear': () => d.checkout.clear(),
    'checkout.state': () => d.checkout.state(),
    'checkout.pay': (input) => d.checkout.pay(input),
    'checkout.cancel': () => d.checkout.cancel(),
    'payment.query': ({ paymentId }) => d.checkout.query(paymentId),
    'journal.refund': ({ orderNo, paymentId, amountFen }) => d.checkout.refund(orderNo, paymentId, amountFen),
    'journal.void': ({ orderNo }) => d.checkout.voidOrder(orderNo),
    'storedValue.get': ({ cardNo }) => d.storedValue.get(cardNo),
    'storedValue.issue': ({ cardNo, holder, pin }) => d.storedValue.issue(cardNo, holder, pin),
    'storedValue.topUp': ({ cardNo, amountFen }) => d.storedValue.topUp(cardNo, amountFen, `topup-${cardNo}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`),
    'journal.list': ({ limit }) => d.orders.list(limit),
    'journal.get': ({ orderNo }) => order(orderNo),
    'receipt.get': ({ orderNo }) => d.receipts.lastFor(order(orderNo).orderNo),
    'receipt.reprint': ({ orderNo }) => d.receipts.printSale(order(orderNo), { openDrawer: false, copy: true }),
    'receipt.reprintRefund': ({ orderNo, refundNo }) => d.receipts.reprintRefund(order(orderNo).orderNo, refundNo),
    'devices.list': () => d.devices.list(),
    'shift.current': () => d.shifts.summary(),
    'shift.close': async ({ countedCashFen, nextOpeningCashFen }) => {
      const summary = d.shifts.close(countedCashFen ?? null, nextOpeningCashFen, (s) => d.queue.record(shiftClosedEvent(s)));
      try {
        return { summary, receipt: await d.receipts.printShiftReport(summary), printError: null };
      } catch (err) {
        return { summary, receipt: null, printError: err instanceof Error ? err.message : String(err) };
      }
    },
    'queue.status': () => d.queue.status(),
    'queue.retry': ({ id }) => d.queue.retry(id),
    'queue.export': () => ({ jsonl: d.queue.exportQuarantined() }),
  };
}
