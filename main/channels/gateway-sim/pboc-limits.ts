/**
 * PBOC 条码支付业务规范 (银发〔2017〕296号) daily limits per customer, as the simulator
 * enforces them (vendor-protocols.md §4, bills-displays.md §2):
 *   A  dynamic code, >=2 factors incl. certificate/e-signature: by agreement (unlimited here)
 *   B  dynamic code, >=2 factors without certificate:           ¥5,000 per day
 *   C  dynamic code, <2 factors:                                  ¥1,000 per day
 *   D  static code, whatever the verification:                    ¥500 per day
 * Days cut at 00:00 Beijing time.
 *
 * Who the payer is: real payment codes are opaque. The simulator's convention is that one
 * simulated customer's codes share their first PAYER_PREFIX_LENGTH characters and the
 * rest varies per code, so a test can present several fresh codes of one customer.
 */
export type PbocLevel = 'A' | 'B' | 'C' | 'D';

export const PBOC_DAILY_LIMIT_FEN: Record<PbocLevel, number | null> = {
  A: null,
  B: 500_000,
  C: 100_000,
  D: 50_000,
};

export const PAYER_PREFIX_LENGTH = 12;

export function payerKeyOf(channel: string, authCode: string): string {
  return `${channel}:${authCode.slice(0, PAYER_PREFIX_LENGTH)}`;
}

export interface PayerLevelRule {
  /** Matches the start of the auth code; the longest matching prefix wins. */
  prefix: string;
  level: PbocLevel;
}

export function levelFor(authCode: string, rules: readonly PayerLevelRule[], fallback: PbocLevel): PbocLevel {
  let best: PayerLevelRule | undefined;
  for (const r of rules) {
    if (authCode.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  }
  return best?.level ?? fallback;
}

export interface LimitCheck {
  ok: boolean;
  level: PbocLevel;
  limitFen: number | null;
  usedFen: number;
}

export function checkDailyLimit(level: PbocLevel, usedFen: number, amountFen: number): LimitCheck {
  const limitFen = PBOC_DAILY_LIMIT_FEN[level];
  return { ok: limitFen === null || usedFen + amountFen <= limitFen, level, limitFen, usedFen };
}
