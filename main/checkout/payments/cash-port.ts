/** Cash: approved on the spot; the drawer holds what was handed over. */
import type { PaymentsRepo } from './payments-repo';
import type { Leg, LegInput, LegOutcome, TenderPort } from './port';

export class CashPort implements TenderPort {
  readonly tender = 'cash' as const;

  constructor(private readonly payments: PaymentsRepo) {}

  async charge(leg: Leg, input: LegInput): Promise<LegOutcome> {
    const tenderedFen = Number(input.tenderedFen ?? leg.amountFen);
    const changeFen = tenderedFen - leg.amountFen;
    this.payments.setCash(leg.paymentId, tenderedFen, changeFen);
    return { state: 'approved', detail: `cash tendered ${tenderedFen} change ${changeFen}`, data: { tenderedFen, changeFen } };
  }

  /** A cash leg in flight at a crash never reached the drawer's record: nothing was taken. */
  async resolve(): Promise<LegOutcome> {
    return { state: 'closed', detail: 'cash leg interrupted before it was recorded: no money taken' };
  }

  async undo(_leg: Leg, reason: string): Promise<LegOutcome> {
    return { state: 'reversed', detail: `cash returned to the customer (${reason})` };
  }

  async refund(_leg: Leg, amountFen: number): Promise<LegOutcome> {
    return { state: 'approved', detail: `cash refunded ${amountFen}` };
  }
}
