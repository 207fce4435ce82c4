/** Chinese labels shared by the text report, the CSV export and the chart legend. */
import type { ReconStatus } from './statement';
import type { ChannelName, Tender } from './types';

export const TENDER_LABELS: Readonly<Record<Tender, string>> = {
  cash: '现金',
  card: '银行卡',
  wechat: '微信支付',
  alipay: '支付宝',
  unionpay: '银联二维码',
  storedValue: '储值卡',
};

export const CHANNEL_LABELS: Readonly<Record<ChannelName, string>> = {
  card: '银行卡',
  wechat: '微信支付',
  alipay: '支付宝',
  unionpay: '银联二维码',
};

export const RECON_LABELS: Readonly<Record<ReconStatus, string>> = {
  matched: '已对平',
  localOnly: '短款(渠道无)',
  channelOnly: '长款(本地无)',
  amountMismatch: '金额不符',
  statusMismatch: '状态不符',
  unchecked: '未对账',
};
