/**
 * The contract of the cart and the catalog it is filled from: products, lines, scans.
 */
import { z } from 'zod';
import { type CallSpec, Empty, Fen, Id, QtyMilli } from './common';

export const Product = z.object({
  id: Id,
  barcode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  priceFen: Fen,
  soldBy: z.enum(['each', 'litre', 'kg']),
  store: z.enum(['mart', 'fuel']),
  category: z.string(),
});
export type Product = z.infer<typeof Product>;

export const CartLine = z.object({
  lineId: Id,
  productId: Id,
  barcode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  soldBy: Product.shape.soldBy,
  qtyMilli: QtyMilli,
  unitPriceFen: Fen,
  amountFen: Fen,
});
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z.object({
  lines: z.array(CartLine),
  itemCount: z.number().int(),
  totalFen: Fen,
  /** Bumped on every change so a client can drop stale pushes. */
  revision: z.number().int(),
});
export type Cart = z.infer<typeof Cart>;

export const cartCalls = {
  'catalog.search': {
    input: z.object({ query: z.string().trim().min(1).max(64), limit: z.number().int().min(1).max(50).default(10) }).strict(),
    output: z.array(Product),
  },
  'cart.get': { input: Empty, output: Cart },
  /**
   * A scanned or typed code: a product barcode or a PLU (e.g. fuel grade "92").
   * Goods sold by the litre or kg need a quantity: without one nothing is added and
   * `needsQuantity` names the product so the counter can ask for it.
   */
  'cart.scan': {
    input: z.object({ code: z.string().trim().min(1).max(128), qtyMilli: QtyMilli.optional() }).strict(),
    output: z.object({ cart: Cart, line: CartLine.nullable(), needsQuantity: Product.nullable() }),
  },
  'cart.add': {
    input: z.object({ productId: Id, qtyMilli: QtyMilli.default(1000) }).strict(),
    output: z.object({ cart: Cart, line: CartLine }),
  },
  'cart.setQty': { input: z.object({ lineId: Id, qtyMilli: QtyMilli }).strict(), output: Cart },
  'cart.remove': { input: z.object({ lineId: Id }).strict(), output: Cart },
  'cart.clear': { input: Empty, output: Cart },
} as const satisfies Record<string, CallSpec>;
