/**
 * Orders and their lines (and the counter that numbers them): all the SQL on those tables.
 * An order is read whole, its payments from the payments repository.
 */
import type { CartLine, Order } from '../../preload/contract';
import type { Db } from '../db/open';
import { StatementCache } from '../db/statement-cache';
import { PaymentsRepo } from './payments/payments-repo';

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
type HeadRow = Pick<OrderRow, 'id' | 'order_no' | 'status' | 'total_fen'>;
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

export interface NewOrder {
  id: string;
  orderNo: string;
  cashier: string;
  lines: CartLine[];
  totalFen: number;
  createdAt: string;
}

/** The few columns the sale flow checks before it reads an order whole. */
export interface OrderHead {
  id: string;
  orderNo: string;
  status: Order['status'];
  totalFen: number;
}

export class OrdersRepo {
  private readonly q: StatementCache;

  constructor(
    db: Db,
    private readonly payments: PaymentsRepo = new PaymentsRepo(db),
  ) {
    this.q = new StatementCache(db);
  }

  /** Next order number for a local date: yyyymmdd + lane (2 digits) + sequence (4 digits). */
  nextOrderNo(localDate: string, lane: string): string {
    const key = `order:${localDate}:${lane}`;
    const row = this.q
      .get<[string], { value: number }>(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get(key);
    const seq = row?.value ?? 1;
    return `${localDate}${lane}${String(seq).padStart(4, '0')}`;
  }

  insertOrder(o: NewOrder): void {
    this.q.get(`INSERT INTO orders (id, order_no, status, cashier, total_fen, created_at) VALUES (?, ?, 'open', ?, ?, ?)`).run(o.id, o.orderNo, o.cashier, o.totalFen, o.createdAt);
    const insertLine = this.q.get(
      `INSERT INTO order_lines (order_id, line_no, product_id, barcode, name_zh, name_en, unit, sold_by, qty_milli, unit_price_fen, amount_fen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    o.lines.forEach((l, i) => {
      insertLine.run(o.id, i + 1, l.productId, l.barcode, l.nameZh, l.nameEn, l.unit, l.soldBy, l.qtyMilli, l.unitPriceFen, l.amountFen);
    });
  }

  completeOrder(orderId: string, paidFen: number, changeFen: number, at: string): void {
    this.q.get(`UPDATE orders SET status = 'completed', paid_fen = ?, change_fen = ?, completed_at = ? WHERE id = ?`).run(paidFen, changeFen, at, orderId);
  }

  /** Cancels or voids an order, with the reason the cashier sees. */
  closeOrder(orderNo: string, status: 'cancelled' | 'voided', at: string, note: string): void {
    this.q.get('UPDATE orders SET status = ?, completed_at = COALESCE(completed_at, ?), note = ? WHERE order_no = ?').run(status, at, note, orderNo);
  }

  /** The newest order still being paid (the counter has at most one). */
  openOrderHead(): OrderHead | undefined {
    const r = this.q.get<[], HeadRow>(`SELECT id, order_no, status, total_fen FROM orders WHERE status = 'open' ORDER BY created_at DESC LIMIT 1`).get();
    return r ? toHead(r) : undefined;
  }

  head(orderNo: string): OrderHead | undefined {
    const r = this.q.get<[string], HeadRow>('SELECT id, order_no, status, total_fen FROM orders WHERE order_no = ?').get(orderNo);
    return r ? toHead(r) : undefined;
  }

  /** Orders completed in [from, to): how many and their total. */
  completedBetween(from: string, to: string): { count: number; totalFen: number } {
    const r = this.q
      .get<[string, string], { n: number; fen: number | null }>(`SELECT COUNT(*) AS n, SUM(total_fen) AS fen FROM orders WHERE status = 'completed' AND completed_at >= ? AND completed_at < ?`)
      .get(from, to);
    return { count: r?.n ?? 0, totalFen: r?.fen ?? 0 };
  }

  getByOrderNo(orderNo: string): Order | undefined {
    const row = this.q.get<[string], OrderRow>('SELECT * FROM orders WHERE order_no = ?').get(orderNo);
    return row ? this.hydrate(row) : undefined;
  }

  list(limit: number): Order[] {
    return this.q
      .get<[number], OrderRow>('SELECT * FROM orders ORDER BY created_at DESC, order_no DESC LIMIT ?')
      .all(limit)
      .map((r) => this.hydrate(r));
  }

  private hydrate(r: OrderRow): Order {
    const lines = this.q
      .get<[string], LineRow>('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no')
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
    return {
      id: r.id,
      orderNo: r.order_no,
      status: r.status,
      cashier: r.cashier,
      lines,
      totalFen: r.total_fen,
      paidFen: r.paid_fen,
      changeFen: r.change_fen,
      payments: this.payments.forOrder(r.id),
      createdAt: r.created_at,
      completedAt: r.completed_at,
    };
  }
}

function toHead(r: HeadRow): OrderHead {
  return { id: r.id, orderNo: r.order_no, status: r.status, totalFen: r.total_fen };
}
