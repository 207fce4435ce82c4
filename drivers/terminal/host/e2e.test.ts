import { afterEach, describe, expect, it } from 'vitest';
import { PROFILE_IDS, getProfile } from '../profiles';
import { type Bench, startPtyBench, startTcpBench } from './e2e-test-kit';

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

/** Short order numbers: Concert's private field holds 10 characters. */
async function fullDay(b: Bench) {
  const d = b.driver;
  expect((await d.signIn()).result.outcome).toBe('approved');
  const sale = await d.sale(1234, 'S1');
  expect(sale).toMatchObject({ resolvedBy: 'reply', result: { outcome: 'approved', responseCode: '00', amountFen: 1234, orderNo: 'S1' } });
  expect(sale.result.traceNo).toMatch(/^\d{6}$/);
  expect(sale.result.maskedPan).toMatch(/^\d{6}\*+\d{4}$/);

  const q = await d.query('S1');
  expect(q.result).toMatchObject({ outcome: 'approved', traceNo: sale.result.traceNo });

  const v = await d.void({ traceNo: sale.result.traceNo }, 1234, 'S1');
  expect(v.result.outcome).toBe('approved');

  const sale2 = await d.sale(5000, 'S2');
  expect(sale2.result.outcome).toBe('approved');
  const today = b.terminal.journal().at(-1)?.date ?? '';
  const refund = await d.refund({ refNo: sale2.result.refNo, traceNo: sale2.result.traceNo, date: today }, 2000, 'R1');
  expect(refund.result).toMatchObject({ outcome: 'approved', amountFen: 2000 });

  const declined = await d.sale(1251, 'S3');
  expect(declined.result).toMatchObject({ outcome: 'declined', responseCode: expect.stringMatching(/^(51|05)$/) });

  const reprint = await d.reprint(sale2.result.traceNo);
  expect(reprint.result).toMatchObject({ outcome: 'approved', traceNo: sale2.result.traceNo });

  const settle = await d.settle();
  expect(settle.result.outcome).toBe('approved');
  if (b.driver.mapper.profile.response.fields.settlement) {
    const s = settle.result.settlement;
    const total = s ? s.domestic.debit.amountFen + s.domestic.credit.amountFen + s.foreign.debit.amountFen + s.foreign.credit.amountFen : -1;
    expect(total).toBe(3000); // 5000 sale - 2000 refund; the voided sale does not count
  }
  // After settlement a new sign-in is required, where the vendor has sign-ins (not Concert).
  const after = (await d.sale(100, 'S4')).result.responseCode;
  expect(after).toBe(b.driver.mapper.profile.signInRequired ? 'L1' : '00');
}

describe.each(PROFILE_IDS)('%s end to end', (id) => {
  const profile = getProfile(id);

  it('runs a day over TCP on 127.0.0.1', async () => {
    bench = await startTcpBench({ profile });
    await fullDay(bench);
    expect(bench.journal.pending).toEqual([]);
  });

  it('runs a day over a socat pty pair', async () => {
    bench = await startPtyBench({ profile });
    await fullDay(bench);
    expect(bench.journal.pending).toEqual([]);
  });
});

describe('progress events', () => {
  it.each(PROFILE_IDS)('%s: reach the counter when the vendor sends them', async (id) => {
    const profile = getProfile(id);
    bench = await startTcpBench({ profile });
    await bench.driver.signIn();
    await bench.driver.sale(100, 'P1');
    const stages = bench.progress.map((e) => e.stage);
    if (profile.progress) {
      expect(stages).toEqual(['waitingCard', 'readingCard', 'waitingPin', 'processing', 'printing']);
      expect(bench.progress[2]?.message).toBe('请输入密码');
    } else {
      expect(stages).toEqual([]);
    }
  });
});
