/**
 * Notes in a payment leg's history, by the reference the terminal knows the leg by (a late
 * reply, a reversal about to be sent or acknowledged). A reversal note is committed with its
 * outbox event before the driver sends a byte of the reversal (write-ahead).
 */
import type { Db } from '../../db/open';
import type { ReversalNoted } from '../../outbox/projections';
import type { PaymentsRepo } from './payments-repo';

/** What the writer of a note says it is: `reversal` is set where a reversal (冲正) is noted. */
export interface LegNote {
  text: string;
  reversal: boolean;
}

export interface LegNotesDeps {
  db: Db;
  payments: PaymentsRepo;
  now: () => Date;
  /** Inside the note's transaction, for a reversal note (the outbox hooks in here). */
  onReversal?: (e: ReversalNoted) => void;
}

export class LegNotes {
  constructor(private readonly d: LegNotesDeps) {}

  /** Adds the note to the leg's history; a reference no leg has is ignored. */
  add(legRef: string, note: LegNote): void {
    this.d.db.transaction(() => {
      const leg = this.d.payments.legByRef(legRef);
      if (!leg) return;
      const at = this.d.now().toISOString();
      this.d.payments.addEvent(leg.id, leg.state, leg.state, at, note.text);
      if (note.reversal) this.d.onReversal?.({ paymentId: leg.id, orderNo: leg.orderNo, legRef, note: note.text, at });
    })();
  }
}
