/**
 * The canonical card-terminal model (DESIGN.md "The canonical models").
 *
 * Every vendor profile converts to and from these shapes at its boundary; nothing past the
 * boundary ever sees a yuan string, a vendor result code or a full card number (amounts are
 * drivers/shared/money.ts fen, card numbers are masked by drivers/shared/card-data.ts). The zod
 * schemas are exported so the API contract (preload/contract/) can reuse them verbatim.
 */
import { z } from 'zod';
import { UnsignedFen } from '../shared/money';

// ---------------------------------------------------------------------------------------------
// Requests, results, progress
// ---------------------------------------------------------------------------------------------

export const TransactionKindSchema = z.enum([
  'sale',
  'void',
  'refund',
  'query',
  'signIn',
  'settle',
  'reprint',
  'preAuth',
  'qrSale',
  /**
   * 冲正 (reversal) of whatever `orderNo` did: what the host sends when a result stays unknown
   * after a query. Idempotent on the terminal, so the host can resend until acknowledged.
   */
  'reverse',
]);
export type TransactionKind = z.infer<typeof TransactionKindSchema>;

export const TenderSchema = z.enum(['card', 'qr', 'any']);
export type Tender = z.infer<typeof TenderSchema>;

export const OriginalRefSchema = z.object({
  /** 凭证号 of the original, 6 digits. */
  traceNo: z.string().regex(/^\d{6}$/, 'traceNo is 6 digits').optional(),
  /** 参考号 of the original, 12 characters. */
  refNo: z.string().regex(/^\w{1,12}$/, 'refNo is up to 12 characters').optional(),
  /** Original transaction date, MMDD (what refunds ask for). */
  date: z.string().regex(/^\d{4}$/, 'date is MMDD').optional(),
});
export type OriginalRef = z.infer<typeof OriginalRefSchema>;

export const TransactionRequestSchema = z.object({
  kind: TransactionKindSchema,
  amountFen: UnsignedFen,
  /** The counter's order number: the idempotency key the terminal sees. */
  orderNo: z.string().min(1, 'orderNo is required').max(32, 'orderNo is at most 32 characters'),
  original: OriginalRefSchema.optional(),
  tender: TenderSchema,
});
export type TransactionRequest = z.infer<typeof TransactionRequestSchema>;

export const OutcomeSchema = z.enum(['approved', 'declined', 'cancelled', 'failed', 'unknown']);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const ChannelSchema = z.enum(['wechat', 'alipay', 'unionpay']);
export type Channel = z.infer<typeof ChannelSchema>;

/** 00 debit, 01 credit, 02 quasi-credit, 03 prepaid, 04 other (StarPOS `cardtype`). */
export const CardTypeSchema = z.enum(['00', '01', '02', '03', '04', '']);
export type CardType = z.infer<typeof CardTypeSchema>;

/** The 借记 (debit) / 贷记 (credit) column of a settlement a card is totalled in. */
export type SettlementBucket = 'debit' | 'credit';

/**
 * Where a card type settles, for the terminal's batch and for the till's own totals alike:
 * 01 credit and 02 quasi-credit (准贷记卡) as credit; 00 debit, 03 prepaid, 04 other, and a
 * card whose type was not reported, as debit.
 */
export function settlementBucket(cardType: string): SettlementBucket {
  return cardType === '01' || cardType === '02' ? 'credit' : 'debit';
}

/** UnionPay BINs start with 62: those cards are 内卡 (domestic); anything else is 外卡. Works on masked PANs (the BIN stays). */
const DOMESTIC_BIN_PREFIX = '62';

/** Whether a card number (full or masked first 6 / last 4) is a domestic card (内卡). */
export function isDomesticPan(pan: string): boolean {
  return pan.startsWith(DOMESTIC_BIN_PREFIX);
}

const TotalsSchema = z.object({ count: z.number().int().nonnegative(), amountFen: UnsignedFen });

/** Settlement batch totals: 内卡 (domestic) / 外卡 (foreign) × 借记 (debit) / 贷记 (credit). */
export const SettlementTotalsSchema = z.object({
  domestic: z.object({ debit: TotalsSchema, credit: TotalsSchema }),
  foreign: z.object({ debit: TotalsSchema, credit: TotalsSchema }),
});
export type SettlementTotals = z.infer<typeof SettlementTotalsSchema>;

