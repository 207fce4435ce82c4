/**
 * The canonical card-terminal model (DESIGN.md "The canonical models").
 *
 * Every vendor profile converts to and from these shapes at its boundary; nothing past the
 * boundary ever sees a yuan string, a vendor result code or a full card number. The zod
 * schemas are exported so the API contract (preload/contract/) can reuse them verbatim.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Money: integer fen
// ---------------------------------------------------------------------------------------------

/** An amount in fen: a non-negative safe integer. */
export const FenSchema = z
  .number()
  .int('amount must be whole fen')
  .nonnegative('amount must not be negative')
  .refine(Number.isSafeInteger, 'amount is not a safe integer');

/** Throws a RangeError naming the field unless `value` is a non-negative safe integer. */
export function assertFen(value: unknown, field = 'amountFen'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative safe integer of fen, got ${String(value)}`);
  }
  return value;
}

const YUAN_STRING = /^(\d+)(?:\.(\d{1,2}))?$/;

/** "12.34" -> 1234, "12" -> 1200, "0.5" -> 50. Rejects signs, exponents and >2 decimals. */
export function yuanStringToFen(yuan: string): number {
  const m = YUAN_STRING.exec(yuan.trim());
  if (!m) throw new RangeError(`not a yuan amount with at most 2 decimals: "${yuan}"`);
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(2, '0');
  // Digits are joined as text so no floating-point step can lose a fen.
  return assertFen(Number(`${whole}${frac}`), `yuan "${yuan}"`);
}

/** 1234 -> "12.34" (always two decimals, the form StarPOS/Lakala show in their examples). */
export function fenToYuanString(fen: number): string {
  assertFen(fen);
  const s = String(fen).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/**
 * A yuan double (Landi's `amount`) -> fen. 0.1 + 0.2 style noise is removed by rounding to
 * the nearest fen; anything further than 1e-6 fen from a whole fen is a real third decimal
 * and is rejected rather than silently rounded.
 */
export function yuanDoubleToFen(yuan: number): number {
  if (!Number.isFinite(yuan) || yuan < 0) throw new RangeError(`not a yuan amount: ${yuan}`);
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > YUAN_DOUBLE_TOLERANCE_FEN * Math.max(1, fen)) {
    throw new RangeError(`yuan amount has more than 2 decimals: ${yuan}`);
  }
  return assertFen(fen, `yuan ${yuan}`);
}
/** Relative tolerance for yuan doubles: far above float error, far below a real 0.001 yuan. */
const YUAN_DOUBLE_TOLERANCE_FEN = 1e-6;

/** 1234 -> 12.34 (the nearest double; exact enough to round-trip through yuanDoubleToFen). */
export function fenToYuanDouble(fen: number): number {
  assertFen(fen);
  return Number(fenToYuanString(fen));
}

/** 12-digit zero-padded minor units (MIS-POS DF03 `%012s`, Verifone): "000000001234" <-> 1234. */
export function cents12ToFen(text: string): number {
  if (!/^\d{1,12}$/.test(text)) throw new RangeError(`not a 12-digit amount: "${text}"`);
  return assertFen(Number(text), `amount "${text}"`);
}
export function fenToCents12(fen: number): string {
  assertFen(fen);
  const s = String(fen);
  if (s.length > 12) throw new RangeError(`amount ${fen} does not fit 12 digits`);
  return s.padStart(12, '0');
}

// ---------------------------------------------------------------------------------------------
// Card data: masking at the driver boundary
// ---------------------------------------------------------------------------------------------

/** Shown digits: BIN (first 6) and last 4, as slips print them (bills-displays.md §5). */
const PAN_HEAD = 6;
const PAN_TAIL = 4;

/**
 * Masks a card number to first 6 / last 4. Already-masked input ("621700*********6354") keeps
 * its stars; anything that is not digits/stars/spaces becomes all stars so nothing leaks.
 */
export function maskPan(pan: string): string {
  const compact = pan.replace(/[\s-]/g, '');
  if (compact === '') return '';
  if (!/^[0-9*]+$/.test(compact)) return '*'.repeat(compact.length);
  if (compact.length <= PAN_HEAD + PAN_TAIL) return '*'.repeat(compact.length);
  return (
    compact.slice(0, PAN_HEAD) +
    '*'.repeat(compact.length - PAN_HEAD - PAN_TAIL) +
    compact.slice(-PAN_TAIL)
  );
}

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
  amountFen: FenSchema,
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

const TotalsSchema = z.object({ count: z.number().int().nonnegative(), amountFen: FenSchema });

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
  amountFen: FenSchema,
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

export function progress(stage: ProgressStage): ProgressEvent {
  return { stage, message: PROGRESS_MESSAGES[stage] };
}

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
