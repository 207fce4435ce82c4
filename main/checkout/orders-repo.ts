/** Orders, their lines, payments and every payment state transition (payment_events). */
import type { CartLine, Order, Payment, PaymentEvent, PaymentState, Tender } from '../../preload/contract';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';

interface OrderRow {
  id: string;
  order_no: string;
  status: Order['status'];
  cashier: string;
  total_fen: number;
  paid_fen: number;
  change_fen: number;
  created_at: string;
  completed_at: string | null;
}
interface LineRow {
  line_no: number;
  product_id: string;
  barcode: string;
  name_zh: string;
  name_en: string;
  unit: string;
  sold_by: CartLine['soldBy'];
  qty_milli: number;
  unit_price_fen: number;
  amount_fen: number;
}
interface PaymentRow {
  id: string;
  leg_no: number;
  leg_ref: string | null;
  tender: Tender;
  amount_fen: number;
  tendered_fen: number | null;
  change_fen: number;
  refunded_fen: number;
  state: PaymentState;
  pending_action: string | null;
  result_json: string | null;
  created_at: string;
}
interface EventRow {
  from_state: PaymentState | null;
  to_state: PaymentState;
  at: string;
  detail: string | null;
}

export interface NewOrder {
  id: string;
  orderNo: string;
  cashier: string;
  lines: CartLine[];
  totalFen: number;
  createdAt: string;
}

export interface NewPayment {
  id: string;
  orderId: string;
  legNo: number;
  tender: Tender;
  amountFen: number;
  tenderedFen: number | null;
  changeFen: number;
  at: string;
  legRef?: string;
  data?: LegData;
}

export type LegData = Payment['data'];

