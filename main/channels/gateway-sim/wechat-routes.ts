/**
 * WeChat Pay v2 XML endpoints of the simulator: pay/micropay, pay/orderquery,
 * secapi/pay/reverse, secapi/pay/refund, pay/unifiedorder (NATIVE), pay/downloadbill.
 * Requests are signature-checked like the real gateway (return_code=FAIL, 签名错误);
 * answers are signed with the request's sign_type.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { storeStamp } from '../../../drivers/shared/store-time';
import {
  parseWechatXml,
  toWechatXml,
  type WechatParams,
  type WechatSignType,
  wechatSign,
  wechatVerify,
} from '../wechat-codec';
import type { SimAnswer, SimError, TradeRef } from './engine';
import { sendWithFault, type WireAnswer } from './fault-reply';
import type { SimApi, SimFault } from './outcomes';
import type { SimContext } from './sim-context';
import { refundedFen, type SimTrade } from './sim-trade';
import { buildWechatBill } from './statements/wechat-bill';

const XML = 'text/xml; charset=utf-8';

/** Engine errors -> WeChat err_code and the text WeChat shows (err_code_des). */
const WECHAT_ERRORS: Record<SimError, [string, string]> = {
  SYSTEM_ERROR: ['SYSTEMERROR', '系统超时，请立即调用被扫订单结果查询API，查询当前订单状态'],
  AUTH_CODE_EXPIRED: ['AUTHCODEEXPIRE', '二维码已过期，请用户在微信上刷新后再试'],
  AUTH_CODE_INVALID: ['AUTH_CODE_INVALID', '授权码检验错误'],
  NOT_ENOUGH: ['NOTENOUGH', '余额不足'],
  ORDER_PAID: ['ORDERPAID', '订单已支付'],
  OUT_TRADE_NO_USED: ['OUT_TRADE_NO_USED', '商户订单号重复'],
  ORDER_CLOSED: ['ORDERCLOSED', '订单已关闭'],
  ORDER_REVERSED: ['ORDERREVERSED', '订单已撤销'],
  DAILY_LIMIT: ['TRADE_ERROR', '超出单日累计支付限额'],
  NOT_EXIST: ['ORDERNOTEXIST', '此交易订单号不存在'],
  // Modelled: WeChat asks not to reverse within 15 s of the charge; the simulator enforces it.
  REVERSE_TOO_SOON: ['FREQUENCY_LIMITED', '请求太频繁，支付后15秒内请勿撤销，请稍后再试'],
  TRADE_STATE: ['TRADE_STATE_ERROR', '订单状态错误'],
  REFUND_EXCEEDS: ['INVALID_REQUEST', '退款金额大于支付金额'],
  AMOUNT_MISMATCH: ['PARAM_ERROR', '订单金额或退款金额与之前请求不一致，请核实后再试'],
  REFUND_NO_REUSED: ['INVALID_REQUEST', '商户退款单号已用于另一笔金额不同的退款'],
};

const outTradeNo = z.string().regex(/^[0-9A-Za-z_\-|*@]{1,32}$/, 'out_trade_no: 1-32 of [0-9A-Za-z_-|*@]');
const fen = z.string().regex(/^[1-9]\d{0,11}$/, 'a positive integer number of fen');

/** An optional field a client may send empty (<transaction_id></transaction_id>): empty is absent, as in the signature. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const transactionId = z.string().max(32, 'transaction_id: at most 32 characters');

const micropaySchema = z.object({ out_trade_no: outTradeNo, total_fee: fen, auth_code: z.string().min(1), body: z.string().min(1) });
/** orderquery / reverse / refund name the order by transaction_id or out_trade_no (二选一, transaction_id first). */
const tradeRefFields = { transaction_id: optional(transactionId), out_trade_no: optional(outTradeNo) };
const querySchema = z.object(tradeRefFields);
const refundSchema = z.object({ ...tradeRefFields, out_refund_no: z.string().min(1).max(64), total_fee: fen, refund_fee: fen });

/**
 * Neither id given. WeChat documents PARAM_ERROR (参数错误, "请求参数未按指引进行填写") for
 * reverse and refund; the exact answer to this case is not published, so it is that code
 * with WeChat's own description, for orderquery too (modelled).
 */
