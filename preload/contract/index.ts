/**
 * The PosDesk API contract: every call and every event, declared once with zod.
 *
 * The Electron main process (IPC), the headless server (HTTP + WebSocket) and the
 * renderer all use it. Main validates every inbound payload against `calls` before a
 * handler runs, whichever way it arrived; the renderer derives its types from it. Nothing
 * else in the codebase names a channel by string.
 *
 * The schemas live in one file per domain (./cart.ts, ./checkout.ts, …; the shared
 * vocabulary in ./common.ts). This file assembles them into the one `calls` table and the
 * one `events` table, declares the envelope (errors, WebSocket frames, the IPC channels)
 * and keeps the one allow-list of call names (`isCallName`).
 */
import { z } from 'zod';
import { appCalls } from './app';
import { Cart, cartCalls } from './cart';
import { CheckoutState, checkoutCalls } from './checkout';
import { BilingualText } from './common';
import { DeviceInfo, deviceCalls } from './devices';
import { Announcement, CustomerDisplay, OrderCompleted, PaymentProgress } from './events';
import { journalCalls } from './journal';
import { DisplayView, PrintJobInfo, printerCalls, ReceiptPreview } from './printer';
import { QueueStatus, queueCalls } from './queue';
import { reconCalls } from './recon';
import { settingsCalls } from './settings';
import { SimState, simCalls } from './sim';

export * from './app';
export * from './cart';
export * from './checkout';
export * from './common';
export * from './devices';
export * from './events';
export * from './journal';
export * from './printer';
export * from './queue';
export * from './recon';
export * from './settings';
export * from './sim';

// ---------------------------------------------------------------- calls

/** Every call: its input schema (validated in main) and its output schema. */
export const calls = {
  ...appCalls,
  ...cartCalls,
  ...checkoutCalls,
  ...journalCalls,
  ...deviceCalls,
  ...printerCalls,
  ...simCalls,
  ...reconCalls,
  ...queueCalls,
  ...settingsCalls,
} as const;

export type CallName = keyof typeof calls;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.infer<(typeof calls)[N]['output']>;

// ---------------------------------------------------------------- events (main -> renderer)

export const events = {
  'cart.changed': Cart,
  'checkout.changed': CheckoutState,
  'payment.progress': PaymentProgress,
  'customer.display': CustomerDisplay,
  announce: Announcement,
  'order.completed': OrderCompleted,
  'receipt.printed': ReceiptPreview,
  'device.status': DeviceInfo,
  'queue.changed': QueueStatus,
  'printer.job': PrintJobInfo,
  'display.changed': DisplayView,
  'sim.changed': SimState,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;

// ---------------------------------------------------------------- envelope

/** Error codes a client can act on. */
export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'UNKNOWN_CALL',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'DEVICE',
  'STORAGE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  message: BilingualText,
  /** The offending field's path ("tenderedFen", "lines.0.qtyMilli") for INVALID_INPUT. */
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type CallResult<T> = { ok: true; result: T } | { ok: false; error: ApiError };

/** WebSocket frames (JSON). Calls carry a client-chosen id echoed in the reply. */
export const WsClientFrame = z.object({ id: z.number().int(), call: z.string(), input: z.unknown() }).strict();
export type WsClientFrame = z.infer<typeof WsClientFrame>;
export type WsServerFrame =
  | ({ id: number } & CallResult<unknown>)
  | { event: EventName; payload: unknown };

/** The surface the preload script exposes as `window.posdesk` and the WS client mirrors. */
export interface PosDeskApi {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

/** IPC channel names: the only two the preload and main agree on. */
export const IPC_CALL = 'posdesk:call';
export const IPC_EVENT = 'posdesk:event';

/** The allow-list: a name is a call only if the table above declares it. */
export const isCallName = (name: string): name is CallName => Object.hasOwn(calls, name);
