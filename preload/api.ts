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
const OrderNo = z.string().max(32).regex(/^\d{8,32}$/, 'an order number is 8 to 32 digits');
// Every string a caller sends is bounded (.max first, so a huge value fails before a regex
// runs over it); the patterns used more than once are named here once.
/** A member (stored-value) card number. */
const MemberCardNo = z.string().max(20).regex(/^\d{8,20}$/, 'a member card number is 8 to 20 digits');
/** A member card PIN (the member card is ours, not a bank card: its PIN may reach the core). */
const MemberPin = z.string().max(6).regex(/^\d{6}$/, 'a PIN is 6 digits');
/** An ISO 8583 field-39 style response code ('00' approve, '51', '55', …). */
const ResponseCode = z.string().max(2).regex(/^[0-9A-Z]{2}$/, 'a two-character field-39 code');
const IsoDate = z.string().max(10).regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

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

/** Channel-side facts of a leg: card slip fields or QR trade ids (never a full PAN). */
export const LegData = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const Payment = z.object({
  id: Id,
  legNo: z.number().int(),
  /** The number the terminal / QR channel knows this leg by (idempotency key). */
  legRef: z.string().nullable(),
  tender: Tender,
  amountFen: Fen,
  tenderedFen: Fen.nullable(),
  changeFen: Fen,
  refundedFen: Fen,
  state: PaymentState,
  /** 'undo' while a void/refund of this leg is under way. */
  pendingAction: z.string().nullable(),
  data: LegData,
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

/** The order being paid at the counter (the cart frozen into an order), if any. */
export const OpenOrder = z.object({
  orderNo: OrderNo,
  totalFen: Fen,
  paidFen: Fen,
  dueFen: Fen,
  payments: z.array(Payment),
  /** A leg is in flight: no other tender may start until it ends. */
  busy: z.boolean(),
});
export type OpenOrder = z.infer<typeof OpenOrder>;

export const InDoubt = z.object({
  paymentId: Id,
  orderNo: z.string(),
  tender: Tender,
  amountFen: Fen,
  state: PaymentState,
});

export const CheckoutState = z.object({
  openOrder: OpenOrder.nullable(),
  /** True until crash recovery has settled every unfinished payment. */
  recovering: z.boolean(),
  /** What recovery found and did at this start, for the cashier to see. */
  recovered: z.array(
    z.object({ paymentId: Id, orderNo: z.string(), tender: Tender, amountFen: Fen, from: PaymentState, to: PaymentState, detail: z.string() }),
  ),
  inDoubt: z.array(InDoubt),
});
export type CheckoutState = z.infer<typeof CheckoutState>;

export const QrChannel = z.enum(['wechat', 'alipay', 'unionpay']);
export type QrChannel = z.infer<typeof QrChannel>;

/** One tender leg. The amount defaults to what is still due. */
export const PayInput = z.discriminatedUnion('tender', [
  z.object({ tender: z.literal('cash'), tenderedFen: Fen.refine((v) => v > 0, 'tenderedFen must be positive') }).strict(),
  z.object({ tender: z.literal('card'), amountFen: Fen.positive().optional() }).strict(),
  /** B扫C: the customer's payment code, scanned by the gun; the wallet is told by its prefix. */
  z.object({ tender: z.literal('qrScan'), authCode: z.string().max(24).regex(/^\d{16,24}$/, 'a payment code is 16 to 24 digits'), amountFen: Fen.positive().optional() }).strict(),
  /** C扫B: a dynamic code shown to the customer. */
  z.object({ tender: z.literal('qrShow'), channel: QrChannel, amountFen: Fen.positive().optional() }).strict(),
  z.object({
    tender: z.literal('storedValue'),
    cardNo: MemberCardNo,
    pin: MemberPin.optional(),
    amountFen: Fen.positive().optional(),
  }).strict(),
]);
export type PayInput = z.infer<typeof PayInput>;

export const PayResult = z.object({
  payment: Payment,
  /** Set when this leg completed the order. */
  order: Order.nullable(),
  openOrder: OpenOrder.nullable(),
  changeFen: Fen,
  receipt: ReceiptPreview.nullable(),
  printError: z.string().nullable(),
});

export const StoredValueCard = z.object({
  cardNo: z.string(),
  holder: z.string(),
  balanceFen: Fen,
  hasPin: z.boolean(),
  status: z.enum(['active', 'frozen']),
});
export type StoredValueCard = z.infer<typeof StoredValueCard>;



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
  /** Where the embedded simulators listen (QA and test benches steer them there), null when real. */
  simulators: z.object({ terminal: z.string().nullable(), gateway: z.string().nullable() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const QueueStatus = z.object({
  /** HQ upload configured at all (posdesk serve --hq URL). */
  configured: z.boolean(),
  hqUrl: z.string().nullable(),
  online: z.boolean().nullable(),
  pending: z.number().int(),
  oldestAgeMs: z.number(),
  sentTotal: z.number().int(),
  throughputPerMin: z.number(),
  lastError: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  quarantined: z.array(
    z.object({ id: z.string(), seq: z.number().int(), aggregateId: z.string(), type: z.string(), at: z.string(), code: z.string(), message: z.string(), attempts: z.number().int(), quarantinedAt: z.string() }),
  ),
  capWarning: z.object({ kind: z.enum(['count', 'age']), remaining: z.number(), etaMs: z.number().nullable() }).nullable(),
  tenders: z.object({
    cash: z.object({ available: z.boolean(), reason: z.string() }),
    card: z.object({ available: z.boolean(), reason: z.string() }),
    qr: z.object({ available: z.boolean(), reason: z.string() }),
  }),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

export const PrintJobInfo = z.object({
  id: z.string(),
  orderNo: z.string().nullable(),
  kind: z.string(),
  state: z.enum(['pending', 'printing', 'held', 'done', 'failed']),
  copy: z.boolean(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
  /** Why it is held and what the cashier should do (装纸 / 合上纸仓盖 …). */
  hold: z.object({ code: z.string(), message: z.string(), action: z.string() }).nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  reprints: z.number().int(),
  byteCount: z.number().int(),
});
export type PrintJobInfo = z.infer<typeof PrintJobInfo>;

export const DisplayView = z.union([
  z.object({ model: z.literal('led8n'), digits: z.string(), lamp: z.string().nullable(), lamps: z.array(z.string()), baudRate: z.number() }),
  z.object({ model: z.literal('dmd'), lines: z.tuple([z.string(), z.string()]), cursor: z.object({ column: z.number(), row: z.number() }) }),
]);
export type DisplayView = z.infer<typeof DisplayView>;

export const DeviceDetail = z.object({
  device: DeviceInfo,
  /** The device doctor: what happened to it (added, removed, opened, errors, reconnects). */
  timeline: z.array(z.object({ at: z.number(), kind: z.string(), reason: z.string() })),
  /** Raw bytes both ways, newest last. */
  byteLog: z.array(z.object({ at: z.number(), dir: z.enum(['in', 'out']), length: z.number().int(), hex: z.string() })),
  settings: z.record(z.string(), z.unknown()),
  canUnplug: z.boolean(),
});
export type DeviceDetail = z.infer<typeof DeviceDetail>;

export const VirtualPrinterState = z.object({
  paperOut: z.boolean(),
  paperNearEnd: z.boolean(),
  coverOpen: z.boolean(),
  drawerOpen: z.boolean(),
  offline: z.boolean(),
});

/** The simulated acquiring app, as QA watches and steers it (Simulator page). */
export const SimState = z.object({
  vendor: z.string(),
  displayName: z.string(),
  address: z.string(),
  link: z.string(),
  connections: z.number().int(),
  manual: z.boolean(),
  screen: z.object({
    state: z.string(),
    message: z.string(),
    amountFen: z.number().optional(),
    kind: z.string().optional(),
    orderNo: z.string().optional(),
    lastResponseCode: z.string().optional(),
    at: z.string(),
  }),
  counters: z.object({ trace: z.number(), batch: z.number(), reference: z.number(), signedInDay: z.string().nullable() }),
  pending: z.array(z.object({ id: z.string(), kind: z.string(), amountFen: z.number(), orderNo: z.string() })),
  queued: z.object({ outcomes: z.array(z.string()), faults: z.array(z.string()) }),
  journal: z.array(
    z.object({ kind: z.string(), orderNo: z.string(), amountFen: z.number(), responseCode: z.string(), traceNo: z.string(), maskedPan: z.string(), voided: z.boolean(), reversed: z.boolean() }),
  ),
  faultKinds: z.array(z.string()),
});
export type SimState = z.infer<typeof SimState>;

export const TranscriptLine = z.object({ at: z.string(), dir: z.enum(['tx', 'rx']), bytes: z.string(), decoded: z.string().nullable(), note: z.string().nullable() });

const MatchCategory = z.enum(['matched', 'localOnly', 'channelOnly', 'amountMismatch', 'statusMismatch']);

/** A day reconciled against the channels' statements (Reconciliation page, posdesk recon). */
export const ReconResult = z.object({
  date: z.string(),
  balanced: z.boolean(),
  channels: z.array(z.string()),
  /** Per category: legs, journal money, channel money, and channel minus journal. */
  totals: z.record(MatchCategory, z.object({ count: z.number().int(), localFen: z.number(), channelFen: z.number(), effectFen: z.number() })),
  items: z.array(
    z.object({
      category: MatchCategory,
      leg: z.enum(['payment', 'refund']),
      channel: z.string(),
      key: z.string(),
      at: z.string(),
      orderNo: z.string().nullable(),
      localState: z.string().nullable(),
      localAmountFen: z.number().nullable(),
      channelAmountFen: z.number().nullable(),
      channelFeeFen: z.number().nullable(),
      effectFen: z.number(),
      note: z.string(),
    }),
  ),
  /** Rows the parsers could not read: never skipped silently. */
  errors: z.array(z.object({ source: z.string(), line: z.number().int(), message: z.string() })),
  statement: z.object({
    totals: z.array(z.object({ tender: Tender, count: z.number().int(), grossFen: z.number(), refundFen: z.number(), feeFen: z.number(), netFen: z.number() })),
    grand: z.object({ count: z.number().int(), grossFen: z.number(), refundFen: z.number(), feeFen: z.number(), netFen: z.number() }),
    hourly: z.record(z.string(), z.array(z.number())),
  }),
  /** The merged merchant statement as CSV (UTF-8 with BOM, opens in Excel). */
  csv: z.string(),
  /** Takings by tender and hour. */
  chartSvg: z.string(),
});
export type ReconResult = z.infer<typeof ReconResult>;

const TotalsBlock = z.object({ count: z.number().int(), amountFen: z.number() });
export const SettlementResult = z.object({
  batchNo: z.string(),
  balanced: z.boolean(),
  /** 00 对账平, 95 对账不平. */
  responseCode: z.string(),
  differences: z.array(
    z.object({ scheme: z.string(), bucket: z.string(), localCount: z.number(), terminalCount: z.number(), localFen: z.number(), terminalFen: z.number() }),
  ),
  warnings: z.array(z.string()),
  terminal: z.object({ domestic: z.object({ debit: TotalsBlock, credit: TotalsBlock }), foreign: z.object({ debit: TotalsBlock, credit: TotalsBlock }) }),
  receipt: ReceiptPreview.nullable(),
  printError: z.string().nullable(),
});
export type SettlementResult = z.infer<typeof SettlementResult>;

export const ShiftSummary = z.object({
  shiftNo: z.string(),
  cashier: z.string(),
  from: z.string(),
  to: z.string(),
  orderCount: z.number().int(),
  salesFen: Fen,
  refundCount: z.number().int(),
  refundFen: Fen,
  byTender: z.array(z.object({ tender: Tender, count: z.number().int(), amountFen: Fen })),
  openingCashFen: Fen,
  /** What the drawer should hold: opening float + cash taken − cash refunded. */
  expectedCashFen: Fen,
  countedCashFen: Fen.nullable(),
});
export type ShiftSummary = z.infer<typeof ShiftSummary>;

// ---------------------------------------------------------------- merchant credentials

/** A PEM block, or the bare base64 body the vendors' key tools hand out (Alipay's does). */
const KeyText = z.string().trim().min(64, '请粘贴完整的 PEM 或 Base64 密钥文本 / a key: paste the PEM or base64 text').max(16_384);
/** https anywhere; plain http only to this machine (a local simulator or bench). */
const ChannelUrl = z
  .string()
  .max(300)
  .url()
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u), '须为 https 地址（http 仅限本机 127.0.0.1） / https, or http to 127.0.0.1 only');

export const WechatCredentials = z
  .object({
    appId: z.string().max(18).regex(/^wx[0-9a-f]{16}$/, 'AppID 为 wx 加 16 位十六进制字符 / appid: "wx" and 16 hex digits'),
    mchId: z.string().max(10).regex(/^\d{8,10}$/, '商户号为 8 到 10 位数字 / mch_id: 8 to 10 digits'),
    /** The v2 API key (API密钥), 32 letters and digits. Write-only: never sent back. */
    apiKey: z.string().max(32).regex(/^[A-Za-z0-9]{32}$/, 'API 密钥须为 32 位字母或数字 / API key: 32 letters and digits'),
    baseUrl: ChannelUrl.default('https://api.mch.weixin.qq.com'),
    /** apiclient_cert.pem / apiclient_key.pem, needed by reverse and refund (secapi). */
    certPem: KeyText.optional(),
    keyPem: KeyText.optional(),
  })
  .strict()
  .refine((c) => (c.certPem === undefined) === (c.keyPem === undefined), { message: 'API 证书与证书私钥须一起填写 / the client certificate and its key go together', path: ['certPem'] });
export type WechatCredentials = z.infer<typeof WechatCredentials>;

export const AlipayCredentials = z
  .object({
    appId: z.string().max(16).regex(/^\d{16}$/, 'APPID 为 16 位数字 / APPID: 16 digits'),
    /** The application's RSA2 private key (应用私钥). Write-only: never sent back. */
    privateKey: KeyText,
    /** Alipay's public key (支付宝公钥), to verify every answer. */
    alipayPublicKey: KeyText,
    gateway: ChannelUrl.default('https://openapi.alipay.com/gateway.do'),
  })
  .strict();
export type AlipayCredentials = z.infer<typeof AlipayCredentials>;

export const SetChannelCredentials = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('wechat'), credentials: WechatCredentials.nullable() }).strict(),
  z.object({ channel: z.literal('alipay'), credentials: AlipayCredentials.nullable() }).strict(),
]);
export type SetChannelCredentials = z.infer<typeof SetChannelCredentials>;

/** What settings show of a channel: where it goes and which merchant; secrets only as hints. */
export const ChannelView = z.object({
  /** sim: the embedded gateway simulator; gateway: --gateway URL; merchant: saved credentials. */
  source: z.enum(['sim', 'gateway', 'merchant']),
  endpoint: z.string(),
  merchant: z.string().nullable(),
  /** Last 4 characters of the API key / a SHA-256 fingerprint of the private key. */
  secretHint: z.string().nullable(),
  clientCert: z.object({ subject: z.string(), validTo: z.string() }).nullable(),
});
export type ChannelView = z.infer<typeof ChannelView>;
export const ChannelSettings = z.object({
  protection: z.enum(['os-keychain', 'key-file']),
  wechat: ChannelView,
  alipay: ChannelView,
  /** Saved credentials that could not be opened at start (e.g. a lost key), in words. */
  problem: z.string().nullable(),
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

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
  'checkout.state': { input: Empty, output: CheckoutState },
  /**
   * Pay one tender leg of the cart (the first leg freezes the cart into an open order).
   * When approved legs cover the total the order completes, prints and announces.
   * Only one leg runs per order at a time: a second call meanwhile gets CONFLICT.
   */
  'checkout.pay': { input: PayInput, output: PayResult },
  /** Cancel the open order: every approved leg is voided / reversed / refunded (compensation). */
  'checkout.cancel': { input: Empty, output: CheckoutState },
  /** The cashier's query of an in-doubt payment (guided resolution): confirm or reverse. */
  'payment.query': { input: z.object({ paymentId: Id }).strict(), output: Payment },
  /** Refund part or all of an approved leg of a completed order (journal). */
  'journal.refund': {
    input: z.object({ orderNo: OrderNo, paymentId: Id, amountFen: Fen.positive() }).strict(),
    output: Order,
  },
  /** Void a completed order: every approved leg is reversed (card void in the same batch). */
  'journal.void': { input: z.object({ orderNo: OrderNo }).strict(), output: Order },
  'storedValue.get': { input: z.object({ cardNo: MemberCardNo }).strict(), output: StoredValueCard },
  'storedValue.issue': {
    input: z.object({ cardNo: MemberCardNo, holder: z.string().min(1).max(40), pin: MemberPin.optional() }).strict(),
    output: StoredValueCard,
  },
  'storedValue.topUp': {
    input: z.object({ cardNo: MemberCardNo, amountFen: Fen.positive().max(10_000_00, 'a top-up is at most ¥10,000') }).strict(),
    output: StoredValueCard,
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
  'devices.detail': { input: z.object({ id: Id }).strict(), output: DeviceDetail },
  /** Print the test page on the receipt printer; returns its preview. */
  'devices.testPrint': { input: Empty, output: ReceiptPreview },
  /** Pulse the cash drawer (through the receipt printer's drawer port). */
  'devices.openDrawer': { input: Empty, output: z.object({ ok: z.boolean() }) },
  /** QA: pull / put back a simulated device's cable. */
  'devices.unplug': { input: z.object({ id: Id }).strict(), output: DeviceDetail },
  'devices.replug': { input: z.object({ id: Id }).strict(), output: DeviceDetail },
  'devices.setRole': { input: z.object({ id: Id, role: DeviceRole.nullable() }).strict(), output: DeviceDetail },
  'devices.updateSettings': { input: z.object({ id: Id, settings: z.record(z.string().max(40), z.unknown()) }).strict(), output: DeviceDetail },
  'devices.addNetworkPrinter': { input: z.object({ address: z.string().min(3).max(80) }).strict(), output: z.object({ id: z.string(), problem: z.string().nullable() }) },
  'printer.jobs': { input: Empty, output: z.array(PrintJobInfo) },
  /** 继续: send held jobs that never started (after a refill or closing the cover). */
  'printer.resume': { input: z.object({ id: Id.optional() }).strict(), output: z.array(PrintJobInfo) },
  /** The cashier saw an incomplete receipt: print it again, marked 重打印. */
  'printer.confirmReprint': { input: z.object({ id: Id }).strict(), output: z.array(PrintJobInfo) },
  /** The cashier saw it printed in full: close the job without sending anything. */
  'printer.markPrinted': { input: z.object({ id: Id }).strict(), output: z.array(PrintJobInfo) },
  'printer.cancel': { input: z.object({ id: Id }).strict(), output: z.array(PrintJobInfo) },
  /** QA: the virtual printer's paper / cover / drawer state. */
  'printer.simState': { input: VirtualPrinterState.partial().strict(), output: VirtualPrinterState },
  'display.state': { input: Empty, output: DisplayView },
  'sim.state': { input: Empty, output: SimState },
  /** Answer a transaction held for a manual decision ('00' approve, '51', '55', … decline). */
  'sim.decide': { input: z.object({ id: Id, responseCode: ResponseCode }).strict(), output: SimState },
  'sim.nextOutcome': {
    input: z.object({ responseCode: ResponseCode, times: z.number().int().min(1).max(100).default(1) }).strict(),
    output: SimState,
  },
  'sim.fault': { input: z.object({ fault: z.string().min(1).max(40), times: z.number().int().min(1).max(100).default(1) }).strict(), output: SimState },
  'sim.transcript': {
    input: z.object({ since: z.number().int().min(0).default(0) }).strict(),
    output: z.object({ from: z.number().int(), next: z.number().int(), dropped: z.number().int(), entries: z.array(TranscriptLine) }),
  },
  'sim.exportTranscript': { input: Empty, output: z.object({ jsonl: z.string() }) },
  'sim.reset': { input: z.object({ wipeState: z.boolean().default(false) }).strict(), output: SimState },
  /**
   * Reconcile a business day: the statements come from the embedded gateway simulator's
   * T+1 bills ('gateway') or from uploaded files (base64, as downloaded from the channels).
   */
  'recon.run': {
    input: z
      .object({
        date: IsoDate,
        source: z.enum(['gateway', 'files']),
        files: z.array(z.object({ name: z.string().max(200), base64: z.string().max(30_000_000) })).max(10).default([]),
      })
      .strict(),
    output: ReconResult,
  },
  /** End of day: settle the terminal's batch (结算), compare with the journal, print the slip. */
  'settle.run': { input: Empty, output: SettlementResult },
  /** The open shift's running totals. */
  'shift.current': { input: Empty, output: ShiftSummary },
  /** 交班: close the shift (with the cash counted in the drawer), print the report, open the next. */
  'shift.close': {
    input: z.object({ countedCashFen: Fen.min(0).optional(), nextOpeningCashFen: Fen.min(0).default(0) }).strict(),
    output: z.object({ summary: ShiftSummary, receipt: ReceiptPreview.nullable(), printError: z.string().nullable() }),
  },
  'queue.status': { input: Empty, output: QueueStatus },
  /** Send a quarantined event again (after HQ was fixed). */
  'queue.retry': { input: z.object({ id: Id }).strict(), output: QueueStatus },
  /** Quarantined events as JSON lines, for support. */
  'queue.export': { input: Empty, output: z.object({ jsonl: z.string() }) },
  'settings.channels': { input: Empty, output: ChannelSettings },
  /** Saves (or, with null, forgets) one channel's merchant credentials, encrypted; takes effect at once. */
  'settings.setChannel': { input: SetChannelCredentials, output: ChannelSettings },
} as const;

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.infer<(typeof calls)[N]['output']>;

// ---------------------------------------------------------------- events (main -> renderer)

export const events = {
  'cart.changed': Cart,
  'checkout.changed': CheckoutState,
  'payment.progress': z.object({ orderNo: z.string(), paymentId: Id, tender: Tender, state: PaymentState, detail: z.string() }),
  /** What the customer-facing display shows (C扫B: the dynamic code and amount). */
  'customer.display': z.object({
    mode: z.enum(['idle', 'qr']),
    orderNo: z.string(),
    amountFen: Fen,
    qrCode: z.string().nullable(),
    channel: QrChannel.nullable(),
  }),
  /** Something to say aloud ("收款成功 12.50 元"); the renderer speaks it if it can. */
  announce: z.object({ text: z.string(), lang: z.enum(['zh-CN', 'en']) }),
  'order.completed': z.object({ orderNo: OrderNo, totalFen: Fen, changeFen: Fen }),
  'receipt.printed': ReceiptPreview,
  'device.status': DeviceInfo,
  'queue.changed': QueueStatus,
  'printer.job': PrintJobInfo,
  'display.changed': DisplayView,
  'sim.changed': SimState,
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

/**
 * The typed surface the renderer's client (renderer/src/api/client.ts) gives the UI, whichever
 * way in it has: the preload's `window.posdeskBridge` (IPC) or the headless server's WebSocket.
 */
export interface PosDeskApi {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

/** IPC channel names: the only two the preload and main agree on. */
export const IPC_CALL = 'posdesk:call';
export const IPC_EVENT = 'posdesk:event';

export const callNames = Object.keys(calls) as CallName[];
export const isCallName = (name: string): name is CallName => Object.hasOwn(calls, name);
