/**
 * Fault matrix (shared by fault-matrix-*.test.ts, split so vitest runs the halves on two
 * workers): each fault x each profile where it applies, over real TCP sockets on 127.0.0.1. Whatever the fault, the sale must end in a final state that agrees with the
 * terminal's own journal: approved and recorded once, declined, or reversed; never charged
 * twice, never left unknown, never lost.
 */
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../model';
import { getProfile } from '../profiles';
import type { Fault } from '../simulator/faults';
import { parseScenario } from '../simulator/scenario';
import { type Bench, startTcpBench } from './e2e-test-kit';

type Expect = { outcome: Outcome; via: readonly string[]; late?: boolean };

/** Tight but safe: a healthy exchange here takes tens of milliseconds. */
const MATRIX_TIMEOUTS = { txnMs: 800, queryMs: 500, reversalRetryMs: 50, reversalAttempts: 3 };
/** Links without acknowledgements: a damaged request is simply lost. */
const STREAM_LINKS: ReadonlySet<string> = new Set(['json-com', 'length-prefixed']);

const APPROVED_ANY: Expect = { outcome: 'approved', via: ['reply', 'query'] };
const CASES: readonly { fault: Fault; expect: Expect | ((link: string) => Expect); only?: (link: string) => boolean }[] = [
  { fault: 'badChecksum', expect: APPROVED_ANY },
  { fault: 'truncatedFrame', expect: APPROVED_ANY },
  { fault: 'strayBytes', expect: APPROVED_ANY },
  { fault: 'duplicateFrames', expect: APPROVED_ANY },
  // ACK/NAK and 55AA links resend the damaged request; on a stream link the request and the
  // first query are lost, the terminal never ran the sale, and the reversal closes the order.
  {
    fault: 'nakStorm',
    expect: (link) => (STREAM_LINKS.has(link) ? { outcome: 'cancelled', via: ['reversal'] } : APPROVED_ANY),
  },
  // Heartbeats exist only on the 55AA bridge link.
  { fault: 'missedHeartbeats', expect: APPROVED_ANY, only: (link) => link === 'smartpos-55aa' },
  { fault: 'lateReply', expect: { outcome: 'approved', via: ['query'], late: true } },
  { fault: 'linkGone', expect: { outcome: 'approved', via: ['query'] } },
  { fault: 'appKilled', expect: { outcome: 'approved', via: ['query'] } },
  { fault: 'loneAckThenSilence', expect: { outcome: 'approved', via: ['query'] } },
  { fault: 'duplicateOrderNo', expect: { outcome: 'declined', via: ['reply'] } },
  { fault: 'functionNotEnabled', expect: { outcome: 'declined', via: ['reply'] } },
];

/** The terminal's truth about an order: approved sales still standing. */
function standing(b: Bench, orderNo: string): number {
  return b.terminal
    .journal()
    .filter((e) => e.kind === 'sale' && e.result.orderNo === orderNo && e.result.outcome === 'approved' && !e.reversed).length;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const POLL_MS = 25;
  const MAX_POLLS = 200;
  for (let i = 0; i < MAX_POLLS && !check(); i++) await new Promise((r) => setTimeout(r, POLL_MS));
  if (!check()) throw new Error(`gave up waiting for ${what}`);
}

