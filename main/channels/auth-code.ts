/**
 * Which wallet a scanned payment code belongs to, by the published prefix rules
 * (vendor-protocols.md §3.1). Codes that match no rule are refused before any call.
 */
import type { QrChannel } from './types';

/** WeChat 付款码: 18 digits starting 10-15. */
export const WECHAT_AUTH_CODE = /^1[0-5]\d{16}$/;
/** Alipay 付款码: 16-24 digits starting 25-30 (length varies per code). */
export const ALIPAY_AUTH_CODE = /^(2[5-9]|30)\d{14,22}$/;
/** UnionPay / 云闪付: 62 + 17 digits. */
export const UNIONPAY_AUTH_CODE = /^62\d{17}$/;

export function channelForAuthCode(code: string): QrChannel | undefined {
  if (WECHAT_AUTH_CODE.test(code)) return 'wechat';
  if (ALIPAY_AUTH_CODE.test(code)) return 'alipay';
  if (UNIONPAY_AUTH_CODE.test(code)) return 'unionpay';
  return undefined;
}
