/**
 * Payments (one tender leg of an order each) and every state transition of a leg
 * (payment_events): all the SQL on those two tables. Writes run in the caller's transaction,
 * so the payment engine decides what is committed before the terminal or channel is called.
 */
import type { Payment, PaymentEvent, PaymentState, Tender } from '../../../preload/contract';
import type { Db } from '../../db/open';
import { StatementCache } from '../../db/statement-cache';
import type { LegData } from './port';
import { IN_FLIGHT_STATES } from './states';

interface PaymentRow {
  id: string;
  order_id: string;
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
  updated_at: string;
}
interface LegRowDb extends PaymentRow {
  order_no: string;
}
interface EventRow {
  from_state: PaymentState | null;
  to_state: PaymentState;
  at: string;
  detail: string | null;
}

/** A leg as the payment engine works on it: the payment row and its order's number. */
export interface LegRow {
  id: string;
  orderId: string;
  orderNo: string;
  legNo: number;
  legRef: string | null;
  tender: Tender;
  amountFen: number;
  state: PaymentState;
  /** 'undo' while a compensation is under way (written before it is sent). */
  pendingAction: string | null;
  data: LegData;
  createdAt: string;
  updatedAt: string;
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

/** The same list for SQL (constant text: no user input reaches it). */
const IN_FLIGHT_SQL = IN_FLIGHT_STATES.map((s) => `'${s}'`).join(',');
/** Legs that are not settled: in flight, or an undo under way. */
const UNSETTLED_WHERE = `(p.state IN (${IN_FLIGHT_SQL}) OR p.pending_action IS NOT NULL)`;
const LEG_SELECT = 'SELECT p.*, o.order_no FROM payments p JOIN orders o ON o.id = p.order_id';

export class PaymentsRepo {
  private readonly q: StatementCache;

  constructor(db: Db) {
    this.q = new StatementCache(db);
  }

  insertPayment(p: NewPayment): void {
    this.q
      .get(
        `INSERT INTO payments (id, order_id, leg_no, leg_ref, tender, amount_fen, tendered_fen, change_fen, state, result_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?)`,
      )
      .run(p.id, p.orderId, p.legNo, p.legRef ?? null, p.tender, p.amountFen, p.tenderedFen, p.changeFen, p.data ? JSON.stringify(p.data) : null, p.at, p.at);
    this.addEvent(p.id, null, 'created', p.at, null);
  }

  /** The next leg number of an order (1, 2, …). */
  nextLegNo(orderId: string): number {
    return this.q.get<[string], { n: number }>('SELECT COALESCE(MAX(leg_no), 0) + 1 AS n FROM payments WHERE order_id = ?').get(orderId)?.n ?? 1;
  }

  /**
   * Moves a payment to a new state and records the transition, in the caller's
   * transaction. `data` (channel facts) is merged into what the leg already has.
   */
  transition(paymentId: string, to: PaymentState, at: string, detail: string | null = null, data?: LegData): void {
    const row = this.q.get<[string], { state: PaymentState; result_json: string | null }>('SELECT state, result_json FROM payments WHERE id = ?').get(paymentId);
    if (!row) throw new Error(`no payment ${paymentId}`);
    const merged = data ? JSON.stringify({ ...(row.result_json ? (JSON.parse(row.result_json) as LegData) : {}), ...data }) : row.result_json;
    this.q.get('UPDATE payments SET state = ?, result_json = ?, updated_at = ? WHERE id = ?').run(to, merged, at, paymentId);
    this.addEvent(paymentId, row.state, to, at, detail);
  }

  /** Adds a line to a leg's history without changing its state (from = to). */
  addEvent(paymentId: string, from: PaymentState | null, to: PaymentState, at: string, detail: string | null): void {
    this.q.get('INSERT INTO payment_events (payment_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)').run(paymentId, from, to, at, detail);
  }

  /** Cash legs record what was handed over and the change given. */
  setCash(paymentId: string, tenderedFen: number, changeFen: number): void {
    this.q.get('UPDATE payments SET tendered_fen = ?, change_fen = ? WHERE id = ?').run(tenderedFen, changeFen, paymentId);
  }

  /** Compensation is owed: written before the void / reversal / refund is sent. */
  markUndoPending(paymentId: string, at: string): void {
    this.q.get(`UPDATE payments SET pending_action = 'undo', updated_at = ? WHERE id = ?`).run(at, paymentId);
  }

  /** Compensation acknowledged: no undo is owed any more. */
  clearPendingAction(paymentId: string): void {
    this.q.get('UPDATE payments SET pending_action = NULL WHERE id = ?').run(paymentId);
  }

