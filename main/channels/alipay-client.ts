/**
 * Alipay OpenAPI (v2 gateway) client for 当面付: trade.pay (scene bar_code), query,
 * cancel, refund, precreate, through the official alipay-sdk 4. Responses are
 * signature-checked (validateSign) with the Alipay public key; a check failure, an HTTP
 * error or a timeout is UNKNOWN: money may have moved.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { ALIPAY_GATEWAY_PATH, DEFAULT_CHANNEL_TIMEOUT_MS, DEFAULT_SIM_URL } from './defaults';
import { assertUnsignedFen, fenToYuan } from '../../drivers/shared/money';
import {
  type AlipayAnswer,
  alipayAnswerSchema,
  alipayCancelResult,
  alipayPayResult,
  alipayQueryResult,
  alipayRefundResult,
} from './alipay-result';
import {
  QrChannelError,
  type QrChannelClient,
  type QrPayRequest,
  type QrPrecreateRequest,
  type QrPrecreateResult,
  type QrRefundRequest,
  type QrResult,
  unknownResult,
} from './types';

export interface AlipayClientConfig {
  appId: string;
  /** The app's RSA private key (PEM or bare base64). Never logged. */
  privateKey: string;
  /** Alipay's RSA public key, to verify answers. */
  alipayPublicKey: string;
  keyType?: 'PKCS1' | 'PKCS8';
  /** Full gateway URL. Default: the local simulator; production https://openapi.alipay.com/gateway.do */
  gateway?: string;
  timeoutMs?: number;
  /** Unpaid trades close after this (timeout_express); Alipay's own default is 3 minutes. */
  timeoutExpress?: string;
}

export const ALIPAY_METHODS = {
  pay: 'alipay.trade.pay',
  query: 'alipay.trade.query',
  cancel: 'alipay.trade.cancel',
  refund: 'alipay.trade.refund',
  precreate: 'alipay.trade.precreate',
  billUrl: 'alipay.data.dataservice.bill.downloadurl.query',
} as const;

/**
 * alipay-sdk keeps both keys as PEM text and hands that text to crypto's sign / verify on
 * every call, so OpenSSL decodes the PEM each time: an RSA-2048 signature costs 0.87 ms that
 * way and 0.29 ms with a parsed KeyObject (verify: 0.14 ms against 0.02 ms), measured here.
 * Every place the SDK uses them (util.js sign and verifySignatureV3, checkResponseSign,
 * checkNotifySign) passes them straight to node:crypto, which takes a KeyObject, so they are
 * parsed once, after the SDK has normalised the PEM. Recovery after a crash queries and
 * cancels hundreds of Alipay trades at once; this is most of its CPU.
 */
function parseKeysOnce(sdk: AlipaySdk): void {
  const keys = sdk.config as unknown as { privateKey: string | KeyObject; alipayPublicKey?: string | KeyObject };
  if (typeof keys.privateKey === 'string') keys.privateKey = createPrivateKey(keys.privateKey);
  if (typeof keys.alipayPublicKey === 'string' && keys.alipayPublicKey !== '') keys.alipayPublicKey = createPublicKey(keys.alipayPublicKey);
}

type ExecOutcome = { ok: true; answer: AlipayAnswer } | { ok: false; errCode: string; errMessage: string };

export class AlipayClient implements QrChannelClient {
  private readonly sdk: AlipaySdk;

  constructor(private readonly config: AlipayClientConfig) {
    this.sdk = new AlipaySdk({
      appId: config.appId,
      privateKey: config.privateKey,
      alipayPublicKey: config.alipayPublicKey,
      gateway: config.gateway ?? `${DEFAULT_SIM_URL}${ALIPAY_GATEWAY_PATH}`,
      signType: 'RSA2',
      keyType: config.keyType ?? 'PKCS8',
      timeout: config.timeoutMs ?? DEFAULT_CHANNEL_TIMEOUT_MS,
      // Keep Alipay's snake_case field names: they are what the docs and logs show.
      camelcase: false,
    });
    parseKeysOnce(this.sdk);
  }

