/**
 * The payment state machine, one instance per counter, one leg at a time per order.
 *
 *   created -> sent -> awaitingCard | userPaying -> approved | declined | cancelled | unknown
 *   unknown -> (resolve: query, then confirm or reverse) -> approved | reversed | closed
 *   approved -> (undo: void / reverse / refund) -> reversed
 *
 * Write-ahead (DESIGN rule 4): every transition is committed to SQLite *before* the
 * action it leads to — 'sent' before the terminal/channel is called, pending_action
 * 'undo' before a void or refund is sent. After a crash, recover() finds every leg that
 * is not final and settles it through its port (query, then confirm or reverse); an
 * interrupted undo is finished. "Unknown" is never resolved by charging again: a leg's
 * legRef is its idempotency key at the terminal and the channel, reused on every query.
 */
import { randomUUID } from 'node:crypto';
import type { EventPayload, Payment, PaymentState, Tender } from '../../../preload/contract';
import { both } from '../../../preload/bilingual';
import { ApiFailure } from '../../contract/errors';
import type { Db } from '../../db/open';
import type { EventBus } from '../../events';
import type { Logger } from '../../log';
import type { LegRow, PaymentsRepo } from './payments-repo';
import type { Leg, LegData, LegInput, LegOutcome, TenderPort } from './port';
import { FINAL_STATES as FINAL } from './states';

/** Tenders served by one terminal that takes one transaction at a time. */
const ONE_AT_A_TIME: ReadonlySet<Tender> = new Set(['card']);
/** Legs settled at once by recovery. */
const RECOVERY_CONCURRENCY = 16;
/** Recovery commits what it settled this often (one fsync per group, see recover()). */
const RECOVERY_GROUP_COMMIT_MS = 50;

/** Which port serves a tender: all QR wallets share one port. */
export type PortMap = Partial<Record<Tender, TenderPort>>;

export interface RecoveredLeg {
  paymentId: string;
  orderNo: string;
  tender: Tender;
  amountFen: number;
  from: PaymentState;
  to: PaymentState;
  detail: string;
}

/** One committed transition of a leg. */
export interface LegTransition {
  paymentId: string;
  orderNo: string;
  tender: Tender;
  amountFen: number;
  from: PaymentState | null;
  to: PaymentState;
  at: string;
  detail: string | null;
}

/** Called inside the transaction of each transition (the outbox hooks in here). */
export type TransitionHook = (e: LegTransition) => void;

export interface EngineDeps {
  /** Transactions only: each write-ahead step commits before the port is called. */
  db: Db;
  payments: PaymentsRepo;
  bus: EventBus;
  log: Logger;
  ports: PortMap;
  now: () => Date;
  onTransition?: TransitionHook;
  /** How often an unknown leg is re-tried in the background when its channel is unreachable. */
  retryUnknownMs?: number;
}

