/**
 * Alipay OpenAPI gateway of the simulator (/gateway.do, GET with the signed query string or
 * POST form-encoded, as the SDKs send it): alipay.trade.pay / query / cancel / refund /
 * precreate and alipay.data.dataservice.bill.downloadurl.query, plus the bill download URL
 * it hands out. Requests are RSA2-verified with the app's public key; answers are signed
 * with the simulated Alipay key, bad signatures get the real error shape (40002
 * isv.invalid-signature).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import iconv from 'iconv-lite';
import { ALIPAY_GATEWAY_PATH } from '../defaults';
import { storeDateTime } from '../../../drivers/shared/store-time';
import { fenToYuan, yuanToFen } from '../../../drivers/shared/money';
import { type AlipayCharset, alipayRequestParams, alipaySignedBody, alipayVerifyRequest } from './alipay-sign';
import type { SimAnswer, SimError, TradeRef } from './engine';
import { sendWithFault } from './fault-reply';
import type { SimApi, SimFault } from './outcomes';
import type { SimContext } from './sim-context';
import { refundedFen, type SimTrade } from './sim-trade';
import { buildAlipayBill } from './statements/alipay-bill';

const jsonType = (charset: AlipayCharset) => `application/json; charset=${charset}`;
/** Alipay: the bill URL must be used within 30 s. */
export const BILL_URL_VALID_MS = 30_000;

type AlipayFields = Record<string, unknown>;

const BUSINESS_FAILED = { code: '40004', msg: 'Business Failed' };

