/**
 * A TenderPort is how the payment engine talks to one kind of tender: the card
 * terminal, a QR channel, the store's stored-value cards, the cash drawer. The engine
 * owns the state machine and the write-ahead; a port only performs actions and says
 * what it learned, in these few outcomes.
 */
import type { PaymentState, Tender } from '../../../preload/contract';

/** What the engine knows of a leg when it asks a port to act on it. */
export interface Leg {
  paymentId: string;
  orderNo: string;
  legNo: number;
  /** The number the terminal/channel knows this leg by; reused on every retry and query. */
  legRef: string;
  tender: Tender;
  amountFen: number;
  /** When the leg was created (ISO): recovery measures the channel's waiting budget from it. */
  createdAt: string;
  /** Channel facts recorded so far (e.g. the card trace/ref for a void). */
  data: LegData;
}

/** Channel-side facts: card slip fields or QR trade ids. Never a full PAN, never a PIN. */
export type LegData = Record<string, string | number | boolean | null>;

export type FinalState = Extract<PaymentState, 'approved' | 'declined' | 'cancelled' | 'reversed' | 'closed'>;

export type LegOutcome =
  | { state: FinalState; detail: string; data?: LegData }
  /** No trustworthy answer: money may have moved. Resolved later by query, never by a blind retry. */
  | { state: 'unknown'; detail: string; data?: LegData };

/** Progress a port reports while the customer acts (card inserted, password being entered). */
export type LegProgress = (state: Extract<PaymentState, 'awaitingCard' | 'userPaying'>, detail: string) => void;

/** Inputs the cashier gave for this leg that are not stored (a payment code, a PIN). */
export type LegInput = Record<string, string | number>;

export interface TenderPort {
  readonly tender: Tender;
  /**
   * Perform the charge. May report progress. Must be safe to follow with resolve().
   * `signal` aborts waiting on the customer (the cashier cancelled): the port then
   * settles the leg itself (reverse/close) and says how it ended.
   */
  charge(leg: Leg, input: LegInput, progress: LegProgress, signal: AbortSignal): Promise<LegOutcome>;
  /**
   * Settle a leg whose outcome is unknown or in progress (after a timeout, or after a
   * crash): query, then confirm or reverse by the channel's rules. Returns 'unknown'
   * only when the channel cannot be reached at all; the engine tries again later.
   */
  resolve(leg: Leg): Promise<LegOutcome>;
  /** Compensation: void / reverse / refund an approved leg. 'reversed' when done. */
  undo(leg: Leg, reason: string): Promise<LegOutcome>;
  /** Partial refund of an approved leg (journal). */
  refund?(leg: Leg, amountFen: number, refundRef: string): Promise<LegOutcome>;
}