export const TransactionResultSchema = z.object({
  outcome: OutcomeSchema,
  /** ISO 8583 field-39 style, '00' = approved. */
  responseCode: z.string().max(4),
  message: z.string(),
  traceNo: z.string(),
  batchNo: z.string(),
  refNo: z.string(),
  authCode: z.string(),
  /** Always masked (first 6 / last 4); full PANs never cross the driver boundary. */
  maskedPan: z.string().regex(/^[0-9*]*$/, 'maskedPan holds digits and stars only'),
  cardType: CardTypeSchema,
  terminalId: z.string(),
  merchantId: z.string(),
  /** ISO timestamp of the transaction as the terminal saw it. */
  at: z.string(),
  channel: ChannelSchema.optional(),
  amountFen: UnsignedFen,
  orderNo: z.string(),
  settlement: SettlementTotalsSchema.optional(),
});
export type TransactionResult = z.infer<typeof TransactionResultSchema>;

export const ProgressStageSchema = z.enum([
  'waitingCard',
  'readingCard',
  'waitingPin',
  'processing',
  'printing',
]);
export type ProgressStage = z.infer<typeof ProgressStageSchema>;

export const ProgressEventSchema = z.object({ stage: ProgressStageSchema, message: z.string() });
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/** What the cashier sees for each stage (the terminal's own prompts). */
export const PROGRESS_MESSAGES: Readonly<Record<ProgressStage, string>> = {
  waitingCard: '请插卡/挥卡/刷卡',
  readingCard: '读卡中',
  waitingPin: '请输入密码',
  processing: '处理中',
  printing: '打印中',
};


// ---------------------------------------------------------------------------------------------
// Response codes (ISO 8583 field 39 style) + terminal-local codes
// ---------------------------------------------------------------------------------------------

interface CodeInfo {
  readonly outcome: Outcome;
  readonly message: string;
}

/**
 * Field-39 codes the simulator produces and the driver understands. Two-letter codes starting
 * with "L" are terminal-local (never sent to an issuer): they say why the terminal itself
 * stopped, so a result always carries a code even when nothing went online.
 */
export const RESPONSE_CODES: Readonly<Record<string, CodeInfo>> = {
  '00': { outcome: 'approved', message: '交易成功' },
  '01': { outcome: 'declined', message: '请持卡人与发卡行联系' },
  '05': { outcome: 'declined', message: '发卡行拒绝（不予承兑）' },
  '06': { outcome: 'failed', message: '出错' },
  '12': { outcome: 'declined', message: '无效交易' },
  '13': { outcome: 'declined', message: '无效金额' },
  '14': { outcome: 'declined', message: '无效卡号' },
  '25': { outcome: 'declined', message: '找不到原始交易' },
  '30': { outcome: 'failed', message: '报文格式错误' },
  '40': { outcome: 'declined', message: '该功能尚未开通' },
  '51': { outcome: 'declined', message: '余额不足' },
  '54': { outcome: 'declined', message: '卡已过期' },
  '55': { outcome: 'declined', message: '密码错误' },
  '61': { outcome: 'declined', message: '超出金额限制' },
  '64': { outcome: 'declined', message: '原始金额错误' },
  '75': { outcome: 'declined', message: '密码错误次数超限' },
  // 91/96/98 end *this* transaction (the terminal reverses on its own); the host sees a decline.
  '91': { outcome: 'declined', message: '发卡行不能操作' },
  '94': { outcome: 'declined', message: '重复交易' },
  '96': { outcome: 'declined', message: '系统故障' },
  '98': { outcome: 'declined', message: '交换中心收不到发卡行应答' },
  L1: { outcome: 'failed', message: '请先签到' },
  L2: { outcome: 'cancelled', message: '交易已取消' },
  L3: { outcome: 'failed', message: '读卡失败' },
  L4: { outcome: 'cancelled', message: '操作超时' },
  L5: { outcome: 'failed', message: '原交易已撤销' },
  L6: { outcome: 'unknown', message: '交易结果未知，请查询' },
  L7: { outcome: 'cancelled', message: '交易已冲正' },
  /** The host could not open its link to the terminal: the request was never sent. */
  L8: { outcome: 'failed', message: '无法连接终端，交易未发出' },
};

/** Outcome + zh-CN message for a code; unknown codes are declines with the code in the text. */
export function describeResponseCode(code: string): CodeInfo {
  return RESPONSE_CODES[code] ?? { outcome: 'declined', message: `交易失败（${code}）` };
}

/** An empty result skeleton for a request, to which a profile or the terminal adds fields. */
export function emptyResult(
  request: Pick<TransactionRequest, 'amountFen' | 'orderNo'>,
  code: string,
  at: string,
  message?: string,
): TransactionResult {
  const info = describeResponseCode(code);
  return {
    outcome: info.outcome,
    responseCode: code,
    message: message ?? info.message,
    traceNo: '',
    batchNo: '',
    refNo: '',
    authCode: '',
    maskedPan: '',
    cardType: '',
    terminalId: '',
    merchantId: '',
    at,
    amountFen: request.amountFen,
    orderNo: request.orderNo,
  };
}

/** Turns zod issues into one line naming each bad field, for error messages QA can act on. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
