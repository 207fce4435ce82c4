/**
 * Plain data shapes of settlement and reconciliation. The recon engine never reads the
 * database: the lead's journal source (SQLite) hands it LocalPayment rows, and statement
 * parsers hand it ChannelRow rows. Money is integer fen throughout.
 */

export type Tender = 'cash' | 'card' | 'wechat' | 'alipay' | 'unionpay' | 'storedValue';
export const TENDERS: readonly Tender[] = ['cash', 'card', 'wechat', 'alipay', 'unionpay', 'storedValue'];

/**
 * The payment state as the journal holds it. Only `approved` and `refunded` mean "money
 * taken"; `reversed` means voided/cancelled/reversed at the channel; anything else is not
 * final (`unknown`, `sent`, ...) or never took money (`declined`, `closed`, ...).
 */
export type LocalPaymentState =
  | 'approved'
  | 'reversed'
  | 'refunded'
  | 'declined'
  | 'cancelled'
  | 'closed'
  | 'unknown'
  | 'created'
  | 'sent'
  | 'awaitingCard'
  | 'userPaying';

export interface LocalRefund {
  /** The merchant refund number sent to the channel (WeChat out_refund_no, Alipay out_request_no). */
  outRefundNo: string;
  amountFen: number;
  /** ISO 8601 time of the refund. */
  at: string;
  /** Card refunds (退货): the terminal's reference number and batch, when known. */
  refNo?: string;
  batchNo?: string;
  traceNo?: string;
}

/** One tender leg of an order, as the local journal records it. */
export interface LocalPayment {
  paymentId: string;
  orderNo: string;
  tender: Tender;
  amountFen: number;
  state: LocalPaymentState;
  /** ISO 8601 time the payment was approved (or attempted). */
  at: string;
  /** QR: the merchant order number sent to WeChat/Alipay/UnionPay (商户订单号). */
  outTradeNo?: string;
  /** QR: the channel's own trade number (微信订单号 / 支付宝交易号); card: acquirer trade no. */
  channelTradeNo?: string;
  /** Card: retrieval reference number (参考号, 12 digits). */
  refNo?: string;
  /** Card: voucher/trace number (凭证号, 6 digits). */
  traceNo?: string;
  /** Card: batch number (批次号, 6 digits). */
  batchNo?: string;
  terminalId?: string;
  /** First 6 / last 4 only. */
  maskedPan?: string;
  /** 内卡 (domestic) / 外卡 (foreign). */
  cardScheme?: 'domestic' | 'foreign';
  cardKind?: 'debit' | 'credit';
  refunds?: LocalRefund[];
}

/**
 * What the lead implements over SQLite. `paymentsOn(date)` returns every payment made on
 * that local day AND every earlier payment that has a refund on that day: the engine
 * counts a payment leg only when its `at` falls on the day, and a refund leg only when
 * the refund's `at` does.
 */
export interface LocalJournalSource {
  paymentsOn(date: string /* YYYY-MM-DD local */): LocalPayment[];
}

/** Which channel a statement row belongs to. UnionPay QR comes through the acquirer file. */
export type ChannelName = 'wechat' | 'alipay' | 'card' | 'unionpay';

/**
 * One money movement on a channel statement, normalised:
 * - `payment`: a sale / trade (amountFen = the order amount, positive);
 * - `refund`: money given back (amountFen positive = the refund amount);
 * - `void`: a same-batch cancellation of a payment (撤销), referencing the original.
 */
export interface ChannelRow {
  channel: ChannelName;
  /** 1-based line number in the file the row came from. */
  line: number;
  /** The file (or zip entry) the row came from. */
  source: string;
  kind: 'payment' | 'refund' | 'void';
  /** Channel status for payments: `success`, or `revoked` (WeChat REVOKED: reversed later). */
  status: 'success' | 'revoked';
  amountFen: number;
  /** Channel fee on this row in fen, signed: negative when a refund returns fee. */
  feeFen?: number;
  /** "YYYY-MM-DD HH:mm:ss", the channel's wall-clock (Beijing) time. */
  at: string;
  outTradeNo?: string;
  channelTradeNo?: string;
  outRefundNo?: string;
  channelRefundNo?: string;
  /** Card rows. */
  refNo?: string;
  traceNo?: string;
  batchNo?: string;
  terminalId?: string;
  merchantNo?: string;
  maskedPan?: string;
  cardScheme?: 'domestic' | 'foreign';
  cardKind?: 'debit' | 'credit';
  /** A void/refund: the original's reference (参考号 or the acquirer's 交易单号). */
  originalRef?: string;
  /** Free text the channel puts on the row (Alipay 备注, e.g. 撤销). */
  memo?: string;
}

/** A bad row (or a whole-file problem at line 0 / the line it was found on). */
export interface ParseError {
  line: number;
  message: string;
  raw: string;
  /** The file (or zip entry) it came from. */
  source?: string;
}

export type StatementKind = 'wechat' | 'alipay' | 'acquirer';

export interface ParseResult<Summary> {
  kind: StatementKind;
  rows: ChannelRow[];
  summary?: Summary;
  errors: ParseError[];
}
