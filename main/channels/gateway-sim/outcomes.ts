/**
 * What a pay request does in the simulator. Chosen, in order, by: the control API's
 * queued outcome, then the amount's last two digits (MAGIC_ENDINGS below, when amount rules
 * are on), else SUCCESS (SUCCESS / 10000). Like Stripe's and most terminal simulators' magic
 * amounts. Tests and QA scripts name them (magicAmount('USERPAYING') = 101 fen, 1.01 yuan)
 * rather than writing 101 or 1005, so the table here is the only place the numbers live.
 */
export type SimOutcome =
  | 'SUCCESS'
  | 'USERPAYING'
  | 'USERPAYING_FOREVER'
  | 'USERPAYING_FAIL'
  | 'PAY_AT_LAST_MOMENT'
  | 'SYSTEMERROR_PAID'
  | 'SYSTEMERROR_UNPAID'
  | 'AUTHCODE_EXPIRED'
  | 'NOT_ENOUGH'
  | 'AUTH_CODE_INVALID';

export const SIM_OUTCOMES: readonly SimOutcome[] = [
  'SUCCESS',
  'USERPAYING',
  'USERPAYING_FOREVER',
  'USERPAYING_FAIL',
  'PAY_AT_LAST_MOMENT',
  'SYSTEMERROR_PAID',
  'SYSTEMERROR_UNPAID',
  'AUTHCODE_EXPIRED',
  'NOT_ENOUGH',
  'AUTH_CODE_INVALID',
];

export type SimApi = 'pay' | 'query' | 'reverse' | 'refund' | 'precreate' | 'bill';

export type SimFaultKind = 'noAnswer' | 'http500' | 'slow';

export interface SimFault {
  kind: SimFaultKind;
  /** Which API it hits; 'any' = the next request of any kind. */
  api: SimApi | 'any';
  /** slow: how long to hold the answer (real ms). */
  delayMs?: number;
  /** noAnswer: whether the request is processed before the answer is lost (default true: the worst case). */
  processed?: boolean;
}

interface AmountRule {
  outcome: SimOutcome;
  fault?: SimFaultKind;
}

/**
 * The magic endings: an amount whose fen % 100 is `fen` gets that outcome (and fault). Each line
 * says the WeChat answer / the Alipay answer, then what a query finds.
 */
export const MAGIC_ENDINGS = {
  /** USERPAYING / 10003, SUCCESS after userPayingMs. */
  USERPAYING: { fen: 1, outcome: 'USERPAYING' },
  /** USERPAYING / 10003, never paid; auto-closes. */
  USERPAYING_FOREVER: { fen: 2, outcome: 'USERPAYING_FOREVER' },
  /** USERPAYING / 10003, then PAYERROR / TRADE_CLOSED. */
  USERPAYING_FAIL: { fen: 3, outcome: 'USERPAYING_FAIL' },
  /** USERPAYING / 10003; pays as the reverse/cancel lands. */
  PAY_AT_LAST_MOMENT: { fen: 4, outcome: 'PAY_AT_LAST_MOMENT' },
  /** SYSTEMERROR / 20000, but the charge went through. */
  SYSTEMERROR_PAID: { fen: 5, outcome: 'SYSTEMERROR_PAID' },
  /** SYSTEMERROR / 20000, nothing recorded (the trade does not exist). */
  SYSTEMERROR_UNPAID: { fen: 6, outcome: 'SYSTEMERROR_UNPAID' },
  /** AUTHCODEEXPIRE / ACQ.PAYMENT_AUTH_CODE_INVALID. */
  AUTHCODE_EXPIRED: { fen: 7, outcome: 'AUTHCODE_EXPIRED' },
  /** NOTENOUGH / ACQ.BUYER_BALANCE_NOT_ENOUGH. */
  NOT_ENOUGH: { fen: 8, outcome: 'NOT_ENOUGH' },
  /** AUTH_CODE_INVALID / ACQ.PAYMENT_AUTH_CODE_INVALID. */
  AUTH_CODE_INVALID: { fen: 9, outcome: 'AUTH_CODE_INVALID' },
  /** Charged, the HTTP answer never comes (the client times out). */
  NO_ANSWER: { fen: 10, outcome: 'SUCCESS', fault: 'noAnswer' },
  /** HTTP 500 before anything is processed. */
  HTTP_500: { fen: 11, outcome: 'SUCCESS', fault: 'http500' },
  /** Charged, answered after slowMs. */
  SLOW: { fen: 12, outcome: 'SUCCESS', fault: 'slow' },
} as const satisfies Record<string, AmountRule & { fen: number }>;

export type MagicEnding = keyof typeof MAGIC_ENDINGS;

/** The last two digits of an amount in fen are what the table matches. */
const ENDING_MODULUS = 100;

const RULE_BY_ENDING: ReadonlyMap<number, AmountRule> = new Map(Object.values(MAGIC_ENDINGS).map((r) => [r.fen, r]));

/**
 * An amount that gets `ending`'s outcome: `yuan` whole yuan plus the magic fen.
 * magicAmount('USERPAYING') = 101 (1.01 yuan); magicAmount('NOT_ENOUGH', 10) = 1008.
 */
export function magicAmount(ending: MagicEnding, yuan = 1): number {
  return yuan * ENDING_MODULUS + MAGIC_ENDINGS[ending].fen;
}

export function outcomeForAmount(amountFen: number): AmountRule {
  return RULE_BY_ENDING.get(Math.abs(amountFen) % ENDING_MODULUS) ?? { outcome: 'SUCCESS' };
}
