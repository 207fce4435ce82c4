/**
 * The counter's sale flow: the cart, then tender legs until the order is paid.
 *
 * The first leg freezes the cart into an *open order* (a row with its lines), so a
 * crash mid-payment leaves an order the next start can find. Each leg runs through the
 * payment engine (write-ahead state machine). When approved legs cover the total the
 * order completes in one transaction; only then is the receipt printed (with card
 * slips for card legs) and the payment announced. Cancelling an open order undoes its
 * approved legs (compensation). At start, recovery settles every unfinished leg before
 * the counter takes a new sale.
 */
import { randomUUID } from 'node:crypto';
import type { Cart, CartLine, CheckoutState, OpenOrder, Order, PayInput, Payment, Product, ReceiptPreview, Tender } from '../../preload/contract';
import { both } from '../../preload/bilingual';
import type { CatalogRepo } from '../catalog/catalog-repo';
import { channelForAuthCode } from '../channels/auth-code';
import { ApiFailure } from '../contract/errors';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { CartState } from './cart';
import type { OrderHead, OrdersRepo } from './orders-repo';
import type { PaymentEngine, RecoveredLeg } from './payments/engine';
import type { PaymentsRepo } from './payments/payments-repo';
import type { LegInput } from './payments/port';
import type { RefundsRepo } from './refunds-repo';
import { fenToYuan } from '../../drivers/shared/money';

/** A refund's outcome in the journal's Chinese half. */
const REFUND_STATE_ZH = { done: '成功', unknown: '结果未知，请稍后查询', failed: '失败' } as const;

/** A refund or a void as the counter hands it to the printer: what went back, from which legs. */
export interface RefundPrint {
  kind: 'refund' | 'void';
  /** The refund's reference (refund_ref) for a refund; the order number for a void. */
  refundNo: string;
  /** The order as it stands after the refund. */
  order: Order;
  /** When it was done (ISO). */
  at: string;
  /** Each leg money went back to, how much, and what the channel answered (trace, ref...). */
  legs: Array<{ payment: Payment; amountFen: number; result: Payment['data'] }>;
}

export interface SalePrinter {
  /** Prints the sale receipt (opening the drawer for cash) and returns its preview. */
  printSale(order: Order, opts: { openDrawer: boolean; copy: boolean }): Promise<ReceiptPreview>;
  /**
   * Writes the print jobs of a refund or void (its slip; card slips to sign for a card leg).
   * Called inside the transaction that records it as done, so the slip exists exactly when the
   * refund does, and keyed by the refund, so it is queued at most once. Never throws: a slip
   * that cannot be made is logged and the refund stands. Returns the job ids, slip first.
   */
  queueRefund(refund: RefundPrint): string[];
  /** After that transaction commits: waits (bounded) for the slip to print. Never throws. */
  awaitRefund(jobIds: string[]): Promise<void>;
}

/** Hooks for what happens around an order (outbox events, announcements). */
export interface CheckoutHooks {
  /** Inside the completing transaction. */
  orderCompleted?(order: { orderNo: string; totalFen: number; at: string }): void;
  orderClosed?(order: { orderNo: string; status: 'cancelled' | 'voided'; at: string }): void;
  refunded?(refund: { orderNo: string; paymentId: string; refundRef: string; amountFen: number; state: string; at: string }): void;
}

export interface CheckoutDeps {
  /** Transactions only: an order completes, closes or records a refund in one. */
  db: Db;
  catalog: CatalogRepo;
  orders: OrdersRepo;
  payments: PaymentsRepo;
  refunds: RefundsRepo;
  cart: CartState;
  engine: PaymentEngine;
  bus: EventBus;
  log: Logger;
  printer: SalePrinter;
  lane: string;
  cashier: string;
  now: () => Date;
  hooks?: CheckoutHooks;
  /** Whether QR wallets can be used right now (they are online-only). */
  qrAvailable?: () => { ok: boolean; reason: string };
}