/** Engine errors -> Alipay answer (code, sub_code, sub_msg). */
const ALIPAY_ERRORS: Record<SimError, AlipayFields> = {
  SYSTEM_ERROR: { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'aop.ACQ.SYSTEM_ERROR', sub_msg: '系统异常' },
  AUTH_CODE_EXPIRED: { ...BUSINESS_FAILED, sub_code: 'ACQ.PAYMENT_AUTH_CODE_INVALID', sub_msg: '支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款' },
  AUTH_CODE_INVALID: { ...BUSINESS_FAILED, sub_code: 'ACQ.PAYMENT_AUTH_CODE_INVALID', sub_msg: '支付授权码无效' },
  NOT_ENOUGH: { ...BUSINESS_FAILED, sub_code: 'ACQ.BUYER_BALANCE_NOT_ENOUGH', sub_msg: '买家余额不足' },
  ORDER_PAID: { ...BUSINESS_FAILED, sub_code: 'ACQ.TRADE_HAS_SUCCESS', sub_msg: '交易已被支付' },
  OUT_TRADE_NO_USED: { ...BUSINESS_FAILED, sub_code: 'ACQ.CONTEXT_INCONSISTENT', sub_msg: '交易信息被篡改' },
  ORDER_CLOSED: { ...BUSINESS_FAILED, sub_code: 'ACQ.TRADE_HAS_CLOSE', sub_msg: '交易已经关闭' },
  ORDER_REVERSED: { ...BUSINESS_FAILED, sub_code: 'ACQ.TRADE_HAS_CLOSE', sub_msg: '交易已经关闭' },
  DAILY_LIMIT: { ...BUSINESS_FAILED, sub_code: 'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR', sub_msg: '买家付款日限额超限' },
  NOT_EXIST: { ...BUSINESS_FAILED, sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' },
  REVERSE_TOO_SOON: { ...BUSINESS_FAILED, sub_code: 'ACQ.SYSTEM_ERROR', sub_msg: '请稍后重试' },
  TRADE_STATE: { ...BUSINESS_FAILED, sub_code: 'ACQ.TRADE_STATUS_ERROR', sub_msg: '交易状态不合法' },
  REFUND_EXCEEDS: { ...BUSINESS_FAILED, sub_code: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', sub_msg: '退款金额超限' },
  AMOUNT_MISMATCH: { ...BUSINESS_FAILED, sub_code: 'ACQ.INVALID_PARAMETER', sub_msg: '参数无效' },
  REFUND_NO_REUSED: { ...BUSINESS_FAILED, sub_code: 'ACQ.INVALID_PARAMETER', sub_msg: '退款请求号已用于另一笔金额不同的退款' },
};

const yuan = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, 'a yuan amount with at most 2 decimals')
  .transform((s) => yuanToFen(s))
  .refine((f) => f >= 1 && f <= 10_000_000_000, 'between 0.01 and 100000000');
const outTradeNo = z.string().min(1).max(64);
/** An optional id a client may send as "" (some SDKs serialise unset fields): empty is absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
/** query / cancel / refund: trade_no or out_trade_no (不能同时为空; trade_no wins when both are given). */
const tradeRefFields = { trade_no: optional(z.string().min(1).max(64)), out_trade_no: optional(outTradeNo) };

const paySchema = z.object({
  out_trade_no: outTradeNo,
  scene: z.enum(['bar_code', 'wave_code']),
  auth_code: z.string().min(1),
  subject: z.string().min(1),
  total_amount: yuan,
  store_id: z.string().optional(),
  terminal_id: z.string().optional(),
});
const tradeSchema = z.object(tradeRefFields);
const refundSchema = z.object({ ...tradeRefFields, refund_amount: yuan, out_request_no: optional(z.string().min(1).max(64)) });
const precreateSchema = z.object({ out_trade_no: outTradeNo, total_amount: yuan, subject: z.string().min(1) });
const billSchema = z.object({ bill_type: z.literal('trade'), bill_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/**
 * Neither id: ACQ.INVALID_PARAMETER with Alipay's documented description (参数无效, "检查请求参数，
 * 修改后重新发起请求"); the exact sub_msg of this case is not published (modelled).
 */
const NO_TRADE_ID: AlipayFields = { ...BUSINESS_FAILED, sub_code: 'ACQ.INVALID_PARAMETER', sub_msg: '参数无效' };

function tradeRef(b: { trade_no?: string | undefined; out_trade_no?: string | undefined }): TradeRef | undefined {
  if (b.trade_no) return { transactionId: b.trade_no, ...(b.out_trade_no ? { outTradeNo: b.out_trade_no } : {}) };
  if (b.out_trade_no) return { outTradeNo: b.out_trade_no };
  return undefined;
}

const METHOD_API: Record<string, SimApi> = {
  'alipay.trade.pay': 'pay',
  'alipay.trade.query': 'query',
  'alipay.trade.cancel': 'reverse',
  'alipay.trade.refund': 'refund',
  'alipay.trade.precreate': 'precreate',
  'alipay.data.dataservice.bill.downloadurl.query': 'bill',
};

/** The raw bytes of a body, whatever parser fastify picked for its content type. */
function rawBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.alloc(0);
}

/** The raw query string: Node keeps the request line's bytes as latin1 text. */
function rawQuery(url: string): Buffer {
  const q = url.indexOf('?');
  return q < 0 ? Buffer.alloc(0) : Buffer.from(url.slice(q + 1), 'latin1');
}

export function registerAlipayRoutes(app: FastifyInstance, ctx: SimContext): void {
  const m = ctx.alipay;

  const buyer = (t: SimTrade): AlipayFields => ({ buyer_logon_id: t.payerLogon ?? '', buyer_user_id: t.payerId ?? '' });

  const paid = (t: SimTrade): AlipayFields => ({
    trade_no: t.transactionId,
    out_trade_no: t.outTradeNo,
    ...buyer(t),
    total_amount: fenToYuan(t.amountFen),
    receipt_amount: fenToYuan(t.amountFen),
    buyer_pay_amount: fenToYuan(t.amountFen),
    point_amount: '0.00',
    invoice_amount: fenToYuan(t.amountFen),
    gmt_payment: storeDateTime(t.paidAt ?? t.createdAt),
    fund_bill_list: [{ fund_channel: 'ALIPAYACCOUNT', amount: fenToYuan(t.amountFen) }],
  });

  const error = (e: SimError, extra: AlipayFields = {}): AlipayFields => ({ ...ALIPAY_ERRORS[e], ...extra });

  const payAnswer = (a: SimAnswer): AlipayFields => {
    if (!a.ok) return error(a.error, a.trade ? { out_trade_no: a.trade.outTradeNo } : {});
    const t = a.trade;
    if (t.state === 'USERPAYING') {
      return { code: '10003', msg: ' order success pay inprocess', trade_no: t.transactionId, out_trade_no: t.outTradeNo, ...buyer(t), total_amount: fenToYuan(t.amountFen) };
    }
    return { code: '10000', msg: 'Success', ...paid(t) };
  };

  const tradeStatus = (t: SimTrade): string => {
    switch (t.state) {
      case 'SUCCESS':
        return refundedFen(t) >= t.amountFen ? 'TRADE_CLOSED' : 'TRADE_SUCCESS';
      case 'USERPAYING':
        return 'WAIT_BUYER_PAY';
      default:
        return 'TRADE_CLOSED';
    }
  };

  type Handler = (biz: unknown) => { fields: AlipayFields; fault?: SimFault };
  const handlers: Record<string, Handler | undefined> = {
    'alipay.trade.pay': (biz) => {
      const b = paySchema.safeParse(biz);
      if (!b.success) return { fields: invalid(b.error) };
      const d = ctx.engine.pay({
        channel: 'alipay',
        outTradeNo: b.data.out_trade_no,
        authCode: b.data.auth_code,
        amountFen: b.data.total_amount,
        subject: b.data.subject,
        ...(b.data.store_id ? { storeId: b.data.store_id } : {}),
        ...(b.data.terminal_id ? { terminalId: b.data.terminal_id } : {}),
      });
      return { fields: payAnswer(d.answer), fault: d.fault };
    },
    'alipay.trade.query': (biz) => {
      const b = tradeSchema.safeParse(biz);
      if (!b.success) return { fields: invalid(b.error) };
      const ref = tradeRef(b.data);
      if (!ref) return { fields: NO_TRADE_ID };
      const outTradeNo = ctx.engine.resolve('alipay', ref);
      if (outTradeNo === undefined) return { fields: error('NOT_EXIST') };
      const a = ctx.engine.query('alipay', outTradeNo);
      // An unscanned C扫B code is not a trade yet at Alipay.
      if (!a.ok || a.trade.state === 'NOTPAY') return { fields: error('NOT_EXIST') };
      const t = a.trade;
      const fields: AlipayFields = {
        code: '10000',
        msg: 'Success',
        trade_no: t.transactionId,
        out_trade_no: t.outTradeNo,
        ...buyer(t),
        trade_status: tradeStatus(t),
        total_amount: fenToYuan(t.amountFen),
      };
      if (t.paidAt !== undefined) fields.send_pay_date = storeDateTime(t.paidAt);
      return { fields };
    },
    'alipay.trade.cancel': (biz) => {
      const b = tradeSchema.safeParse(biz);
      if (!b.success) return { fields: { ...invalid(b.error), retry_flag: 'N' } };
      const ref = tradeRef(b.data);
      if (!ref) return { fields: { ...NO_TRADE_ID, retry_flag: 'N' } };
      const outTradeNo = ctx.engine.resolve('alipay', ref);
      // A trade_no Alipay never issued is a wrong id, not a pay that never arrived.
      if (outTradeNo === undefined) return { fields: error('NOT_EXIST', { retry_flag: 'N' }) };
      const a = ctx.engine.reverse('alipay', outTradeNo);
      if (!a.ok) {
        // Cancelling by out_trade_no a trade Alipay never saw: nothing to undo, answered as a close.
        if (a.error === 'NOT_EXIST') return { fields: { code: '10000', msg: 'Success', out_trade_no: outTradeNo, retry_flag: 'N', action: 'close' } };
        return { fields: error(a.error, { retry_flag: a.error === 'SYSTEM_ERROR' ? 'Y' : 'N' }) };
      }
      return {
        fields: {
          code: '10000',
          msg: 'Success',
          trade_no: a.trade.transactionId,
          out_trade_no: a.trade.outTradeNo,
          retry_flag: 'N',
          action: a.trade.reverseAction ?? 'close',
        },
      };
    },
    'alipay.trade.refund': (biz) => {
      const b = refundSchema.safeParse(biz);
      if (!b.success) return { fields: invalid(b.error) };
      const ref = tradeRef(b.data);
      if (!ref) return { fields: NO_TRADE_ID };
      const outTradeNo = ctx.engine.resolve('alipay', ref);
      if (outTradeNo === undefined) return { fields: error('NOT_EXIST') };
      const a = ctx.engine.refund('alipay', outTradeNo, {
        // Without out_request_no Alipay treats the request as the trade's one full refund.
        outRefundNo: b.data.out_request_no ?? outTradeNo,
        refundFen: b.data.refund_amount,
      });
      if (!a.ok) return { fields: error(a.error) };
      const t = a.trade;
      return {
        fields: {
          code: '10000',
          msg: 'Success',
          trade_no: t.transactionId,
          out_trade_no: t.outTradeNo,
          ...buyer(t),
          fund_change: a.repeat ? 'N' : 'Y',
          refund_fee: fenToYuan(refundedFen(t)),
          gmt_refund_pay: storeDateTime(a.refund?.at ?? ctx.engine.now()),
        },
      };
    },
    'alipay.trade.precreate': (biz) => {
      const b = precreateSchema.safeParse(biz);
      if (!b.success) return { fields: invalid(b.error) };
      const a = ctx.engine.precreate('alipay', { outTradeNo: b.data.out_trade_no, amountFen: b.data.total_amount, subject: b.data.subject });
      if (!a.ok) return { fields: error(a.error) };
      return { fields: { code: '10000', msg: 'Success', out_trade_no: a.trade.outTradeNo, qr_code: a.trade.qrCode ?? '' } };
    },
    'alipay.data.dataservice.bill.downloadurl.query': (biz) => {
      const b = billSchema.safeParse(biz);
      if (!b.success) return { fields: invalid(b.error) };
      const expires = ctx.engine.now() + BILL_URL_VALID_MS;
      const url = `${ctx.baseUrl()}/alipay/bill/download?bill_date=${b.data.bill_date}&expires=${expires}`;
      return { fields: { code: '10000', msg: 'Success', bill_download_url: url } };
    },
  };

  const send = (request: FastifyRequest, reply: FastifyReply, key: string, charset: AlipayCharset, fields: AlipayFields, fault?: SimFault) =>
    sendWithFault(request, reply, ctx.held, fault, () => {
      const text = alipaySignedBody(key, fields, m.alipayPrivateKey, charset);
      return { contentType: jsonType(charset), body: charset === 'utf-8' ? text : iconv.encode(text, charset) };
    });

  const gateway = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const decoded = alipayRequestParams(rawQuery(request.url), rawBody(request.body));
    const params = decoded.params;
    const charset: AlipayCharset = decoded.ok ? decoded.charset : 'utf-8';
    const method = params.method ?? '';
    const handler = handlers[method];
    const key = handler ? `${method.replaceAll('.', '_')}_response` : 'error_response';
    const api: SimApi | undefined = METHOD_API[method];
    const queued = api ? ctx.engine.takeFault(api) : undefined;
    if (queued?.kind === 'http500' || (queued?.kind === 'noAnswer' && queued.processed === false)) {
      return sendWithFault(request, reply, ctx.held, queued, () => ({ contentType: jsonType(charset), body: '' }));
    }
    const refuse = (sub_code: string, sub_msg: string) => send(request, reply, key, charset, { code: '40002', msg: 'Invalid Arguments', sub_code, sub_msg }, queued);
    if (!decoded.ok) return refuse('isv.invalid-charset', `字符集错误: ${decoded.charset}，目前支持格式：GBK,UTF-8`);
    if (params.app_id !== m.appId) return refuse('isv.invalid-app-id', '无效的AppID参数');
    if (params.sign_type !== 'RSA2') return refuse('isv.invalid-signature-type', '无效签名类型');
    if (!alipayVerifyRequest(params, m.appPublicKey, charset)) {
      return refuse('isv.invalid-signature', '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配');
    }
    if (!handler) return refuse('isv.invalid-method', `不存在的方法名: ${method}`);
    let biz: unknown;
    try {
      biz = JSON.parse(params.biz_content ?? '{}');
    } catch {
      return refuse('isv.invalid-parameter', 'biz_content 不是 JSON');
    }
    const out = handler(biz);
    return send(request, reply, key, charset, out.fields, queued ?? out.fault);
  };
  // The official gateway takes both; many merchants' SDKs send every call as a GET.
  app.get(ALIPAY_GATEWAY_PATH, gateway);
  app.post(ALIPAY_GATEWAY_PATH, gateway);

  const sendZip = (reply: FastifyReply, day: string) => {
    const bill = buildAlipayBill(ctx.engine.trades(), { billDate: day, pid: m.pid, exportedAt: ctx.engine.now() });
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="bill.csv.zip"; filename*=UTF-8''${encodeURIComponent(bill.zipName)}`)
      .send(bill.zip);
  };

  app.get('/alipay/bill/download', async (request, reply) => {
    const q = z.object({ bill_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), expires: z.coerce.number() }).safeParse(request.query);
    if (!q.success) return reply.code(400).type('text/plain; charset=utf-8').send('bill_date=yyyy-MM-dd and expires are required');
    if (ctx.engine.now() > q.data.expires) return reply.code(410).type('text/plain; charset=utf-8').send('下载超时，请重新下载');
    return sendZip(reply, q.data.bill_date);
  });

  /** Convenience for QA: GET /statements/alipay/2024-01-02 (or 20240102). */
  app.get('/statements/alipay/:day', async (request, reply) => {
    const p = z.object({ day: z.string().regex(/^(\d{8}|\d{4}-\d{2}-\d{2})$/) }).safeParse(request.params);
    if (!p.success) return reply.code(400).type('text/plain; charset=utf-8').send('day must be yyyy-MM-dd or yyyyMMdd');
    return sendZip(reply, p.data.day);
  });
}

function invalid(err: z.ZodError): AlipayFields {
  const msg = err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return { ...BUSINESS_FAILED, sub_code: 'ACQ.INVALID_PARAMETER', sub_msg: `参数无效: ${msg}` };
}

