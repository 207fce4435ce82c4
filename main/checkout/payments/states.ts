/** Which payment states end a leg and which leave it in flight (the Payment model, DESIGN). */
import type { PaymentState } from '../../../preload/contract';

/** A leg in one of these is settled; only 'approved' is ever left again (for 'reversed'). */
export const FINAL_STATES: ReadonlySet<PaymentState> = new Set(['approved', 'declined', 'cancelled', 'reversed', 'closed']);

/** A leg in one of these has not reached a final state: recovery settles it. */
export const IN_FLIGHT_STATES: readonly PaymentState[] = ['created', 'sent', 'awaitingCard', 'userPaying', 'unknown'];