export function faultMatrix(ids: readonly string[]): void {
describe.each(ids)('%s under faults', (id) => {
  const profile = getProfile(id);
  const cases = CASES.filter((c) => !c.only || c.only(profile.link));

  it.concurrent.each(cases.map((c) => [c.fault, c] as const))('%s', async (_name, c) => {
    const bench = await startTcpBench({ profile, timeouts: MATRIX_TIMEOUTS });
    const want = typeof c.expect === 'function' ? c.expect(profile.link) : c.expect;
    try {
      expect((await bench.driver.signIn()).result.outcome).toBe('approved');
      bench.device.injectFaults([c.fault]);
      const { result, resolvedBy } = await bench.driver.sale(1234, 'F1');
      expect(want.via).toContain(resolvedBy);
      expect(result.outcome).toBe(want.outcome);
      expect(result.orderNo).toBe('F1');
      // Agreement with the terminal, and never charged twice.
      expect(standing(bench, 'F1')).toBe(result.outcome === 'approved' ? 1 : 0);
      if (want.late) {
        await waitFor(() => bench.late.length > 0, 'the late reply');
        expect(bench.late[0]?.result).toMatchObject({ outcome: 'approved', orderNo: 'F1' });
        expect(bench.late[0]?.earlier?.resolvedBy).toBe('query');
      }
      // The link still works for the next sale.
      const next = await bench.driver.sale(200, 'F2');
      expect(next.result.outcome).toBe('approved');
      expect(standing(bench, 'F1') + standing(bench, 'F2')).toBe(result.outcome === 'approved' ? 2 : 1);
    } finally {
      await bench.close();
    }
  });

  // A terminal does one thing at a time: while a sale waits for a decision, queries and
  // reversals queue behind it. The driver must end "unknown, reversal journaled", then the
  // queued reversal lands once the terminal is free, and the late approval is reported.
  it('leaves a stuck sale unknown with its reversal journaled, and reverses it when the terminal frees up', async () => {
    const scenario = parseScenario({ name: 'stuck', steps: [{ manual: true }] });
    const bench = await startTcpBench({ profile, scenario, timeouts: { ...MATRIX_TIMEOUTS, reversalAttempts: 2 } });
    try {
      await bench.driver.signIn();
      const { result, resolvedBy } = await bench.driver.sale(1234, 'F3');
      expect(resolvedBy).toBe('unresolved');
      expect(result).toMatchObject({ outcome: 'unknown', orderNo: 'F3' });
      expect(bench.journal.pending.map((e) => e.orderNo)).toEqual(['F3']);
      const [pending] = bench.terminal.pending();
      bench.terminal.decide(pending?.id ?? '', '00');
      // The approval comes back late and is reported, not booked.
      await waitFor(() => bench.late.some((l) => l.request.kind === 'sale'), 'the late sale reply');
      expect(bench.late.find((l) => l.request.kind === 'sale')?.earlier?.resolvedBy).toBe('unresolved');
      // Recovery retries the journaled reversal; the queued ones may already have landed.
      const again = await bench.driver.reverse('F3', 1234, 'recovery');
      expect(again.result).toMatchObject({ outcome: 'cancelled', responseCode: 'L7' });
      expect(bench.journal.done.map((e) => e.orderNo)).toContain('F3');
      expect(standing(bench, 'F3')).toBe(0);
    } finally {
      await bench.close();
    }
  });
});
}

export function deadLinkReversal(): void {
describe('reversal survives a dead link', () => {
  it('reports unknown with the reversal journaled, then completes it once the terminal is back', async () => {
    const profile = getProfile('newland');
    const bench = await startTcpBench({ profile, timeouts: MATRIX_TIMEOUTS });
    try {
      await bench.driver.signIn();
      // The app dies holding the sale, and every later frame is lost too: nothing answers.
      bench.device.injectFaults(['appKilled']);
      bench.terminal.injectFaults([]);
      const silenced = bench.device.onEvent((e) => {
        if (e.type === 'request' && e.request.kind !== 'sale') bench.terminal.injectFaults(['appKilled']);
      });
      const first = await bench.driver.sale(1234, 'F4');
      silenced();
      expect(first).toMatchObject({ resolvedBy: 'unresolved', result: { outcome: 'unknown', orderNo: 'F4' } });
      expect(bench.journal.pending.map((e) => e.orderNo)).toEqual(['F4']);
      expect(bench.journal.done).toEqual([]);
      // Recovery (e.g. at the next start) reverses it for good.
      const again = await bench.driver.reverse('F4', 1234, 'recovery');
      expect(again.resolvedBy).toBe('reversal');
      expect(standing(bench, 'F4')).toBe(0);
      expect(bench.journal.done.map((e) => e.orderNo)).toEqual(['F4']);
    } finally {
      await bench.close();
    }
  });
});
}