  async pay(req: QrPayRequest): Promise<QrResult> {
    assertUnsignedFen(req.amountFen);
    if (req.channel !== 'alipay') {
      return { status: 'FAIL', amountFen: req.amountFen, errCode: 'WRONG_CHANNEL', errMessage: `not an Alipay payment: ${req.channel}` };
    }
    const biz: Record<string, string> = {
      out_trade_no: req.outTradeNo,
      scene: 'bar_code',
      auth_code: req.authCode,
      subject: req.subject,
      total_amount: fenToYuan(req.amountFen),
      product_code: 'FACE_TO_FACE_PAYMENT',
    };
    if (req.storeId) biz.store_id = req.storeId;
    if (req.terminalId) biz.terminal_id = req.terminalId;
    if (this.config.timeoutExpress) biz.timeout_express = this.config.timeoutExpress;
    const out = await this.exec(ALIPAY_METHODS.pay, biz);
    if (!out.ok) return unknownResult(out, req.amountFen);
    return alipayPayResult(out.answer, req.amountFen);
  }

  async query(outTradeNo: string): Promise<QrResult> {
    const out = await this.exec(ALIPAY_METHODS.query, { out_trade_no: outTradeNo });
    if (!out.ok) return unknownResult(out, 0);
    return alipayQueryResult(out.answer);
  }

  async reverse(outTradeNo: string): Promise<QrResult> {
    const out = await this.exec(ALIPAY_METHODS.cancel, { out_trade_no: outTradeNo });
    if (!out.ok) {
      // Alipay: for cancel, "retry with the same parameters".
      return unknownResult(out, 0, { retryFlag: true });
    }
    return alipayCancelResult(out.answer);
  }

  async refund(req: QrRefundRequest): Promise<QrResult> {
    assertUnsignedFen(req.refundFen, 'refundFen');
    assertUnsignedFen(req.totalFen, 'totalFen');
    const out = await this.exec(ALIPAY_METHODS.refund, {
      out_trade_no: req.outTradeNo,
      refund_amount: fenToYuan(req.refundFen),
      out_request_no: req.outRefundNo,
    });
    if (!out.ok) return unknownResult(out, req.refundFen);
    return alipayRefundResult(out.answer, req.refundFen);
  }

  async precreate(req: QrPrecreateRequest): Promise<QrPrecreateResult> {
    assertUnsignedFen(req.amountFen);
    const out = await this.exec(ALIPAY_METHODS.precreate, {
      out_trade_no: req.outTradeNo,
      total_amount: fenToYuan(req.amountFen),
      subject: req.subject,
    });
    if (!out.ok) throw new QrChannelError('UNKNOWN', out.errCode, out.errMessage);
    const a = out.answer;
    if (a.code !== '10000' || !a.qr_code) {
      throw new QrChannelError('FAIL', a.sub_code ?? a.code, a.sub_msg ?? a.msg ?? 'precreate gave no qr_code');
    }
    return { qrCode: a.qr_code };
  }

  /** The T+1 trade bill's download URL (valid ~30 s at Alipay). */
  async billDownloadUrl(billDate: string): Promise<string> {
    const out = await this.exec(ALIPAY_METHODS.billUrl, { bill_type: 'trade', bill_date: billDate });
    if (!out.ok) throw new QrChannelError('UNKNOWN', out.errCode, out.errMessage);
    if (out.answer.code !== '10000' || !out.answer.bill_download_url) {
      throw new QrChannelError('FAIL', out.answer.sub_code ?? out.answer.code, out.answer.sub_msg ?? 'no bill_download_url');
    }
    return out.answer.bill_download_url;
  }

  private async exec(method: string, bizContent: Record<string, string>): Promise<ExecOutcome> {
    let raw: unknown;
    try {
      raw = await this.sdk.exec(method, { bizContent }, { validateSign: true });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const code = /timeout/i.test(msg) ? 'TIMEOUT' : /验签/.test(msg) ? 'RESPONSE_SIGN_INVALID' : /status: (\d+)/.exec(msg);
      const errCode = typeof code === 'string' ? code : code ? `HTTP_${code[1]}` : 'NETWORK';
      // The SDK's messages can quote the whole answer; keep the first line only.
      return { ok: false, errCode, errMessage: `${method}: ${msg.split('\n')[0]?.slice(0, 200)}` };
    }
    const parsed = alipayAnswerSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, errCode: 'BAD_RESPONSE', errMessage: `${method}: answer without a code` };
    return { ok: true, answer: parsed.data };
  }
}