  /** A journal refund of this leg is done: adds it to what was refunded so far. */
  addRefunded(paymentId: string, amountFen: number): void {
    this.q.get('UPDATE payments SET refunded_fen = refunded_fen + ? WHERE id = ?').run(amountFen, paymentId);
  }

  /** The leg with this id, with its order's number. */
  leg(paymentId: string): LegRow | undefined {
    const r = this.q.get<[string], LegRowDb>(`${LEG_SELECT} WHERE p.id = ?`).get(paymentId);
    return r ? toLeg(r) : undefined;
  }

  /** The leg the terminal / channel knows by this reference. */
  legByRef(legRef: string): LegRow | undefined {
    const r = this.q.get<[string], LegRowDb>(`${LEG_SELECT} WHERE p.leg_ref = ?`).get(legRef);
    return r ? toLeg(r) : undefined;
  }

  /** Legs not settled (in flight, or an undo under way), oldest first. */
  unsettled(): LegRow[] {
    return this.q.get<[], LegRowDb>(`${LEG_SELECT} WHERE ${UNSETTLED_WHERE} ORDER BY p.created_at`).all().map(toLeg);
  }

  /** How many legs of an order are not settled. */
  unsettledCount(orderId: string): number {
    return this.q.get<[string], { n: number }>(`SELECT COUNT(*) AS n FROM payments p WHERE p.order_id = ? AND ${UNSETTLED_WHERE}`).get(orderId)?.n ?? 0;
  }

  /** What the approved legs of an order took, and the change they gave. */
  approvedTotals(orderId: string): { amountFen: number; changeFen: number } {
    const r = this.q
      .get<[string], { fen: number | null; change_fen: number | null }>(`SELECT SUM(amount_fen) AS fen, SUM(change_fen) AS change_fen FROM payments WHERE order_id = ? AND state = 'approved'`)
      .get(orderId);
    return { amountFen: r?.fen ?? 0, changeFen: r?.change_fen ?? 0 };
  }

  /** Approved legs of the orders completed in [from, to), by tender. */
  approvedByTender(from: string, to: string): Array<{ tender: Tender; count: number; amountFen: number }> {
    return this.q
      .get<[string, string], { tender: Tender; n: number; fen: number }>(
        `SELECT p.tender, COUNT(*) AS n, SUM(p.amount_fen) AS fen FROM payments p JOIN orders o ON o.id = p.order_id
         WHERE p.state = 'approved' AND o.status = 'completed' AND o.completed_at >= ? AND o.completed_at < ? GROUP BY p.tender ORDER BY p.tender`,
      )
      .all(from, to)
      .map((r) => ({ tender: r.tender, count: r.n, amountFen: r.fen }));
  }

  /** Legs created in [from, to), or with a refund created then (the journal reconciliation reads). */
  journalBetween(from: string, to: string): LegRow[] {
    return this.q
      .get<[string, string, string, string], LegRowDb>(
        `${LEG_SELECT}
         WHERE (p.created_at >= ? AND p.created_at < ?)
            OR p.id IN (SELECT payment_id FROM refunds WHERE created_at >= ? AND created_at < ?)
         ORDER BY p.created_at`,
      )
      .all(from, to, from, to)
      .map(toLeg);
  }

  payment(paymentId: string): Payment | undefined {
    const p = this.q.get<[string], PaymentRow>('SELECT * FROM payments WHERE id = ?').get(paymentId);
    return p ? this.toPayment(p) : undefined;
  }

  /** An order's legs, in leg order, each with its history. */
  forOrder(orderId: string): Payment[] {
    return this.q
      .get<[string], PaymentRow>('SELECT * FROM payments WHERE order_id = ? ORDER BY leg_no')
      .all(orderId)
      .map((p) => this.toPayment(p));
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
      events: this.q
        .get<[string], EventRow>('SELECT from_state, to_state, at, detail FROM payment_events WHERE payment_id = ? ORDER BY id')
        .all(p.id)
        .map((e): PaymentEvent => ({ fromState: e.from_state, toState: e.to_state, at: e.at, detail: e.detail })),
    };
  }
}

function toLeg(r: LegRowDb): LegRow {
  return {
    id: r.id,
    orderId: r.order_id,
    orderNo: r.order_no,
    legNo: r.leg_no,
    legRef: r.leg_ref,
    tender: r.tender,
    amountFen: r.amount_fen,
    state: r.state,
    pendingAction: r.pending_action,
    data: r.result_json ? (JSON.parse(r.result_json) as LegData) : {},
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
