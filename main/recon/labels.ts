/** Chinese labels shared by the text report, the CSV export, the chart legend and the Chinese half of notes. */
import type { ReconStatus } from './statement';
import type { ChannelName, LocalPaymentState, Tender } from './types';

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

/** The journal's payment states, worded as the counter's screens word them (renderer i18n st*). */
export const LOCAL_STATE_LABELS: Readonly<Record<LocalPaymentState, string>> = {
  approved: '已成功',
  reversed: '已冲正',
  refunded: '已退款',
  declined: '已拒绝',
  cancelled: '已取消',
  closed: '已关闭',
  unknown: '状态未知',
  created: '已创建',
  sent: '已发送',
  awaitingCard: '等待刷卡',
  userPaying: '用户支付中',
};
