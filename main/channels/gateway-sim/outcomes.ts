/**
 * What a pay request does in the simulator. Chosen, in order, by: the control API's
 * queued outcome, then the amount's last two digits (table below, when amount rules are
 * on), else SUCCESS. Like Stripe's and most terminal simulators' magic amounts.
 *
 * | fen % 100 | outcome              | WeChat answer / Alipay answer, then query            |
 * |-----------|----------------------|------------------------------------------------------|
 * | 01        | USERPAYING           | USERPAYING / 10003, SUCCESS after userPayingMs       |
 * | 02        | USERPAYING_FOREVER   | USERPAYING / 10003, never paid; auto-closes          |
 * | 03        | USERPAYING_FAIL      | USERPAYING / 10003, then PAYERROR / TRADE_CLOSED     |
 * | 04        | PAY_AT_LAST_MOMENT   | USERPAYING / 10003; pays as the reverse/cancel lands |
 * | 05        | SYSTEMERROR_PAID     | SYSTEMERROR / 20000, but the charge went through     |
 * | 06        | SYSTEMERROR_UNPAID   | SYSTEMERROR / 20000, nothing recorded (not exist)    |
 * | 07        | AUTHCODE_EXPIRED     | AUTHCODEEXPIRE / ACQ.PAYMENT_AUTH_CODE_INVALID       |
 * | 08        | NOT_ENOUGH           | NOTENOUGH / ACQ.BUYER_BALANCE_NOT_ENOUGH             |
 * | 09        | AUTH_CODE_INVALID    | AUTH_CODE_INVALID / ACQ.PAYMENT_AUTH_CODE_INVALID    |
 * | 10        | SUCCESS + noAnswer   | charged, the HTTP answer never comes (client times out) |
 * | 11        | http500              | HTTP 500 before anything is processed                |
 * | 12        | SUCCESS + slow       | charged, answered after slowMs                       |
 * | other     | SUCCESS              | SUCCESS / 10000                                      |
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

const AMOUNT_RULES: Record<number, AmountRule> = {
  1: { outcome: 'USERPAYING' },
  2: { outcome: 'USERPAYING_FOREVER' },
  3: { outcome: 'USERPAYING_FAIL' },
  4: { outcome: 'PAY_AT_LAST_MOMENT' },
  5: { outcome: 'SYSTEMERROR_PAID' },
  6: { outcome: 'SYSTEMERROR_UNPAID' },
  7: { outcome: 'AUTHCODE_EXPIRED' },
  8: { outcome: 'NOT_ENOUGH' },
  9: { outcome: 'AUTH_CODE_INVALID' },
  10: { outcome: 'SUCCESS', fault: 'noAnswer' },
  11: { outcome: 'SUCCESS', fault: 'http500' },
  12: { outcome: 'SUCCESS', fault: 'slow' },
};

export function outcomeForAmount(amountFen: number): AmountRule {
  return AMOUNT_RULES[Math.abs(amountFen) % 100] ?? { outcome: 'SUCCESS' };
}
