/**
 * The channel-neutral contract the checkout uses for QR payments (WeChat Pay, Alipay,
 * UnionPay through an aggregator). Each vendor client maps its own wire answers into
 * QrPayResult at its boundary; the checkout never sees vendor field names, only the
 * normalised status plus the raw vendor code kept for the journal.
 */

export type QrChannel = 'wechat' | 'alipay' | 'unionpay';

/**
 * SUCCESS   paid (pay, query)
 * USERPAYING the customer is entering the password: query again, later reverse
 * FAIL      definitely not paid and nothing to undo (a business refusal)
 * UNKNOWN   no trustworthy answer (network error, timeout, SYSTEMERROR/20000,
 *           bad response signature): money may have moved, resolve by query
 * CLOSED    the trade is closed and was never paid (auto-close, cancel before pay)
 * REVOKED   reversed/cancelled; if it had been paid, the money went back
 * REFUND    a refund was accepted (refund) / the trade has refunds (query)
 * NOTPAY    the trade exists unpaid (C扫B code not scanned yet) or does not exist
 */
export type QrStatus =
  | 'SUCCESS'
  | 'USERPAYING'
  | 'FAIL'
  | 'UNKNOWN'
  | 'CLOSED'
  | 'REVOKED'
  | 'REFUND'
  | 'NOTPAY';

export interface QrPayRequest {
  channel: QrChannel;
  /** The merchant's order id for this tender leg; the idempotency key at the vendor. */
  outTradeNo: string;
  /** The customer's payment code as scanned (付款码). */
  authCode: string;
  amountFen: number;
  subject: string;
  storeId?: string;
  terminalId?: string;
}

export interface QrRefundRequest {
  outTradeNo: string;
  /** Idempotency key of this refund (WeChat out_refund_no, Alipay out_request_no). */
  outRefundNo: string;
  refundFen: number;
  totalFen: number;
}

export interface QrPrecreateRequest {
  outTradeNo: string;
  amountFen: number;
  subject: string;
}

export interface QrResult {
  status: QrStatus;
  /** The vendor's trade id (WeChat transaction_id, Alipay trade_no). */
  transactionId?: string;
  /** Raw vendor code: WeChat err_code / return_msg, Alipay sub_code or code, or a local code (TIMEOUT, NETWORK, BAD_RESPONSE, RESPONSE_SIGN_INVALID). */
  errCode?: string;
  errMessage?: string;
  /** Raw vendor trade state (WeChat trade_state, Alipay trade_status) when one was given. */
  rawStatus?: string;
  /** WeChat reverse: Y means "call reverse again". */
  recall?: boolean;
  /** Alipay cancel: Y means "call cancel again". */
  retryFlag?: boolean;
  /** Alipay cancel: what the cancel did (close an unpaid trade, refund a paid one). */
  action?: 'close' | 'refund';
  /** ISO 8601 instant of payment, when the vendor said. */
  paidAt?: string;
  /** WeChat openid / Alipay buyer_user_id. */
  payerId?: string;
  /** Pay/query: the trade amount; refund: this refund's amount; 0 when unknown. */
  amountFen: number;
  /** Cumulative refunded amount of the trade, when the vendor said. */
  refundedFen?: number;
  /** Vendor refund id (WeChat refund_id) when a refund was accepted. */
  refundId?: string;
}

/** Kept as its own name: the brief's "result union" is one shape with a status discriminant. */
export type QrPayResult = QrResult;

export interface QrPrecreateResult {
  /** The dynamic code to show to the customer (weixin://wxpay/bizpayurl?pr=..., https://qr.alipay.com/...). */
  qrCode: string;
}

export interface QrChannelClient {
  pay(req: QrPayRequest): Promise<QrPayResult>;
  /** `channel` lets a router pick the vendor after a restart; single-vendor clients ignore it. */
  query(outTradeNo: string, channel?: QrChannel): Promise<QrPayResult>;
  /** WeChat reverse / Alipay cancel: undo a trade whatever its state. */
  reverse(outTradeNo: string, channel?: QrChannel): Promise<QrPayResult>;
  refund(req: QrRefundRequest & { channel?: QrChannel }): Promise<QrPayResult>;
  /** C扫B: a dynamic code for the customer to scan. Throws QrChannelError when none was issued. */
  precreate(req: QrPrecreateRequest & { channel?: QrChannel }): Promise<QrPrecreateResult>;
}

/** Thrown only by precreate (no money can have moved there) and by misconfiguration. */
export class QrChannelError extends Error {
  constructor(
    readonly status: 'FAIL' | 'UNKNOWN',
    readonly errCode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'QrChannelError';
  }
}

/** No trustworthy answer (network, timeout, bad signature): UNKNOWN, never FAIL — money may have moved. */
export function unknownResult(
  out: { errCode?: string; errMessage?: string },
  amountFen: number,
  extra: Pick<QrResult, 'recall' | 'retryFlag'> = {},
): QrResult {
  return { status: 'UNKNOWN', amountFen, ...extra, errCode: out.errCode, errMessage: out.errMessage };
}
