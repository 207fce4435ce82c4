/** A leg's notes by reference: a note the writer marks as a reversal goes to the outbox with it. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir';
import { type Db, openDatabase } from '../../db/open';
import { appendEvent } from '../../outbox/append-event';
import { reversalEvent } from '../../outbox/projections';
import { OrdersRepo } from '../orders-repo';
import { LegNotes } from './leg-notes';
import { PaymentsRepo } from './payments-repo';

const AT = '2026-03-02T02:00:00.000Z';
let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = undefined;
  dir = undefined;
});

function setup() {
  dir = tempDir('posdesk-leg-notes-');
  const d = openDatabase(path.join(dir, 'store.db'));
  db = d;
  const payments = new PaymentsRepo(d);
  const orders = new OrdersRepo(d, payments);
  d.transaction(() => {
    orders.insertOrder({ id: 'o1', orderNo: '20260302010001', cashier: '001', lines: [], totalFen: 1250, createdAt: AT });
    payments.insertPayment({ id: 'p1', orderId: 'o1', legNo: 1, legRef: '2026030201000101', tender: 'card', amountFen: 1250, tenderedFen: null, changeFen: 0, at: AT });
  })();
  const notes = new LegNotes({ db: d, payments, now: () => new Date(AT), onReversal: (e) => appendEvent(d, reversalEvent(e)) });
  const outbox = () => d.prepare<[], { aggregate_id: string; type: string; payload: string }>('SELECT aggregate_id, type, payload FROM outbox ORDER BY pos').all();
  return { notes, payments, outbox };
}

describe('LegNotes', () => {
  it('adds a reversal note to the leg and its reversal event to the outbox, in one transaction', () => {
    const { notes, payments, outbox } = setup();
    notes.add('2026030201000101', { text: '冲正待发送 / reversal pending: timeout', reversal: true });
    expect(payments.payment('p1')?.events.at(-1)).toEqual({ fromState: 'created', toState: 'created', at: AT, detail: '冲正待发送 / reversal pending: timeout' });
    expect(outbox()).toEqual([
      {
        aggregate_id: '20260302010001',
        type: 'reversal',
        payload: JSON.stringify({ paymentId: 'p1', legRef: '2026030201000101', note: '冲正待发送 / reversal pending: timeout' }),
      },
    ]);
  });

  it('records any other note only in the leg, whatever its words', () => {
    const { notes, payments, outbox } = setup();
    notes.add('2026030201000101', { text: '迟到的终端应答 / late reply: 00 reversal not needed', reversal: false });
    expect(payments.payment('p1')?.events).toHaveLength(2);
    expect(outbox()).toEqual([]);
  });

  it('ignores a reference no leg has', () => {
    const { notes, payments, outbox } = setup();
    notes.add('nobody', { text: '冲正成功 / reversal acknowledged: 00', reversal: true });
    expect(payments.payment('p1')?.events).toHaveLength(1);
    expect(outbox()).toEqual([]);
  });
});
