import { describe, expect, it } from 'vitest';
import { checkDailyLimit, levelFor, PBOC_DAILY_LIMIT_FEN, payerKeyOf } from './pboc-limits';

describe('PBOC 296 limits', () => {
  it('has the published caps in fen', () => {
    expect(PBOC_DAILY_LIMIT_FEN).toEqual({ A: null, B: 500_000, C: 100_000, D: 50_000 });
  });

  it('allows up to the cap inclusive and refuses a fen more', () => {
    expect(checkDailyLimit('C', 60_000, 40_000)).toMatchObject({ ok: true, limitFen: 100_000, usedFen: 60_000 });
    expect(checkDailyLimit('C', 60_000, 40_001).ok).toBe(false);
    expect(checkDailyLimit('D', 0, 50_001).ok).toBe(false);
    expect(checkDailyLimit('A', 10 ** 12, 10 ** 12).ok).toBe(true);
  });

  it('picks the longest matching code prefix, else the default level', () => {
    const rules = [
      { prefix: '13', level: 'C' as const },
      { prefix: '1388', level: 'D' as const },
    ];
    expect(levelFor('138812345678901234', rules, 'B')).toBe('D');
    expect(levelFor('134412345678901234', rules, 'B')).toBe('C');
    expect(levelFor('104412345678901234', rules, 'B')).toBe('B');
  });

  it('one customer = the channel and the first 12 characters of the code', () => {
    expect(payerKeyOf('wechat', '134567890123000001')).toBe(payerKeyOf('wechat', '134567890123999999'));
    expect(payerKeyOf('wechat', '134567890123000001')).not.toBe(payerKeyOf('alipay', '134567890123000001'));
  });
});
