/**
 * Which tenders the counter offers while the store is offline (issue item 4):
 * - cash always works: it needs nothing but the drawer, and the outbox holds its events;
 * - card depends on the terminal's own link to its acquirer (a smart POS or MIS-POS
 *   has its own SIM/Ethernet), not on the store's link to HQ;
 * - QR wallets are online-only: WeChat/Alipay micropay is a live call to the gateway,
 *   and no acquirer stores-and-forwards a QR payment (Adyen: "no SAF for QR wallets").
 * At a store-and-forward cap while offline, card pauses too and only cash continues,
 * the conservative reading of Stripe's advice to stop offline sales past a cap.
 * Messages are shown to the cashier as they are (Chinese first, English after).
 */
import type { QueueStatus } from './types';

export type OfflineTender = 'cash' | 'card' | 'qr';

export interface TenderAvailability {
  available: boolean;
  /** Why not, for the cashier; null when available. */
  reason: string | null;
}

export interface OfflinePolicyInput {
  /** The store's link (QueueStatus.online, or the QR gateway's health when the lead has one); null = not known yet. */
  online: boolean | null;
  /** The card terminal's link to its acquirer, as the terminal reports it; null = not known. */
  terminalLinkUp: boolean | null;
  capWarning: QueueStatus['capWarning'];
}

const OK: TenderAvailability = { available: true, reason: null };

export function tenderAvailability(input: OfflinePolicyInput): Record<OfflineTender, TenderAvailability> {
  const offline = input.online === false;
  const capReached = input.capWarning !== null && input.capWarning.remaining === 0;
  let card = OK;
  if (input.terminalLinkUp === false) {
    card = { available: false, reason: '刷卡终端未联网，请收现金 / The card terminal has no link to its bank: take cash' };
  } else if (offline && capReached) {
    card = {
      available: false,
      reason: '离线暂存已达上限，请收现金并恢复网络 / Store-and-forward limit reached: take cash until HQ is reachable again',
    };
  }
  const qr = offline ? { available: false, reason: '网络已断开，扫码支付不可用 / QR wallets need the network: take cash or card' } : OK;
  return { cash: OK, card, qr };
}
