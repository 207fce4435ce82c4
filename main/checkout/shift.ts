/**
 * Cashier shifts (交班): a shift runs from one close to the next. Closing one sums what the
 * counter took in it — orders, sales and refunds, by tender, the cash the drawer should hold
 * against what the cashier counted — prints the shift report, records `shift.closed` in the
 * outbox (same transaction) for HQ, and opens the next shift.
 */
import { randomUUID } from 'node:crypto';
import type { Tender } from '../../preload/contract';
import type { Db } from '../db/open';
import type { OrdersRepo } from './orders-repo';
import type { PaymentsRepo } from './payments/payments-repo';
import type { RefundsRepo } from './refunds-repo';
import type { ShiftRow, ShiftsRepo } from './shifts-repo';

export interface ShiftSummary {
  shiftNo: string;
  cashier: string;
  from: string;
  to: string;
  orderCount: number;
  salesFen: number;
  refundCount: number;
  refundFen: number;
  byTender: Array<{ tender: Tender; count: number; amountFen: number }>;
  openingCashFen: number;
  expectedCashFen: number;
  countedCashFen: number | null;
}

export interface ShiftsDeps {
  /** Closing a shift is one transaction: its row, the outbox event, the next shift. */
  db: Db;
  shifts: ShiftsRepo;
  orders: OrdersRepo;
  payments: PaymentsRepo;
  refunds: RefundsRepo;
  cashier: string;
  now: () => Date;
}

export class Shifts {
  constructor(private readonly d: ShiftsDeps) {}

  /** The open shift; opens shift 1 if there is none (the app calls this at start). */
  current(): ShiftRow {
    return this.d.shifts.open() ?? this.open(0);
  }

  /** Running totals of the open shift (nothing is written). */
  summary(countedCashFen: number | null = null): ShiftSummary {
    const s = this.current();
    const to = this.d.now().toISOString();
    const legs = this.d.payments.approvedByTender(s.opened_at, to);
    const orders = this.d.orders.completedBetween(s.opened_at, to);
    const refunds = this.d.refunds.doneBetween(s.opened_at, to);
    const cashIn = legs.find((l) => l.tender === 'cash')?.amountFen ?? 0;
    return {
      shiftNo: s.shift_no,
      cashier: s.cashier,
      from: s.opened_at,
      to,
      orderCount: orders.count,
      salesFen: orders.totalFen,
      refundCount: refunds.count,
      refundFen: refunds.amountFen,
      byTender: legs,
      openingCashFen: s.opening_cash_fen,
      expectedCashFen: s.opening_cash_fen + cashIn - refunds.cashFen,
      countedCashFen,
    };
  }

  /**
   * Closes the open shift and opens the next one. `record` runs inside the same transaction
   * (the outbox event). Returns the closed shift's summary.
   */
  close(countedCashFen: number | null, nextOpeningCashFen: number, record: (s: ShiftSummary) => void): ShiftSummary {
    return this.d.db.transaction(() => {
      const s = this.current();
      const summary = this.summary(countedCashFen);
      this.d.shifts.close(s.id, summary.to, countedCashFen, summary);
      record(summary);
      this.open(nextOpeningCashFen, summary.to);
      return summary;
    })();
  }

  private open(openingCashFen: number, at = this.d.now().toISOString()): ShiftRow {
    const n = this.d.shifts.count() + 1;
    const row: ShiftRow = { id: randomUUID(), shift_no: String(n).padStart(4, '0'), cashier: this.d.cashier, opened_at: at, opening_cash_fen: openingCashFen };
    this.d.shifts.insert(row);
    return row;
  }
}
