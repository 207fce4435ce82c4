/**
 * What HQ is told of each business change: every outbox event body is built here, from the
 * change as the code that makes it describes it. Callers append the result (QueueService.record)
 * inside the transaction of that change. Money stays integer fen; no card data goes in.
 */
import type { Order } from '../../preload/contract';
import type { CheckoutHooks } from '../checkout/checkout';
import type { LegTransition } from '../checkout/payments/engine';
import type { ShiftSummary } from '../checkout/shift';
import type { ReconDeps } from '../recon/recon-handlers';
import type { NewOutboxEvent } from './types';

/** The argument of an optional hook. */
type HookEvent<F extends ((e: never) => void) | undefined> = Parameters<NonNullable<F>>[0];

export type OrderCompleted = HookEvent<CheckoutHooks['orderCompleted']>;
export type OrderClosed = HookEvent<CheckoutHooks['orderClosed']>;
export type Refunded = HookEvent<CheckoutHooks['refunded']>;
export type DayClosed = HookEvent<ReconDeps['dayClosed']>;

/** A reversal (冲正) noted in a card leg's history before the terminal is sent it, or once it is acknowledged. */
export interface ReversalNoted {
  paymentId: string;
  orderNo: string;
  legRef: string;
  note: string;
  at: string;
}

export function paymentStateEvent(e: LegTransition): NewOutboxEvent {
  return {
    type: 'payment.state',
    aggregateId: e.orderNo,
    at: e.at,
    payload: { paymentId: e.paymentId, tender: e.tender, amountFen: e.amountFen, from: e.from, to: e.to, detail: e.detail },
  };
}

/** `order` is the completed order as read in the completing transaction (lines and legs). */
export function orderCompletedEvent(o: OrderCompleted, order: Order | undefined): NewOutboxEvent {
  return {
    type: 'order.completed',
    aggregateId: o.orderNo,
    at: o.at,
    payload: {
      orderNo: o.orderNo,
      totalFen: o.totalFen,
      lines: order?.lines.map((l) => ({ barcode: l.barcode, name: l.nameZh, qtyMilli: l.qtyMilli, unitPriceFen: l.unitPriceFen, amountFen: l.amountFen })) ?? [],
      payments: order?.payments.map((p) => ({ paymentId: p.id, tender: p.tender, amountFen: p.amountFen, state: p.state, legRef: p.legRef })) ?? [],
    },
  };
}

/** A cancelled or voided order (its legs undone). */
export function orderClosedEvent(o: OrderClosed): NewOutboxEvent {
  return { type: 'void', aggregateId: o.orderNo, at: o.at, payload: { orderNo: o.orderNo, status: o.status } };
}

export function refundEvent(r: Refunded): NewOutboxEvent {
  return { type: 'refund', aggregateId: r.orderNo, at: r.at, payload: r };
}

export function reversalEvent(r: ReversalNoted): NewOutboxEvent {
  return { type: 'reversal', aggregateId: r.orderNo, at: r.at, payload: { paymentId: r.paymentId, legRef: r.legRef, note: r.note } };
}

export function shiftClosedEvent(s: ShiftSummary): NewOutboxEvent {
  return { type: 'shift.closed', aggregateId: `shift:${s.shiftNo}`, at: s.to, payload: s };
}

export function dayClosedEvent(e: DayClosed): NewOutboxEvent {
  return { type: 'day.closed', aggregateId: `day:${e.day}:${e.batchNo}`, at: e.at, payload: e };
}
