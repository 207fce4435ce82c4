/**
 * The counter's open cart: pure state, no I/O. Lives in the core (not the
 * renderer) so a test bench, the Electron window and a browser all see one cart.
 * Scanning an item sold by the piece again adds to its line; fuel and weighed
 * goods always get a line of their own.
 */
import type { Cart, CartLine, Product } from '../../preload/contract';
import { ApiFailure } from '../contract/errors';
import { lineAmountFen } from '../../drivers/shared/money';

const MAX_LINES = 500;

export class CartState {
  private lines: CartLine[] = [];
  private revision = 0;
  private nextLineId = 1;

  snapshot(): Cart {
    const totalFen = this.lines.reduce((s, l) => s + l.amountFen, 0);
    const itemCount = this.lines.reduce((s, l) => s + (l.soldBy === 'each' ? l.qtyMilli / 1000 : 1), 0);
    return { lines: this.lines.map((l) => ({ ...l })), itemCount, totalFen, revision: this.revision };
  }

  /** Shows an open order's lines (after a restart) — the order, not the cart, is the truth. */
  load(lines: CartLine[]): void {
    this.lines = lines.map((l, i) => ({ ...l, lineId: `L${i + 1}` }));
    this.nextLineId = lines.length + 1;
    this.revision++;
  }

  isEmpty(): boolean {
    return this.lines.length === 0;
  }

  add(product: Product, qtyMilli = 1000): CartLine {
    if (product.soldBy === 'each' && qtyMilli % 1000 !== 0) {
      throw new ApiFailure('INVALID_INPUT', `${product.nameZh} is sold by the piece: quantity must be whole`, 'qtyMilli');
    }
    const existing = product.soldBy === 'each' ? this.lines.find((l) => l.productId === product.id) : undefined;
    if (existing) {
      this.setQty(existing.lineId, existing.qtyMilli + qtyMilli);
      return { ...this.find(existing.lineId) };
    }
    if (this.lines.length >= MAX_LINES) throw new ApiFailure('CONFLICT', `a cart holds at most ${MAX_LINES} lines`);
    const line: CartLine = {
      lineId: `L${this.nextLineId++}`,
      productId: product.id,
      barcode: product.barcode,
      nameZh: product.nameZh,
      nameEn: product.nameEn,
      unit: product.unit,
      soldBy: product.soldBy,
      qtyMilli,
      unitPriceFen: product.priceFen,
      amountFen: lineAmountFen(product.priceFen, qtyMilli),
    };
    this.lines.push(line);
    this.revision++;
    return { ...line };
  }

  setQty(lineId: string, qtyMilli: number): void {
    const line = this.find(lineId);
    if (line.soldBy === 'each' && qtyMilli % 1000 !== 0) {
      throw new ApiFailure('INVALID_INPUT', `${line.nameZh} is sold by the piece: quantity must be whole`, 'qtyMilli');
    }
    line.qtyMilli = qtyMilli;
    line.amountFen = lineAmountFen(line.unitPriceFen, qtyMilli);
    this.revision++;
  }

  remove(lineId: string): void {
    this.find(lineId);
    this.lines = this.lines.filter((l) => l.lineId !== lineId);
    this.revision++;
  }

  clear(): void {
    this.lines = [];
    this.revision++;
  }

  private find(lineId: string): CartLine {
    const line = this.lines.find((l) => l.lineId === lineId);
    if (!line) throw new ApiFailure('NOT_FOUND', `no cart line ${lineId}`, 'lineId');
    return line;
  }
}
