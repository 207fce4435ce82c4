/**
 * The payloads that exist only as pushes from main to the renderer (the others are a
 * domain's models: a Cart, a DeviceInfo, …). The events table is assembled in ./index.ts.
 */
import { z } from 'zod';
import { PaymentState, QrChannel, Tender } from './checkout';
import { BilingualText, Fen, Id, OrderNo } from './common';

/** A tender leg moved on (请插卡/挥卡/刷卡, 请输入密码, …). */
export const PaymentProgress = z.object({ orderNo: z.string(), paymentId: Id, tender: Tender, state: PaymentState, detail: BilingualText });

/** What the customer-facing display shows (C扫B: the dynamic code and amount). */
export const CustomerDisplay = z.object({
  mode: z.enum(['idle', 'qr']),
  orderNo: z.string(),
  amountFen: Fen,
  qrCode: z.string().nullable(),
  channel: QrChannel.nullable(),
});

/** Something to say aloud ("收款成功 12.50 元"); the renderer speaks it if it can. */
export const Announcement = z.object({ text: z.string(), lang: z.enum(['zh-CN', 'en']) });

export const OrderCompleted = z.object({ orderNo: OrderNo, totalFen: Fen, changeFen: Fen });
