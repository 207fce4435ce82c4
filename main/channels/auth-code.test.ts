import { describe, expect, it } from 'vitest';
import { channelForAuthCode } from './auth-code';

describe('payment-code routing', () => {
  it('routes by the published prefixes and refuses the rest', () => {
    expect(channelForAuthCode('134567890123456789')).toBe('wechat');
    expect(channelForAuthCode('28763443825664394')).toBe('alipay');
    expect(channelForAuthCode('6212345678901234567')).toBe('unionpay');
    expect(channelForAuthCode('164567890123456789')).toBeUndefined();
    expect(channelForAuthCode('1345678901234567')).toBeUndefined();
  });
});
