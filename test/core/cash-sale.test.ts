/** The first sale through the core: cart, cash tender, SQLite rows, receipt, restart. */
import { describe, expect, it } from 'vitest';
import type { CallResult, CallOutput } from '../../preload/contract';
import { createCore } from '../../main/app';
import { countRows, tempCore } from '../helpers/temp-core';

function ok<T>(res: CallResult<unknown>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.result as T;
}

describe('cash sale', () => {
  it('scans, merges repeated scans, pays cash with change and commits order, payment and transitions', async () => {
    const core = await tempCore();
    try {
      ok(await core.dispatch('cart.scan', { code: '6901234000016' })); // water ¥2.00
      ok(await core.dispatch('cart.scan', { code: '6901234000016' }));
      ok(await core.dispatch('cart.scan', { code: '6901234000030' })); // noodles ¥4.50
      const cart = ok<CallOutput<'cart.get'>>(await core.dispatch('cart.get', {}));
      expect(cart.lines).toHaveLength(2);
      expect(cart.lines[0].qtyMilli).toBe(2000);
      expect(cart.totalFen).toBe(850);

      const paid = ok<CallOutput<'checkout.pay'>>(await core.dispatch('checkout.pay', { tender: 'cash', tenderedFen: 1000 }));
      expect(paid.changeFen).toBe(150);
      expect(paid.order?.status).toBe('completed');
      expect(paid.order?.orderNo).toMatch(/^\d{8}01\d{4}$/);
      expect(paid.order?.payments).toHaveLength(1);
      expect(paid.order?.payments[0].events.map((e) => e.toState)).toEqual(['created', 'sent', 'approved']);
      expect(paid.printError).toBeNull();
      expect(paid.receipt?.svg).toContain('<svg');
      expect(paid.receipt?.byteCount).toBeGreaterThan(100);

      const job = core.db.prepare('SELECT state, copy, length(bytes) AS n FROM print_jobs').get() as { state: string; copy: number; n: number };
      expect(job).toMatchObject({ state: 'done', copy: 0 });
      expect(ok<CallOutput<'cart.get'>>(await core.dispatch('cart.get', {})).lines).toHaveLength(0);
    } finally {
      await core.cleanup();
    }
  });

  it('fuel by the litre: PLU asks for a quantity, then litres × price rounds half-up to the fen', async () => {
    const core = await tempCore();
    try {
      const asked = ok<CallOutput<'cart.scan'>>(await core.dispatch('cart.scan', { code: '92' }));
      expect(asked.line).toBeNull();
      expect(asked.needsQuantity?.soldBy).toBe('litre');
      const added = ok<CallOutput<'cart.scan'>>(await core.dispatch('cart.scan', { code: '92', qtyMilli: 30_250 }));
      expect(added.line?.amountFen).toBe(22_234); // 7.35 × 30.25 = 222.3375
    } finally {
      await core.cleanup();
    }
  });

  it('rejects an unknown barcode and an empty cart, writing nothing; a short cash tender is a partial leg', async () => {
    const core = await tempCore();
    try {
      const unknown = await core.dispatch('cart.scan', { code: '6900000000000' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'code' } });
      const empty = await core.dispatch('checkout.pay', { tender: 'cash', tenderedFen: 100 });
      expect(empty).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(countRows(core, 'orders')).toBe(0);
      expect(countRows(core, 'payments')).toBe(0);
      // A short cash tender is not an error: it is the first leg of a split payment.
      ok(await core.dispatch('cart.scan', { code: '6901234000122' })); // ¥70
      const part = ok<CallOutput<'checkout.pay'>>(await core.dispatch('checkout.pay', { tender: 'cash', tenderedFen: 5000 }));
      expect(part.order).toBeNull();
      expect(part.openOrder?.dueFen).toBe(2000);
      // The cart of an order being paid is frozen.
      expect(await core.dispatch('cart.scan', { code: '6901234000016' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    } finally {
      await core.cleanup();
    }
  });

  it('a double press pays once: the second call is refused while the first is in flight', async () => {
    const core = await tempCore();
    try {
      ok(await core.dispatch('cart.scan', { code: '6901234000016' }));
      const [a, b] = await Promise.all([
        core.dispatch('checkout.pay', { tender: 'cash', tenderedFen: 200 }),
        core.dispatch('checkout.pay', { tender: 'cash', tenderedFen: 200 }),
      ]);
      const oks = [a, b].filter((r) => r.ok);
      expect(oks).toHaveLength(1);
      expect([a, b].find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/CONFLICT/) } });
      expect(countRows(core, 'orders')).toBe(1);
      expect(countRows(core, 'payments')).toBe(1);
    } finally {
      await core.cleanup();
    }
  });

  it('the order survives a restart and can be reprinted as a copy', async () => {
    const core = await tempCore();
    ok(await core.dispatch('cart.scan', { code: '6901234000092' }));
    const paid = ok<CallOutput<'checkout.pay'>>(await core.dispatch('checkout.pay', { tender: 'cash', tenderedFen: 1000 }));
    await core.close();
    const again = await createCore(core.config, { mode: 'headless' });
    try {
      const list = ok<CallOutput<'journal.list'>>(await again.dispatch('journal.list', {}));
      expect(list.map((o) => o.orderNo)).toContain(paid.order?.orderNo);
      const reprint = ok<CallOutput<'receipt.reprint'>>(await again.dispatch('receipt.reprint', { orderNo: paid.order?.orderNo }));
      expect(reprint.svg).toContain('<svg');
      const copies = again.db.prepare('SELECT copy FROM print_jobs ORDER BY created_at').all() as Array<{ copy: number }>;
      expect(copies.map((c) => c.copy)).toEqual([0, 1]);
      // A second start does not seed the catalog again.
      expect(countRows(again, 'products')).toBe(20);
    } finally {
      await again.close();
      await core.cleanup();
    }
  });
});