/** Local calendar date as yyyymmdd (order numbers follow the store's day, not UTC). */
export function localDateKey(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

const TENDER_ZH: Record<Tender, string> = { cash: '现金', card: '银行卡', wechat: '微信', alipay: '支付宝', unionpay: '云闪付', storedValue: '储值卡' };

export class Checkout {
  /** One payment in flight per counter: a double press cannot start a second one. */
  private paying = false;
  private recovering = true;
  private recovered: RecoveredLeg[] = [];
  /** Aborts waiting on the customer (C扫B) when the cashier cancels. */
  private abort: AbortController | undefined;

  constructor(private readonly d: CheckoutDeps) {}

  /** Crash recovery: settle every unfinished leg, then open the counter. */
  async start(): Promise<RecoveredLeg[]> {
    try {
      this.recovered = await this.d.engine.recover();
      const open = this.d.orders.openOrderHead();
      if (open) {
        // The cart shown is the open order's, frozen: the cashier finishes or cancels it.
        const order = this.d.orders.getByOrderNo(open.orderNo);
        if (order) this.d.cart.load(order.lines);
        await this.completeIfPaid(open.orderNo);
      }
    } finally {
      this.recovering = false;
      this.changed();
    }
    return this.recovered;
  }

  state(): CheckoutState {
    return { openOrder: this.openOrder(), recovering: this.recovering, recovered: this.recovered, inDoubt: this.d.engine.inDoubt() };
  }

  cart(): Cart {
    return this.d.cart.snapshot();
  }

  // ----------------------------------------------------------------- cart

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
    this.assertCartEditable();
    const product = this.d.catalog.findById(productId);
    if (!product) throw new ApiFailure('NOT_FOUND', `no product ${productId}`, 'productId');
    const line = this.d.cart.add(product, qtyMilli);
    return { cart: this.cartChanged(), line };
  }

  setQty(lineId: string, qtyMilli: number): Cart {
    this.assertCartEditable();
    this.d.cart.setQty(lineId, qtyMilli);
    return this.cartChanged();
  }

  remove(lineId: string): Cart {
    this.assertCartEditable();
    this.d.cart.remove(lineId);
    return this.cartChanged();
  }

  clear(): Cart {
    this.assertCartEditable();
    this.d.cart.clear();
    return this.cartChanged();
  }

  // ----------------------------------------------------------------- paying

  async pay(input: PayInput): Promise<{
    payment: Payment;
    order: Order | null;
    openOrder: OpenOrder | null;
    changeFen: number;
    receipt: ReceiptPreview | null;
    printError: string | null;
  }> {
    if (this.recovering) throw new ApiFailure('CONFLICT', '正在恢复未完成的支付，请稍候 / recovering unfinished payments, please wait');
    if (this.paying) throw new ApiFailure('CONFLICT', '正在收款，请等待结果 / a payment is in progress');
    this.paying = true;
    this.abort = new AbortController();
    try {
      const { tender, amountFen: requested, legInput } = this.legFor(input);
      const order = this.d.orders.openOrderHead() ?? this.openFromCart();
      const due = order.totalFen - this.d.payments.approvedTotals(order.id).amountFen;
      if (due <= 0) throw new ApiFailure('CONFLICT', '订单已付清 / the order is already paid');
      let amountFen = Math.min(requested ?? due, due);
      if (tender === 'cash') {
        const tendered = Number(legInput.tenderedFen);
        amountFen = Math.min(tendered, due);
        legInput.tenderedFen = tendered;
      }
      if (requested !== undefined && requested > due) {
        throw new ApiFailure('INVALID_INPUT', `金额 ¥${fenToYuan(requested)} 超过待付 ¥${fenToYuan(due)} / more than is due`, 'amountFen');
      }
      this.changed();
      const payment = await this.d.engine.runLeg({ id: order.id, orderNo: order.orderNo }, tender, amountFen, legInput, {}, this.abort.signal);
      const completed = await this.completeIfPaid(order.orderNo);
      this.changed();
      return {
        payment,
        order: completed?.order ?? null,
        openOrder: this.openOrder(),
        changeFen: completed?.order.changeFen ?? 0,
        receipt: completed?.receipt ?? null,
        printError: completed?.printError ?? null,
      };
    } finally {
      this.paying = false;
      this.abort = undefined;
    }
  }

  /** Cancels the open order: stops a waiting C扫B leg, then undoes every approved leg. */
  async cancel(): Promise<CheckoutState> {
    const order = this.d.orders.openOrderHead();
    if (!order) {
      this.assertCartEditable();
      this.d.cart.clear();
      this.cartChanged();
      return this.state();
    }
    if (this.paying) {
      // Only a leg waiting on the customer can be stopped; the port then settles it.
      this.abort?.abort();
      throw new ApiFailure('CONFLICT', '正在收款：已请求取消，请等待该笔支付结束后再取消订单 / a leg is running: asked it to stop; cancel again when it ends');
    }
    await this.undoOrder(order.orderNo, 'cancelled', '订单取消 / order cancelled by the cashier');
    this.d.cart.clear();
    this.cartChanged();
    this.changed();
    return this.state();
  }

  async query(paymentId: string) {
    const p = await this.d.engine.resolveLeg(paymentId);
    const leg = this.d.payments.leg(paymentId);
    if (leg) await this.completeIfPaid(leg.orderNo);
    this.changed();
    return p;
  }

  /** Voids a completed order from the journal: every approved leg is reversed. */
  async voidOrder(orderNo: string): Promise<Order> {
    const o = this.d.orders.getByOrderNo(orderNo);
    if (!o) throw new ApiFailure('NOT_FOUND', `没有订单 ${orderNo}`, 'orderNo');
    if (o.status !== 'completed') throw new ApiFailure('CONFLICT', `订单 ${orderNo} 状态为 ${o.status}，不能作废 / only a completed order can be voided`);
    if (o.payments.some((p) => p.refundedFen > 0)) throw new ApiFailure('CONFLICT', '订单已有退款，请逐笔退款 / the order has refunds: refund the rest instead');
    await this.undoOrder(orderNo, 'voided', '订单作废 / order voided from the journal');
    return this.d.orders.getByOrderNo(orderNo) as Order;
  }

  /** Partial (or full) refund of one approved leg of a completed order. Write-ahead. */
  async refund(orderNo: string, paymentId: string, amountFen: number): Promise<Order> {
    const o = this.d.orders.getByOrderNo(orderNo);
    const p = o?.payments.find((x) => x.id === paymentId);
    if (!o || !p) throw new ApiFailure('NOT_FOUND', `订单 ${orderNo} 没有这笔支付 / no such payment`, 'paymentId');
    if (p.state !== 'approved') throw new ApiFailure('CONFLICT', '只能退已成功的支付 / only an approved payment can be refunded');
    const left = p.amountFen - p.refundedFen;
    if (amountFen > left) throw new ApiFailure('INVALID_INPUT', `最多可退 ¥${fenToYuan(left)} / at most ${left} fen can be refunded`, 'amountFen');
    const port = this.d.engine.port(p.tender);
    if (!port.refund) throw new ApiFailure('CONFLICT', `${TENDER_ZH[p.tender]}不支持退款 / refunds are not supported for this tender`);
    const refundId = randomUUID();
    const n = this.d.refunds.countFor(paymentId) + 1;
    const refundRef = `${p.legRef ?? orderNo}R${n}`;
    const at = this.d.now().toISOString();
    this.d.refunds.insertPending({ id: refundId, paymentId, refundRef, amountFen, reason: 'journal refund', at });
    const leg = { paymentId, orderNo, legNo: p.legNo, legRef: p.legRef ?? '', tender: p.tender, amountFen: p.amountFen, createdAt: p.createdAt, data: p.data };
    let outcome: Awaited<ReturnType<NonNullable<typeof port.refund>>>;
    try {
      outcome = await port.refund(leg, amountFen, refundRef);
    } catch (err) {
      outcome = { state: 'unknown', detail: err instanceof Error ? err.message : String(err) };
    }
    const state = outcome.state === 'approved' ? 'done' : outcome.state === 'unknown' ? 'unknown' : 'failed';
    const done = this.d.now().toISOString();
    const slipJobs = this.d.db.transaction(() => {
      this.d.refunds.settle(refundId, state, done, outcome);
      if (state === 'done') this.d.payments.addRefunded(paymentId, amountFen);
      this.d.payments.addEvent(paymentId, p.state, p.state, done, both(`退款 ¥${fenToYuan(amountFen)}：${REFUND_STATE_ZH[state]}（${refundRef}）`, `refund ${refundRef} ${amountFen}: ${state} (${outcome.detail})`));
      this.d.hooks?.refunded?.({ orderNo, paymentId, refundRef, amountFen, state, at: done });
      if (state !== 'done') return [];
      const after = this.d.orders.getByOrderNo(orderNo) as Order;
      return this.d.printer.queueRefund({ kind: 'refund', refundNo: refundRef, order: after, at: done, legs: [{ payment: p, amountFen, result: outcome.data ?? {} }] });
    })();
    if (state !== 'done') throw new ApiFailure(state === 'unknown' ? 'DEVICE' : 'CONFLICT', `退款未完成 / refund ${state}: ${outcome.detail}`);
    await this.d.printer.awaitRefund(slipJobs);
    return this.d.orders.getByOrderNo(orderNo) as Order;
  }

  // ----------------------------------------------------------------- internals

  private legFor(input: PayInput): { tender: Tender; amountFen: number | undefined; legInput: LegInput } {
    switch (input.tender) {
      case 'cash':
        return { tender: 'cash', amountFen: undefined, legInput: { tenderedFen: input.tenderedFen } };
      case 'card':
        return { tender: 'card', amountFen: input.amountFen, legInput: {} };
      case 'qrScan': {
        const channel = channelForAuthCode(input.authCode);
        if (!channel) throw new ApiFailure('INVALID_INPUT', `${input.authCode.slice(0, 4)}… 不是微信/支付宝/云闪付付款码 / not a payment code`, 'authCode');
        this.assertQrAvailable();
        return { tender: channel, amountFen: input.amountFen, legInput: { authCode: input.authCode } };
      }
      case 'qrShow':
        this.assertQrAvailable();
        return { tender: input.channel, amountFen: input.amountFen, legInput: { mode: 'show' } };
      case 'storedValue':
        return { tender: 'storedValue', amountFen: input.amountFen, legInput: { cardNo: input.cardNo, ...(input.pin ? { pin: input.pin } : {}) } };
    }
  }

  private assertQrAvailable(): void {
    const a = this.d.qrAvailable?.() ?? { ok: true, reason: '' };
    if (!a.ok) throw new ApiFailure('DEVICE', `扫码支付暂不可用（网络离线）/ QR wallets are unavailable offline: ${a.reason}`);
  }

  private openFromCart(): OrderHead {
    const cart = this.d.cart.snapshot();
    if (cart.lines.length === 0) throw new ApiFailure('CONFLICT', '购物车是空的 / the cart is empty');
    const now = this.d.now();
    const id = randomUUID();
    const orderNo = this.d.db.transaction(() => {
      const no = this.d.orders.nextOrderNo(localDateKey(now), this.d.lane);
      this.d.orders.insertOrder({ id, orderNo: no, cashier: this.d.cashier, lines: cart.lines, totalFen: cart.totalFen, createdAt: now.toISOString() });
      return no;
    })();
    return { id, orderNo, status: 'open', totalFen: cart.totalFen };
  }

  /** Completes the order if its approved legs cover the total; prints and announces. */
  private async completeIfPaid(orderNo: string): Promise<{ order: Order; receipt: ReceiptPreview | null; printError: string | null } | undefined> {
    const open = this.d.orders.head(orderNo);
    if (open?.status !== 'open') return undefined;
    const { amountFen: paid, changeFen: change } = this.d.payments.approvedTotals(open.id);
    if (paid < open.totalFen) return undefined;
    const at = this.d.now().toISOString();
    this.d.db.transaction(() => {
      this.d.orders.completeOrder(open.id, paid, change, at);
      this.d.hooks?.orderCompleted?.({ orderNo, totalFen: open.totalFen, at });
    })();
    const order = this.d.orders.getByOrderNo(orderNo) as Order;
    this.d.cart.clear();
    this.cartChanged();
    this.d.bus.emit('order.completed', { orderNo, totalFen: order.totalFen, changeFen: change });
    this.d.bus.emit('announce', { text: `收款成功 ${fenToYuan(order.totalFen)} 元`, lang: 'zh-CN' });
    this.d.log.info({ orderNo, totalFen: order.totalFen, changeFen: change, legs: order.payments.length }, 'order completed');
    let receipt: ReceiptPreview | null = null;
    let printError: string | null = null;
    try {
      receipt = await this.d.printer.printSale(order, { openDrawer: order.payments.some((p) => p.tender === 'cash' && p.state === 'approved'), copy: false });
    } catch (err) {
      printError = err instanceof Error ? err.message : String(err);
      this.d.log.warn({ orderNo, err: printError }, 'receipt not printed');
    }
    return { order, receipt, printError };
  }

  private async undoOrder(orderNo: string, status: 'cancelled' | 'voided', reason: string): Promise<void> {
    const o = this.d.orders.getByOrderNo(orderNo);
    if (!o) return;
    const undone = o.payments.filter((p) => p.state === 'approved');
    const failures: string[] = [];
    for (const p of o.payments) {
      if (p.state !== 'approved') continue;
      const after = await this.d.engine.undoLeg(p.id, reason);
      if (after.state !== 'reversed') failures.push(`${TENDER_ZH[p.tender]} ¥${fenToYuan(p.amountFen)}`);
    }
    if (failures.length > 0) {
      this.changed();
      throw new ApiFailure('DEVICE', `以下支付尚未撤销，已记录并将自动重试：${failures.join('、')} / not yet undone, will be retried`);
    }
    const at = this.d.now().toISOString();
    const slipJobs = this.d.db.transaction(() => {
      this.d.orders.closeOrder(orderNo, status, at, reason);
      this.d.hooks?.orderClosed?.({ orderNo, status, at });
      // A voided sale was paid and printed: the customer gets a void slip. A cancelled open
      // order never had a receipt, so its undo prints nothing.
      if (status !== 'voided') return [];
      const after = this.d.orders.getByOrderNo(orderNo) as Order;
      const legs = undone.map((p) => {
        const now = after.payments.find((x) => x.id === p.id) ?? p;
        return { payment: now, amountFen: p.amountFen, result: now.data };
      });
      // Nothing undone here (a restart's recovery finished these undos): no amount to print.
      if (legs.length === 0) return [];
      return this.d.printer.queueRefund({ kind: 'void', refundNo: orderNo, order: after, at, legs });
    })();
    this.d.log.info({ orderNo, status }, 'order closed with compensation');
    await this.d.printer.awaitRefund(slipJobs);
  }

  private openOrder(): OpenOrder | null {
    const head = this.d.orders.openOrderHead();
    if (!head) return null;
    const order = this.d.orders.getByOrderNo(head.orderNo);
    if (!order) return null;
    const paidFen = order.payments.filter((p) => p.state === 'approved').reduce((s, p) => s + p.amountFen, 0);
    return { orderNo: order.orderNo, totalFen: order.totalFen, paidFen, dueFen: order.totalFen - paidFen, payments: order.payments, busy: this.paying };
  }

  private changed(): void {
    this.d.bus.emit('checkout.changed', this.state());
  }

  private cartChanged(): Cart {
    const cart = this.d.cart.snapshot();
    this.d.bus.emit('cart.changed', cart);
    return cart;
  }

  private assertCartEditable(): void {
    if (this.recovering) throw new ApiFailure('CONFLICT', '正在恢复未完成的支付，请稍候 / recovering unfinished payments, please wait');
    if (this.paying) throw new ApiFailure('CONFLICT', '正在收款，请稍候 / a payment is in progress');
    if (this.d.orders.openOrderHead()) throw new ApiFailure('CONFLICT', '订单收款中，不能修改商品；请先完成或取消订单 / the order is being paid: finish or cancel it first');
  }
}
