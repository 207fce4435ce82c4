/**
 * The PosDesk API contract: every call and every event, declared once with zod.
 *
 * The Electron main process (IPC), the headless server (HTTP + WebSocket) and the
 * renderer all use this file. Main validates every inbound payload against `calls`
 * before a handler runs, whichever way it arrived; the renderer derives its types
 * from it. Nothing else in the codebase names a channel by string.
 *
 * Money is integer fen everywhere (`Fen`). Quantities are thousandths (`qtyMilli`)
 * so that litres of fuel and kilograms stay integers too.
 */
import { z } from 'zod';

/** An amount of money in fen (1/100 yuan). Safe integers only: no floats cross the contract. */
export const Fen = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
/** Quantity in thousandths of a unit (1000 = one item, 30250 = 30.25 litres). */
export const QtyMilli = z
  .number()
  .int()
  .min(1, 'quantity must be positive')
  .max(9_999_000, 'quantity is too large (max 9999)');

const Id = z.string().min(1).max(64);
const OrderNo = z.string().regex(/^\d{8,32}$/, 'an order number is 8 to 32 digits');

// ---------------------------------------------------------------- models

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

export const Tender = z.enum(['cash', 'card', 'wechat', 'alipay', 'unionpay', 'storedValue']);
export type Tender = z.infer<typeof Tender>;

export const PaymentState = z.enum([
  'created',
  'sent',
  'awaitingCard',
  'userPaying',
  'approved',
  'declined',
  'cancelled',
  'unknown',
  'reversed',
  'closed',
]);
export type PaymentState = z.infer<typeof PaymentState>;

export const PaymentEvent = z.object({
  fromState: PaymentState.nullable(),
  toState: PaymentState,
  at: z.string(),
  detail: z.string().nullable(),
});
export type PaymentEvent = z.infer<typeof PaymentEvent>;

export const Payment = z.object({
  id: Id,
  legNo: z.number().int(),
  tender: Tender,
  amountFen: Fen,
  tenderedFen: Fen.nullable(),
  changeFen: Fen,
  state: PaymentState,
  createdAt: z.string(),
  events: z.array(PaymentEvent),
});
export type Payment = z.infer<typeof Payment>;

export const OrderStatus = z.enum(['open', 'completed', 'cancelled', 'voided']);

export const Order = z.object({
  id: Id,
  orderNo: OrderNo,
  status: OrderStatus,
  cashier: z.string(),
  lines: z.array(CartLine),
  totalFen: Fen,
  paidFen: Fen,
  changeFen: Fen,
  payments: z.array(Payment),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Order = z.infer<typeof Order>;

export const ReceiptPreview = z.object({
  jobId: Id,
  orderNo: z.string(),
  /** What the virtual printer made of the ESC/POS bytes, drawn as the paper looks. */
  svg: z.string(),
  byteCount: z.number().int(),
  printedAt: z.string(),
});
export type ReceiptPreview = z.infer<typeof ReceiptPreview>;

export const DeviceRole = z.enum(['scanner', 'printer', 'terminal', 'cashDrawer', 'customerDisplay']);
export const DeviceInfo = z.object({
  id: Id,
  role: DeviceRole,
  name: z.string(),
  link: z.string(),
  simulated: z.boolean(),
  status: z.enum(['ready', 'busy', 'attention', 'offline']),
  detail: z.string(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'headless']),
  dataDir: z.string(),
  dbPath: z.string(),
  storeName: z.string(),
  cashier: z.string(),
  startedAt: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

// ---------------------------------------------------------------- calls

const Empty = z.object({}).strict();

/** Every call: its input schema (validated in main) and its output schema. */
export const calls = {
  'app.info': { input: Empty, output: AppInfo },
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
  /** Pay the whole cart in cash. `tenderedFen` must cover the total; the change is returned. */
  'checkout.payCash': {
    input: z.object({ tenderedFen: Fen.refine((v) => v > 0, 'tenderedFen must be positive') }).strict(),
    output: z.object({ order: Order, changeFen: Fen, receipt: ReceiptPreview.nullable(), printError: z.string().nullable() }),
  },
  'journal.list': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(Order),
  },
  'journal.get': { input: z.object({ orderNo: OrderNo }).strict(), output: Order },
  'receipt.reprint': { input: z.object({ orderNo: OrderNo }).strict(), output: ReceiptPreview },
  /** The last receipt printed for an order, re-rendered from its stored bytes (nothing is printed). */
  'receipt.get': { input: z.object({ orderNo: OrderNo }).strict(), output: ReceiptPreview.nullable() },
  'devices.list': { input: Empty, output: z.array(DeviceInfo) },
} as const;

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.infer<(typeof calls)[N]['output']>;

// ---------------------------------------------------------------- events (main -> renderer)

export const events = {
  'cart.changed': Cart,
  'order.completed': z.object({ orderNo: OrderNo, totalFen: Fen, changeFen: Fen }),
  'receipt.printed': ReceiptPreview,
  'device.status': DeviceInfo,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;

// ---------------------------------------------------------------- envelope

/** Error codes a client can act on. */
export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'UNKNOWN_CALL',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'DEVICE',
  'STORAGE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** The offending field's path ("tenderedFen", "lines.0.qtyMilli") for INVALID_INPUT. */
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type CallResult<T> = { ok: true; result: T } | { ok: false; error: ApiError };

/** WebSocket frames (JSON). Calls carry a client-chosen id echoed in the reply. */
export const WsClientFrame = z.object({ id: z.number().int(), call: z.string(), input: z.unknown() }).strict();
export type WsClientFrame = z.infer<typeof WsClientFrame>;
export type WsServerFrame =
  | ({ id: number } & CallResult<unknown>)
  | { event: EventName; payload: unknown };

/** The surface the preload script exposes as `window.posdesk` and the WS client mirrors. */
export interface PosDeskApi {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

/** IPC channel names: the only two the preload and main agree on. */
export const IPC_CALL = 'posdesk:call';
export const IPC_EVENT = 'posdesk:event';

export const callNames = Object.keys(calls) as CallName[];
export const isCallName = (name: string): name is CallName => Object.hasOwn(calls, name);