export class OrdersRepo {
  /** Prepared once per SQL text: preparing is a compile, and these run on every transition. */
  private readonly stmts = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private q<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let st = this.stmts.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.stmts.set(sql, st);
    }
    return st as unknown as Statement<P, R>;
  }

  /** Next order number for a local date: yyyymmdd + lane (2 digits) + sequence (4 digits). */
  nextOrderNo(localDate: string, lane: string): string {
    const key = `order:${localDate}:${lane}`;
    const row = this.q<[string], { value: number }>(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get(key);
    const seq = row?.value ?? 1;
    return `${localDate}${lane}${String(seq).padStart(4, '0')}`;
  }

  insertOrder(o: NewOrder): void {
    this.q(
        `INSERT INTO orders (id, order_no, status, cashier, total_fen, created_at) VALUES (?, ?, 'open', ?, ?, ?)`,
      )
      .run(o.id, o.orderNo, o.cashier, o.totalFen, o.createdAt);
    const insertLine = this.q(
      `INSERT INTO order_lines (order_id, line_no, product_id, barcode, name_zh, name_en, unit, sold_by, qty_milli, unit_price_fen, amount_fen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    o.lines.forEach((l, i) => {
      insertLine.run(o.id, i + 1, l.productId, l.barcode, l.nameZh, l.nameEn, l.unit, l.soldBy, l.qtyMilli, l.unitPriceFen, l.amountFen);
    });
  }

  insertPayment(p: NewPayment): void {
    this.q(
        `INSERT INTO payments (id, order_id, leg_no, leg_ref, tender, amount_fen, tendered_fen, change_fen, state, result_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?)`,
      )
      .run(p.id, p.orderId, p.legNo, p.legRef ?? null, p.tender, p.amountFen, p.tenderedFen, p.changeFen, p.data ? JSON.stringify(p.data) : null, p.at, p.at);
    this.addEvent(p.id, null, 'created', p.at, null);
  }

  /**
   * Moves a payment to a new state and records the transition, in the caller's
   * transaction. `data` (channel facts) is merged into what the leg already has.
   */
  transition(paymentId: string, to: PaymentState, at: string, detail: string | null = null, data?: LegData): void {
    const row = this.q<[string], { state: PaymentState; result_json: string | null }>('SELECT state, result_json FROM payments WHERE id = ?').get(paymentId);
    if (!row) throw new Error(`no payment ${paymentId}`);
    const merged = data ? JSON.stringify({ ...(row.result_json ? (JSON.parse(row.result_json) as LegData) : {}), ...data }) : row.result_json;
    this.q('UPDATE payments SET state = ?, result_json = ?, updated_at = ? WHERE id = ?').run(to, merged, at, paymentId);
    this.addEvent(paymentId, row.state, to, at, detail);
  }

  /** Cash legs record what was handed over and the change given. */
  setCash(paymentId: string, tenderedFen: number, changeFen: number): void {
    this.q('UPDATE payments SET tendered_fen = ?, change_fen = ? WHERE id = ?').run(tenderedFen, changeFen, paymentId);
  }

  payment(paymentId: string): Payment | undefined {
    const p = this.q<[string], PaymentRow>('SELECT * FROM payments WHERE id = ?').get(paymentId);
    return p ? this.toPayment(p) : undefined;
  }

  completeOrder(orderId: string, paidFen: number, changeFen: number, at: string): void {
    this.q(`UPDATE orders SET status = 'completed', paid_fen = ?, change_fen = ?, completed_at = ? WHERE id = ?`)
      .run(paidFen, changeFen, at, orderId);
  }

  getByOrderNo(orderNo: string): Order | undefined {
    const row = this.q<[string], OrderRow>('SELECT * FROM orders WHERE order_no = ?').get(orderNo);
    return row ? this.hydrate(row) : undefined;
  }

  list(limit: number): Order[] {
    return this.q<[number], OrderRow>('SELECT * FROM orders ORDER BY created_at DESC, order_no DESC LIMIT ?')
      .all(limit)
      .map((r) => this.hydrate(r));
  }

  addEvent(paymentId: string, from: PaymentState | null, to: PaymentState, at: string, detail: string | null): void {
    this.q('INSERT INTO payment_events (payment_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)')
      .run(paymentId, from, to, at, detail);
  }

  private hydrate(r: OrderRow): Order {
    const lines = this.q<[string], LineRow>('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no')
      .all(r.id)
      .map(
        (l): CartLine => ({
          lineId: `L${l.line_no}`,
          productId: l.product_id,
          barcode: l.barcode,
          nameZh: l.name_zh,
          nameEn: l.name_en,
          unit: l.unit,
          soldBy: l.sold_by,
          qtyMilli: l.qty_milli,
          unitPriceFen: l.unit_price_fen,
          amountFen: l.amount_fen,
        }),
      );
    const payments = this.q<[string], PaymentRow>('SELECT * FROM payments WHERE order_id = ? ORDER BY leg_no')
      .all(r.id)
      .map((p) => this.toPayment(p));
    return {
      id: r.id,
      orderNo: r.order_no,
      status: r.status,
      cashier: r.cashier,
      lines,
      totalFen: r.total_fen,
      paidFen: r.paid_fen,
      changeFen: r.change_fen,
      payments,
      createdAt: r.created_at,
      completedAt: r.completed_at,
    };
  }

  private toPayment(p: PaymentRow): Payment {
    return {
      id: p.id,
      legNo: p.leg_no,
      legRef: p.leg_ref,
      tender: p.tender,
      amountFen: p.amount_fen,
      tenderedFen: p.tendered_fen,
      changeFen: p.change_fen,
      refundedFen: p.refunded_fen,
      state: p.state,
      pendingAction: p.pending_action,
      data: p.result_json ? (JSON.parse(p.result_json) as LegData) : {},
      createdAt: p.created_at,
      events: this.q<[string], EventRow>('SELECT from_state, to_state, at, detail FROM payment_events WHERE payment_id = ? ORDER BY id')
        .all(p.id)
        .map((e): PaymentEvent => ({ fromState: e.from_state, toState: e.to_state, at: e.at, detail: e.detail })),
    };
  }
}
