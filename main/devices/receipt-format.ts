/**
 * Words and times as the counter's receipts print them (shared by every receipt builder).
 */
import type { Tender } from '../../preload/contract';

export const TENDER_LABEL: Record<Tender, string> = {
  cash: '现金',
  card: '银行卡',
  wechat: '微信支付',
  alipay: '支付宝',
  unionpay: '云闪付',
  storedValue: '储值卡',
};

/** Local wall-clock time with its UTC offset, as printed on the receipt. */
export function localIso(d: Date): string {
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${sign}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
}
