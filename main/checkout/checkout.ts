/**
 * The counter's sale flow: cart operations and (for now) cash tender.
 *
 * A cash sale is committed in ONE SQLite transaction: order, lines, the payment leg
 * and its transitions (created -> approved), and the order's completion. Either the
 * whole sale is on disk or none of it is; only then is the drawer opened and the
 * receipt printed. A print failure is reported but never undoes a paid sale.
 */
import { randomUUID } from 'node:crypto';
import type { Cart, CartLine, Order, Product, ReceiptPreview } from '../../preload/api';
import type { CatalogRepo } from '../catalog/catalog-repo';
import { ApiFailure } from '../contract/errors';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { CartState } from './cart';
import { formatYuan } from './money';
import type { OrdersRepo } from './orders-repo';

export interface SalePrinter {
  /** Prints the sale receipt (opening the drawer for cash) and returns its preview. */
  printSale(order: Order, opts: { openDrawer: boolean; copy: boolean }): Promise<ReceiptPreview>;
}

export interface CheckoutDeps {
  db: Db;
  catalog: CatalogRepo;
  orders: OrdersRepo;
  cart: CartState;
  bus: EventBus;
  log: Logger;
  printer: SalePrinter;
  lane: string;
  cashier: string;
  now: () => Date;
}

/** Local calendar date as yyyymmdd (order numbers follow the store's day, not UTC). */
export function localDateKey(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

export class Checkout {
  /** One payment in flight per counter: a double press cannot start a second one. */
  private paying = false;

  constructor(private readonly d: CheckoutDeps) {}

  cart(): Cart {
    return this.d.cart.snapshot();
  }

  scan(code: string, qtyMilli?: number): { cart: Cart; line: CartLine | null; needsQuantity: Product | null } {
    const product = this.d.catalog.findByCode(code);
    if (!product) {
      this.d.log.info({ code: code.slice(0, 32) }, 'unknown scan');
      throw new ApiFailure('NOT_FOUND', `条码 ${code.slice(0, 32)} 不在商品库中 / barcode not in the catalog`, 'code');
    }
    if (product.soldBy !== 'each' && qtyMilli === undefined) {
      return { cart: this.d.cart.snapshot(), line: null, needsQuantity: product };
    }
    return { ...this.addProduct(product.id, qtyMilli ?? 1000), needsQuantity: null };
  }

  addProduct(productId: string, qtyMilli: number): { cart: Cart; line: CartLine } {
    this.assertNotPaying();
    const product = this.d.catalog.findById(productId);
    if (!product) throw new ApiFailure('NOT_FOUND', `no product ${productId}`, 'productId');
    const line = this.d.cart.add(product, qtyMilli);
    return { cart: this.changed(), line };
  }

  setQty(lineId: string, qtyMilli: number): Cart {
    this.assertNotPaying();
    this.d.cart.setQty(lineId, qtyMilli);
    return this.changed();
  }

  remove(lineId: string): Cart {
    this.assertNotPaying();
    this.d.cart.remove(lineId);
    return this.changed();
  }

  clear(): Cart {
    this.assertNotPaying();
    this.d.cart.clear();
    return this.changed();
  }

  async payCash(tenderedFen: number): Promise<{ order: Order; changeFen: number; receipt: ReceiptPreview | null; printError: string | null }> {
    this.assertNotPaying();
    const cart = this.d.cart.snapshot();
    if (cart.lines.length === 0) throw new ApiFailure('CONFLICT', '购物车是空的 / the cart is empty');
    if (tenderedFen < cart.totalFen) {
      throw new ApiFailure(
        'INVALID_INPUT',
        `实收 ¥${formatYuan(tenderedFen)} 少于应收 ¥${formatYuan(cart.totalFen)} / tendered is less than the total`,
        'tenderedFen',
      );
    }
    this.paying = true;
    try {
      const changeFen = tenderedFen - cart.totalFen;
      const order = this.commitCashSale(cart, tenderedFen, changeFen);
      this.d.cart.clear();
      this.changed();
      this.d.bus.emit('order.completed', { orderNo: order.orderNo, totalFen: order.totalFen, changeFen });
      this.d.log.info({ orderNo: order.orderNo, totalFen: order.totalFen, changeFen }, 'cash sale completed');
      let receipt: ReceiptPreview | null = null;
      let printError: string | null = null;
      try {
        receipt = await this.d.printer.printSale(order, { openDrawer: true, copy: false });
      } catch (err) {
        printError = err instanceof Error ? err.message : String(err);
        this.d.log.warn({ orderNo: order.orderNo, err: printError }, 'receipt not printed');
      }
      return { order, changeFen, receipt, printError };
    } finally {
      this.paying = false;
    }
  }

  private commitCashSale(cart: Cart, tenderedFen: number, changeFen: number): Order {
    const { db, orders } = this.d;
    const now = this.d.now();
    const at = now.toISOString();
    const orderId = randomUUID();
    const paymentId = randomUUID();
    const orderNo = db.transaction(() => {
      const no = orders.nextOrderNo(localDateKey(now), this.d.lane);
      orders.insertOrder({ id: orderId, orderNo: no, cashier: this.d.cashier, lines: cart.lines, totalFen: cart.totalFen, createdAt: at });
      orders.insertPayment({ id: paymentId, orderId, legNo: 1, tender: 'cash', amountFen: cart.totalFen, tenderedFen, changeFen, at });
      orders.transition(paymentId, 'approved', at, `cash tendered ${tenderedFen} change ${changeFen}`);
      orders.completeOrder(orderId, cart.totalFen, changeFen, at);
      return no;
    })();
    const order = orders.getByOrderNo(orderNo);
    if (!order) throw new Error(`order ${orderNo} vanished after commit`);
    return order;
  }

  private changed(): Cart {
    const cart = this.d.cart.snapshot();
    this.d.bus.emit('cart.changed', cart);
    return cart;
  }

  private assertNotPaying(): void {
    if (this.paying) throw new ApiFailure('CONFLICT', '正在收款，请稍候 / a payment is in progress');
  }
}
