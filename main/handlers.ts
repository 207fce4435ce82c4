/** Binds each contract call to the service that answers it. Inputs arrive validated. */
import type { AppInfo } from '../preload/api';
import type { CatalogRepo } from './catalog/catalog-repo';
import type { Checkout } from './checkout/checkout';
import type { OrdersRepo } from './checkout/orders-repo';
import type { Handlers } from './contract/dispatch';
import { notFound } from './contract/errors';
import type { DeviceRegistry } from './devices/registry';
import type { ReceiptService } from './devices/receipt-service';

export interface HandlerDeps {
  info: () => AppInfo;
  catalog: CatalogRepo;
  checkout: Checkout;
  orders: OrdersRepo;
  receipts: ReceiptService;
  devices: DeviceRegistry;
}

export function createHandlers(d: HandlerDeps): Handlers {
  const order = (orderNo: string) => {
    const o = d.orders.getByOrderNo(orderNo);
    if (!o) throw notFound(`没有订单 ${orderNo} / no order ${orderNo}`);
    return o;
  };
  return {
    'app.info': () => d.info(),
    'catalog.search': ({ query, limit }) => d.catalog.searchText(query, limit),
    'cart.get': () => d.checkout.cart(),
    'cart.scan': ({ code, qtyMilli }) => d.checkout.scan(code, qtyMilli),
    'cart.add': ({ productId, qtyMilli }) => d.checkout.addProduct(productId, qtyMilli),
    'cart.setQty': ({ lineId, qtyMilli }) => d.checkout.setQty(lineId, qtyMilli),
    'cart.remove': ({ lineId }) => d.checkout.remove(lineId),
    'cart.clear': () => d.checkout.clear(),
    'checkout.payCash': ({ tenderedFen }) => d.checkout.payCash(tenderedFen),
    'journal.list': ({ limit }) => d.orders.list(limit),
    'journal.get': ({ orderNo }) => order(orderNo),
    'receipt.get': ({ orderNo }) => d.receipts.lastFor(order(orderNo).orderNo),
    'receipt.reprint': ({ orderNo }) => d.receipts.printSale(order(orderNo), { openDrawer: false, copy: true }),
    'devices.list': () => d.devices.list(),
  };
}