const NO_TRADE_ID: WechatParams = { result_code: 'FAIL', err_code: 'PARAM_ERROR', err_code_des: '参数错误' };
/** reverse / refund with a transaction_id WeChat never issued (documented in both APIs' error tables). */
const UNKNOWN_TRANSACTION_ID: WechatParams = { result_code: 'FAIL', err_code: 'INVALID_TRANSACTIONID', err_code_des: '无效transaction_id' };
const unifiedSchema = z.object({
  out_trade_no: outTradeNo,
  total_fee: fen,
  body: z.string().min(1),
  trade_type: z.literal('NATIVE'),
  notify_url: z.string().min(1),
});
const billSchema = z.object({ bill_date: z.string().regex(/^\d{8}$/), bill_type: z.enum(['ALL', 'SUCCESS', 'REFUND']).optional() });

type Authenticated = { ok: true; params: WechatParams; signType: WechatSignType } | { ok: false; xml: string };

function returnFail(msg: string): string {
  return toWechatXml({ return_code: 'FAIL', return_msg: msg });
}

export function registerWechatRoutes(app: FastifyInstance, ctx: SimContext): void {
  const m = ctx.wechat;

  const authenticate = (body: unknown): Authenticated => {
    const parsed = parseWechatXml(bodyText(body));
    if (!parsed.ok) return { ok: false, xml: returnFail(`XML格式错误: ${parsed.error}`) };
    const p = parsed.params;
    const signType = p.sign_type ?? 'MD5';
    if (signType !== 'MD5' && signType !== 'HMAC-SHA256') return { ok: false, xml: returnFail('sign_type参数错误') };
    // mch_id first: v2 keys the merchant (and its API key) by it. Both texts are the live
    // gateway's return_msg, matched verbatim by merchants' own error handling in public code.
    if (p.mch_id !== m.mchId) return { ok: false, xml: returnFail('商户号mch_id或sub_mch_id不存在') };
    if (p.appid !== m.appId) return { ok: false, xml: returnFail('appid不存在') };
    if (!p.nonce_str) return { ok: false, xml: returnFail('缺少参数nonce_str') };
    if (!wechatVerify(p, m.apiKey, signType)) return { ok: false, xml: returnFail('签名错误') };
    return { ok: true, params: p, signType };
  };

  const signed = (signType: WechatSignType, fields: WechatParams): string => {
    const params: WechatParams = {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid: m.appId,
      mch_id: m.mchId,
      nonce_str: ctx.random.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
      ...fields,
    };
    params.sign = wechatSign(params, m.apiKey, signType);
    return toWechatXml(params);
  };

  const fail = (error: SimError, extra: WechatParams = {}): WechatParams => {
    const [code, des] = WECHAT_ERRORS[error];
    return { result_code: 'FAIL', err_code: code, err_code_des: des, ...extra };
  };

  const paidFields = (t: SimTrade): WechatParams => {
    const f: WechatParams = {
      openid: t.payerId ?? '',
      is_subscribe: 'N',
      trade_type: t.kind === 'precreate' ? 'NATIVE' : 'MICROPAY',
      bank_type: 'OTHERS',
      fee_type: 'CNY',
      total_fee: String(t.amountFen),
      cash_fee_type: 'CNY',
      cash_fee: String(t.amountFen),
      transaction_id: t.transactionId,
      out_trade_no: t.outTradeNo,
      time_end: storeStamp(t.paidAt ?? t.createdAt),
    };
    if (t.terminalId) f.device_info = t.terminalId;
    return f;
  };

  /** Shared plumbing: fault gate, authentication, body validation, XML answer. */
  const endpoint =
    <S extends z.ZodType<Record<string, unknown>>>(
      api: SimApi,
      schema: S,
      handle: (input: z.infer<S>, p: WechatParams) => { fields: WechatParams; fault?: SimFault } | { raw: WireAnswer },
    ) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const queued = ctx.engine.takeFault(api);
      if (queued?.kind === 'http500' || (queued?.kind === 'noAnswer' && queued.processed === false)) {
        return sendWithFault(request, reply, ctx.held, queued, () => ({ contentType: XML, body: '' }));
      }
      const auth = authenticate(request.body);
      if (!auth.ok) return sendWithFault(request, reply, ctx.held, queued, () => ({ contentType: XML, body: auth.xml }));
      const input = schema.safeParse(auth.params);
      if (!input.success) {
        const msg = input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        const xml = signed(auth.signType, { result_code: 'FAIL', err_code: 'PARAM_ERROR', err_code_des: `参数错误: ${msg}` });
        return sendWithFault(request, reply, ctx.held, queued, () => ({ contentType: XML, body: xml }));
      }
      const out = handle(input.data, auth.params);
      if ('raw' in out) return sendWithFault(request, reply, ctx.held, queued, () => out.raw);
      const fault = queued ?? out.fault;
      return sendWithFault(request, reply, ctx.held, fault, () => ({ contentType: XML, body: signed(auth.signType, out.fields) }));
    };

  app.post(
    '/pay/micropay',
    endpoint('pay', micropaySchema, (b, p) => {
      const decision = ctx.engine.pay({
        channel: 'wechat',
        outTradeNo: b.out_trade_no,
        authCode: b.auth_code,
        amountFen: Number(b.total_fee),
        subject: b.body,
        ...(p.device_info ? { terminalId: p.device_info } : {}),
        ...(storeIdOf(p.scene_info) ? { storeId: storeIdOf(p.scene_info) } : {}),
      });
      return { fields: micropayFields(decision.answer), fault: decision.fault };
    }),
  );

  const micropayFields = (a: SimAnswer): WechatParams => {
    if (!a.ok) return fail(a.error, a.trade && a.error === 'ORDER_PAID' ? { out_trade_no: a.trade.outTradeNo } : {});
    if (a.trade.state === 'USERPAYING') return { result_code: 'FAIL', err_code: 'USERPAYING', err_code_des: '需要用户输入支付密码' };
    return { result_code: 'SUCCESS', ...paidFields(a.trade) };
  };

  app.post(
    '/pay/orderquery',
    endpoint('query', querySchema, (b) => {
      const ref = tradeRef(b);
      if (!ref) return { fields: NO_TRADE_ID };
      const outTradeNo = ctx.engine.resolve('wechat', ref);
      if (outTradeNo === undefined) return { fields: fail('NOT_EXIST') };
      const a = ctx.engine.query('wechat', outTradeNo);
      if (!a.ok) return { fields: fail(a.error) };
      const t = a.trade;
      const state = tradeState(t);
      const fields: WechatParams = { result_code: 'SUCCESS', out_trade_no: t.outTradeNo, trade_state: state, trade_state_desc: TRADE_STATE_DESC[state] ?? state };
      if (t.paidAt !== undefined) Object.assign(fields, paidFields(t));
      return { fields };
    }),
  );

  app.post(
    '/secapi/pay/reverse',
    endpoint('reverse', querySchema, (b) => {
      const ref = tradeRef(b);
      if (!ref) return { fields: { ...NO_TRADE_ID, recall: 'N' } };
      const outTradeNo = ctx.engine.resolve('wechat', ref);
      if (outTradeNo === undefined) return { fields: ref.transactionId ? { ...UNKNOWN_TRANSACTION_ID, recall: 'N' } : fail('NOT_EXIST', { recall: 'N' }) };
      const a = ctx.engine.reverse('wechat', outTradeNo);
      if (!a.ok) return { fields: fail(a.error, { recall: a.error === 'REVERSE_TOO_SOON' ? 'Y' : 'N' }) };
      return { fields: { result_code: 'SUCCESS', recall: 'N', out_trade_no: a.trade.outTradeNo, transaction_id: a.trade.transactionId } };
    }),
  );

  app.post(
    '/secapi/pay/refund',
    endpoint('refund', refundSchema, (b) => {
      const ref = tradeRef(b);
      if (!ref) return { fields: NO_TRADE_ID };
      const outTradeNo = ctx.engine.resolve('wechat', ref);
      if (outTradeNo === undefined) return { fields: ref.transactionId ? UNKNOWN_TRANSACTION_ID : fail('NOT_EXIST') };
      const a = ctx.engine.refund('wechat', outTradeNo, {
        outRefundNo: b.out_refund_no,
        refundFen: Number(b.refund_fee),
        totalFen: Number(b.total_fee),
      });
      if (!a.ok) return { fields: fail(a.error) };
      const r = a.refund;
      return {
        fields: {
          result_code: 'SUCCESS',
          transaction_id: a.trade.transactionId,
          out_trade_no: a.trade.outTradeNo,
          out_refund_no: b.out_refund_no,
          refund_id: r?.refundId ?? '',
          refund_fee: String(r?.refundFen ?? 0),
          total_fee: String(a.trade.amountFen),
          cash_fee: String(a.trade.amountFen),
          cash_refund_fee: String(r?.refundFen ?? 0),
        },
      };
    }),
  );

  app.post(
    '/pay/unifiedorder',
    endpoint('precreate', unifiedSchema, (b) => {
      const a = ctx.engine.precreate('wechat', { outTradeNo: b.out_trade_no, amountFen: Number(b.total_fee), subject: b.body });
      if (!a.ok) return { fields: fail(a.error) };
      return {
        fields: {
          result_code: 'SUCCESS',
          trade_type: 'NATIVE',
          prepay_id: `wx${a.trade.transactionId}`,
          code_url: a.trade.qrCode ?? '',
        },
      };
    }),
  );

  app.post(
    '/pay/downloadbill',
    endpoint('bill', billSchema, (b) => {
      const text = buildWechatBill(ctx.engine.trades(), {
        billDate: b.bill_date,
        billType: b.bill_type ?? 'ALL',
        appId: m.appId,
        mchId: m.mchId,
      });
      // The real API answers a bill as plain text, and "no bill" as unsigned XML.
      if (text === undefined) return { raw: { contentType: XML, body: toWechatXml({ return_code: 'FAIL', return_msg: 'No Bill Exist', error_code: '20002' }) } };
      return { raw: { contentType: 'text/plain; charset=utf-8', body: text } };
    }),
  );

  /** Convenience for QA: the same bill without signing, e.g. GET /statements/wechat/20240102?type=ALL */
  app.get('/statements/wechat/:day', async (request, reply) => {
    const params = z.object({ day: z.string().regex(/^\d{8}$/) }).safeParse(request.params);
    const query = z.object({ type: z.enum(['ALL', 'SUCCESS', 'REFUND']).optional() }).safeParse(request.query);
    if (!params.success || !query.success) return reply.code(400).type('text/plain; charset=utf-8').send('day must be yyyyMMdd; type ALL|SUCCESS|REFUND');
    const text = buildWechatBill(ctx.engine.trades(), { billDate: params.data.day, billType: query.data.type ?? 'ALL', appId: m.appId, mchId: m.mchId });
    if (text === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('No Bill Exist');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="wechat_${params.data.day}.csv"`).send(text);
  });
}

const TRADE_STATE_DESC: Record<string, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  REVOKED: '已撤销（付款码支付）',
  USERPAYING: '用户支付中（付款码支付）',
  PAYERROR: '支付失败',
};

/** The ids a request names the order by; undefined when it names none. */
function tradeRef(b: { transaction_id?: string | undefined; out_trade_no?: string | undefined }): TradeRef | undefined {
  if (b.transaction_id) return { transactionId: b.transaction_id, ...(b.out_trade_no ? { outTradeNo: b.out_trade_no } : {}) };
  if (b.out_trade_no) return { outTradeNo: b.out_trade_no };
  return undefined;
}

/**
 * The XML as text whatever the content type: PHP's curl (WeChat's own PHP SDK among them)
 * posts the XML string as application/x-www-form-urlencoded, which arrives as a Buffer.
 */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return '';
}

function tradeState(t: SimTrade): string {
  if (t.state === 'SUCCESS' && refundedFen(t) > 0) return 'REFUND';
  return t.state;
}

function storeIdOf(sceneInfo: string | undefined): string | undefined {
  if (!sceneInfo) return undefined;
  try {
    const v: unknown = JSON.parse(sceneInfo);
    const parsed = z.object({ store_info: z.object({ id: z.string() }) }).safeParse(v);
    return parsed.success ? parsed.data.store_info.id : undefined;
  } catch {
    return undefined;
  }
}