export class PaymentEngine {
  /** Orders with a leg in flight in this process: the double-press guard. */
  private readonly busyOrders = new Set<string>();
  /** Legs being queried or undone in this process: a second query / undo waits for the first. */
  private readonly busyLegs = new Set<string>();
  /** Recovery's group commit is open (see recover()). */
  private grouping = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly d: EngineDeps) {}

  port(tender: Tender): TenderPort {
    const p = this.d.ports[tender];
    if (!p) throw new ApiFailure('DEVICE', `${tender}: 这种支付方式未配置 / this tender is not configured`);
    return p;
  }

  /** Runs one tender leg to a final state (or 'unknown' if its channel cannot be reached). */
  async runLeg(
    order: { id: string; orderNo: string },
    tender: Tender,
    amountFen: number,
    input: LegInput,
    data: LegData = {},
    signal: AbortSignal = new AbortController().signal,
  ): Promise<Payment> {
    const port = this.port(tender);
    if (this.busyOrders.has(order.id)) throw new ApiFailure('CONFLICT', '该订单正在收款，请等待结果 / a payment for this order is already in progress');
    this.busyOrders.add(order.id);
    try {
      this.assertNoLegInFlight(order.id);
      const leg = this.createLeg(order, tender, amountFen, data);
      this.transition(leg, 'sent', tender === 'cash' ? null : `request ${leg.legRef}`);
      let outcome: LegOutcome;
      // Progress counts only while the charge runs: a late report must not reopen the leg.
      let charging = true;
      this.commitAhead();
      try {
        outcome = await port.charge(
          leg,
          input,
          (state, detail) => {
            if (charging) this.transition(leg, state, detail);
          },
          signal,
        );
      } catch (err) {
        // The port threw after 'sent': whether money moved is not known. Never assume no.
        outcome = { state: 'unknown', detail: `charge failed: ${messageOf(err)}` };
      } finally {
        charging = false;
      }
      this.apply(leg, outcome);
      if (outcome.state === 'unknown') {
        const resolved = await this.safeResolve(port, this.legById(leg.paymentId));
        this.apply(leg, resolved);
        if (resolved.state === 'unknown') this.scheduleRetry();
      }
      return this.payment(leg.paymentId);
    } finally {
      this.busyOrders.delete(order.id);
    }
  }

  /** The cashier's "query" on an in-doubt leg (guided resolution), or recovery's. */
  async resolveLeg(paymentId: string): Promise<Payment> {
    const leg = this.legById(paymentId);
    const row = this.row(paymentId);
    if (FINAL.has(row.state)) return this.payment(paymentId);
    this.claim(row);
    try {
      if (row.state === 'created') {
        this.apply(leg, { state: 'closed', detail: 'never sent: nothing to resolve' });
        return this.payment(paymentId);
      }
      const outcome = await this.safeResolve(this.port(leg.tender), leg);
      this.apply(leg, outcome);
      return this.payment(paymentId);
    } finally {
      this.busyLegs.delete(paymentId);
    }
  }

  /** Compensation: void / reverse / refund an approved leg. Recorded before it is sent. */
  async undoLeg(paymentId: string, reason: string): Promise<Payment> {
    const row = this.row(paymentId);
    if (row.state !== 'approved') return this.payment(paymentId);
    this.claim(row);
    try {
      const leg = this.legById(paymentId);
      const at = this.d.now().toISOString();
      this.d.db.transaction(() => {
        this.d.payments.markUndoPending(paymentId, at);
        this.d.payments.addEvent(paymentId, 'approved', 'approved', at, both('已发起撤销 / 退款', `undo requested: ${reason}`));
      })();
      this.commitAhead();
      let outcome: LegOutcome;
      try {
        outcome = await this.port(leg.tender).undo(leg, reason);
      } catch (err) {
        outcome = { state: 'unknown', detail: `undo failed: ${messageOf(err)}` };
      }
      if (outcome.state === 'reversed') {
        // One fact on disk: 'reversed' and "no undo owed" together, or neither.
        this.d.db.transaction(() => {
          this.apply(leg, outcome);
          this.d.payments.clearPendingAction(paymentId);
        })();
      } else {
        this.d.payments.addEvent(paymentId, 'approved', 'approved', this.d.now().toISOString(), both('撤销尚未完成，将自动重试', `undo not done yet: ${outcome.detail}`));
        this.scheduleRetry();
      }
      return this.payment(paymentId);
    } finally {
      this.busyLegs.delete(paymentId);
    }
  }

  /**
   * At start, before the counter takes a new sale: settle every leg that is not final
   * and finish every interrupted undo. Returns what was done, for the cashier to see.
   */
  async recover(): Promise<RecoveredLeg[]> {
    const rows = this.d.payments.unsettled();
    const out: RecoveredLeg[] = [];
    const settle = async (r: LegRow) => {
      // A leg this process is charging, querying or undoing right now is its caller's to finish.
      if (this.busyOrders.has(r.orderId) || this.busyLegs.has(r.id)) return;
      const before = r.state;
      const p = r.pendingAction === 'undo' && r.state === 'approved' ? await this.undoLeg(r.id, 'finishing an undo interrupted by a restart') : await this.resolveLeg(r.id);
      out.push({ paymentId: r.id, orderNo: r.orderNo, tender: r.tender, amountFen: r.amountFen, from: before, to: p.state, detail: p.events.at(-1)?.detail ?? '' });
    };
    // Legs are independent: settle several at once (QR queries are HTTP round trips). The
    // terminal takes one transaction at a time, as a terminal must: its legs get one lane of
    // their own, so lanes queued behind it do not starve the wallets' legs of concurrency.
    const pool = async (legs: readonly LegRow[], lanes: number) => {
      let next = 0;
      const lane = async () => {
        while (next < legs.length) await settle(legs[next++]);
      };
      await Promise.all(Array.from({ length: Math.min(lanes, legs.length) }, lane));
    };
    const terminalLegs = rows.filter((r) => ONE_AT_A_TIME.has(r.tender));
    const otherLegs = rows.filter((r) => !ONE_AT_A_TIME.has(r.tender));
    // Group commit: recovery's actions are queries and reversals, both idempotent, and a leg
    // stays unsettled on disk until its group commits — a crash mid-recovery only means
    // settling it again at the next start. One fsync per group instead of one per leg.
    const { db } = this.d;
    const ownBatch = !db.inTransaction;
    if (ownBatch) {
      db.exec('BEGIN IMMEDIATE');
      this.grouping = true;
    }
    const committer = ownBatch
      ? setInterval(() => {
          if (!db.inTransaction) return;
          db.exec('COMMIT');
          db.exec('BEGIN IMMEDIATE');
        }, RECOVERY_GROUP_COMMIT_MS)
      : undefined;
    try {
      await Promise.all([pool(terminalLegs, 1), pool(otherLegs, RECOVERY_CONCURRENCY)]);
    } finally {
      if (committer) clearInterval(committer);
      if (ownBatch) this.grouping = false;
      if (ownBatch && db.inTransaction) db.exec('COMMIT');
    }
    const order = new Map(rows.map((r, i) => [r.id, i]));
    out.sort((a, b) => (order.get(a.paymentId) ?? 0) - (order.get(b.paymentId) ?? 0));
    if (out.length > 0) this.d.log.info({ recovered: out.length }, 'payments recovered at start');
    return out;
  }

  /** Legs still in doubt (for the cashier's guided resolution). */
  inDoubt(): Array<{ paymentId: string; orderNo: string; tender: Tender; amountFen: number; state: PaymentState }> {
    return this.d.payments
      .unsettled()
      .filter((r) => !this.busyOrders.has(r.orderId))
      .map((r) => ({ paymentId: r.id, orderNo: r.orderNo, tender: r.tender, amountFen: r.amountFen, state: r.state }));
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  // ------------------------------------------------------------------ internals

  private assertNoLegInFlight(orderId: string): void {
    if (this.d.payments.unsettledCount(orderId) > 0) throw new ApiFailure('CONFLICT', '该订单有一笔结果未知的支付，请先查询 / a payment of this order is in doubt: query it first');
  }

  /** Refuses a second actor on a leg: its order is being charged, or it is being queried / undone. */
  private claim(r: LegRow): void {
    if (this.busyOrders.has(r.orderId)) throw new ApiFailure('CONFLICT', '该订单正在收款，请等待结果 / a payment for this order is already in progress');
    if (this.busyLegs.has(r.id)) throw new ApiFailure('CONFLICT', '这笔支付正在查询或撤销，请等待结果 / this payment is already being queried or undone');
    this.busyLegs.add(r.id);
  }

  /**
   * Write-ahead inside recovery's group commit: a charge or an undo started while the group
   * is open would otherwise reach the terminal with its rows still uncommitted.
   */
  private commitAhead(): void {
    if (!this.grouping || !this.d.db.inTransaction) return;
    this.d.db.exec('COMMIT');
    this.d.db.exec('BEGIN IMMEDIATE');
  }

  private createLeg(order: { id: string; orderNo: string }, tender: Tender, amountFen: number, data: LegData): Leg {
    const paymentId = randomUUID();
    const at = this.d.now().toISOString();
    let legNo = 0;
    let legRef = '';
    this.d.db.transaction(() => {
      legNo = this.d.payments.nextLegNo(order.id);
      legRef = `${order.orderNo}${String(legNo).padStart(2, '0')}`;
      this.d.payments.insertPayment({ id: paymentId, orderId: order.id, legNo, tender, amountFen, tenderedFen: null, changeFen: 0, at, legRef, data });
      this.d.onTransition?.({ paymentId, orderNo: order.orderNo, tender, amountFen, from: null, to: 'created', at, detail: null });
    })();
    return { paymentId, orderNo: order.orderNo, legNo, legRef, tender, amountFen, createdAt: at, data };
  }

  /** Commits one transition (and its outbox event) and tells the UI. */
  private transition(leg: Leg, to: PaymentState, detail: string | null, data?: LegData): void {
    const at = this.d.now().toISOString();
    let from: PaymentState | null = null;
    this.d.db.transaction(() => {
      from = this.row(leg.paymentId).state;
      if (from === to && !data) return;
      this.d.payments.transition(leg.paymentId, to, at, detail, data);
      this.d.onTransition?.({ paymentId: leg.paymentId, orderNo: leg.orderNo, tender: leg.tender, amountFen: leg.amountFen, from, to, at, detail });
    })();
    const progress: EventPayload<'payment.progress'> = { orderNo: leg.orderNo, paymentId: leg.paymentId, tender: leg.tender, state: to, detail: detail ?? '' };
    this.d.bus.emit('payment.progress', progress);
  }

  private apply(leg: Leg, outcome: LegOutcome): void {
    const current = this.row(leg.paymentId).state;
    if (current === outcome.state && !outcome.data) return;
    // A final state is only ever left for 'reversed' (compensation), never re-opened.
    if (FINAL.has(current) && !(current === 'approved' && outcome.state === 'reversed')) {
      this.d.log.warn({ paymentId: leg.paymentId, current, proposed: outcome.state }, 'ignored a transition out of a final state');
      return;
    }
    this.transition(leg, outcome.state, outcome.detail, outcome.data);
  }

  private async safeResolve(port: TenderPort, leg: Leg): Promise<LegOutcome> {
    try {
      return await port.resolve(leg);
    } catch (err) {
      return { state: 'unknown', detail: `query failed: ${messageOf(err)}` };
    }
  }

  /** Legs left unknown because their channel was unreachable are re-tried in the background. */
  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.recover().catch((err: unknown) => this.d.log.warn({ err: messageOf(err) }, 'background resolve failed'));
    }, this.d.retryUnknownMs ?? 15_000);
    this.retryTimer.unref();
  }

  private row(paymentId: string): LegRow {
    const r = this.d.payments.leg(paymentId);
    if (!r) throw new ApiFailure('NOT_FOUND', `no payment ${paymentId}`);
    return r;
  }

  private legById(paymentId: string): Leg {
    const r = this.row(paymentId);
    return {
      paymentId: r.id,
      orderNo: r.orderNo,
      legNo: r.legNo,
      legRef: r.legRef ?? `${r.orderNo}${String(r.legNo).padStart(2, '0')}`,
      tender: r.tender,
      amountFen: r.amountFen,
      createdAt: r.createdAt,
      data: r.data,
    };
  }

  payment(paymentId: string): Payment {
    const p = this.d.payments.payment(paymentId);
    if (!p) throw new ApiFailure('NOT_FOUND', `no payment ${paymentId}`);
    return p;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
