/** 交班: the shift's totals by tender, expected vs counted cash, the report printed, shift.closed in the outbox. */
import { afterEach, describe, expect, it } from 'vitest';
import { call, fastCore, wechatCode } from '../helpers/fast-core';

type Core = Awaited<ReturnType<typeof fastCore>>;
let core: Core | undefined;
afterEach(async () => {
  await core?.cleanup();
  core = undefined;
});

describe('shift close', () => {
  it('sums the shift, prints the report, records shift.closed and opens the next shift', async () => {
    core = await fastCore();
    await call(core, 'cart.scan', { code: '6901234000122' });
    await call(core, 'checkout.pay', { tender: 'cash', tenderedFen: 10_000 }); // ¥70 cash, ¥30 change
    await call(core, 'cart.scan', { code: '6901234000016' });
    await call(core, 'checkout.pay', { tender: 'qrScan', authCode: wechatCode() }); // ¥2 WeChat
    const running = await call(core, 'shift.current', {});
    expect(running).toMatchObject({ orderCount: 2, salesFen: 7200, expectedCashFen: 7000 });

    const closed = await call(core, 'shift.close', { countedCashFen: 6950 });
    expect(closed.summary.byTender).toEqual([
      { tender: 'cash', count: 1, amountFen: 7000 },
      { tender: 'wechat', count: 1, amountFen: 200 },
    ]);
    expect(closed.summary.countedCashFen).toBe(6950);
    expect(closed.receipt?.svg).toContain('<svg');
    const events = core.db.prepare(`SELECT aggregate_id, payload FROM outbox WHERE type = 'shift.closed'`).all() as Array<{ aggregate_id: string; payload: string }>;
    expect(events).toHaveLength(1);
    expect(events[0].aggregate_id).toBe(`shift:${closed.summary.shiftNo}`);
    expect(JSON.parse(events[0].payload)).toMatchObject({ salesFen: 7200, countedCashFen: 6950 });

    const next = await call(core, 'shift.current', {});
    expect(next.shiftNo).not.toBe(closed.summary.shiftNo);
    expect(next.orderCount).toBe(0);
    const bad = await core.dispatch('shift.close', { countedCashFen: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'countedCashFen' } });
  });
});
