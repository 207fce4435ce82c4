/**
 * The tenders' names, once: the counter's buttons and legs, the journal, the shift panel,
 * the queue's tender list, reconciliation (channels and the merchant statement) and the
 * settings' channel cards all say these. Keyed by the contract's Tender (QrChannel's three
 * wallets are among them).
 */
import type { Tender } from '../../../../preload/contract';
import { defineTable } from '../table';

export const tenderText = defineTable({
  zh: { cash: '现金', card: '银行卡', wechat: '微信支付', alipay: '支付宝', unionpay: '云闪付', storedValue: '储值卡' } satisfies Record<Tender, string>,
  en: { cash: 'Cash', card: 'Bank card', wechat: 'WeChat Pay', alipay: 'Alipay', unionpay: 'UnionPay', storedValue: 'Member card' },
});
