import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../drivers/terminal/links/transcript';
import { getProfile } from '../../drivers/terminal/profiles';
import { type SimService, SimConfigError, type SimServiceOptions, startSimService } from './sim-service';
import { FAST_TUNING, type HostSide, tcpHost, until } from './sim-test-kit';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(extra: Partial<SimServiceOptions> = {}): Promise<{ sim: SimService; host: HostSide }> {
  const sim = await startSimService({
    vendor: 'wangpos',
    link: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    tuning: FAST_TUNING,
    seed: 42,
    ...extra,
  });
  const port = sim.port ?? -1;
  const host = tcpHost(getProfile(sim.vendor), port);
  cleanups.push(async () => {
    await host.driver.close();
    await sim.close();
  });
  return { sim, host };
}

describe('sim service over TCP (wangpos, length-prefixed JSON)', () => {
  it('serves sign-in, sale and query; the screen follows the card flow', async () => {
    const { sim, host } = await start();
    expect(sim.address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.screen().state).toBe('signInRequired');
    const screens: string[] = [];
    sim.onEvent((e) => {
      if (e.type === 'screen') screens.push(e.screen.state);
    });
    expect((await host.driver.signIn()).result.outcome).toBe('approved');
    const sale = await host.driver.sale(1234, 'S1');
    expect(sale).toMatchObject({ resolvedBy: 'reply', result: { outcome: 'approved', responseCode: '00', amountFen: 1234 } });
    expect(screens).toEqual(expect.arrayContaining(['waitingCard', 'readingCard', 'waitingPin', 'processing', 'printing', 'idle']));
    expect(screens.indexOf('waitingCard')).toBeLessThan(screens.indexOf('waitingPin'));
    expect(sim.screen()).toMatchObject({ state: 'idle', lastResponseCode: '00', amountFen: 1234, kind: 'sale' });
    const q = await host.driver.query('S1');
    expect(q.result).toMatchObject({ outcome: 'approved', traceNo: sale.result.traceNo });
    expect(sim.counters().trace).toBe(Number(sale.result.traceNo));
    expect(sim.journal().map((e) => e.result.orderNo)).toContain('S1');
    expect(sim.status()).toMatchObject({ vendor: 'wangpos', connections: 1, link: 'length-prefixed', pacedBaud: null });
  });

  it("next-outcome '51' declines the next sale only; other kinds do not use it up", async () => {
    const { sim, host } = await start();
    sim.nextOutcome('51');
    await host.driver.signIn();
    expect(sim.status().queued.outcomes).toEqual(['51']);
    expect((await host.driver.sale(1000, 'D1')).result).toMatchObject({ outcome: 'declined', responseCode: '51' });
    expect((await host.driver.sale(1000, 'D2')).result).toMatchObject({ outcome: 'approved', responseCode: '00' });
    sim.nextOutcome('05', 2);
    expect((await host.driver.sale(1000, 'D3')).result.responseCode).toBe('05');
    expect((await host.driver.sale(1000, 'D4')).result.responseCode).toBe('05');
    expect((await host.driver.sale(1000, 'D5')).result.responseCode).toBe('00');
  });

  it('an injected appKilled fault leaves the sale unanswered; the driver resolves it by query', async () => {
    const { sim, host } = await start();
    await host.driver.signIn();
    sim.injectFault('appKilled');
    const sale = await host.driver.sale(2000, 'K1');
    expect(sale).toMatchObject({ resolvedBy: 'query', result: { outcome: 'approved', amountFen: 2000 } });
    expect(sim.transcript().some((e) => e.note?.includes('fault appKilled'))).toBe(true);
  });

  it('manual mode: pending shows the held sale; decide approves it', async () => {
    const { sim, host } = await start({ manual: true });
    await host.driver.signIn();
    const sale = host.driver.sale(4321, 'M1');
    const pending = await until('a pending decision', () => sim.pending()[0]);
    expect(pending.request).toMatchObject({ kind: 'sale', amountFen: 4321, orderNo: 'M1' });
    expect(sim.screen()).toMatchObject({ state: 'processing', amountFen: 4321 });
    expect(sim.screen().message).toContain(pending.id);
    expect(sim.decide('999999', '00')).toBe(false);
    expect(sim.decide(pending.id, '00')).toBe(true);
    expect((await sale).result).toMatchObject({ outcome: 'approved', traceNo: pending.id });
    expect(sim.pending()).toEqual([]);
  });

  it('records both directions with decoded messages; the export parses back and replays to the same answers', async () => {
    const { sim, host } = await start();
    await host.driver.signIn();
    const a = await host.driver.sale(1500, 'T1');
    const b = await host.driver.sale(1551, 'T2');
    const entries = sim.transcript();
    const rx = entries.filter((e) => e.dir === 'rx' && e.bytes !== '');
    const tx = entries.filter((e) => e.dir === 'tx' && e.bytes !== '');
    expect(rx.length).toBeGreaterThanOrEqual(3);
    expect(tx.length).toBeGreaterThanOrEqual(3);
    expect(entries.every((e) => e.link?.startsWith('#1 '))).toBe(true);
    expect(JSON.stringify(rx.flatMap((e) => e.decoded ?? []))).toContain('xiaoFei');
    expect(JSON.stringify(tx.flatMap((e) => e.decoded ?? []))).toContain('EVENT_InputPin');

    const jsonl = sim.exportTranscript();
    const back = parseTranscript(jsonl);
    expect(back.skipped).toBe(0);
    expect(back.entries).toEqual(entries);

    const replay = await sim.replay(back.entries);
    expect(replay.problems).toEqual([]);
    expect(replay.framesAnswered).toBe(replay.framesExpected);
    const key = (r: { outcome: string; responseCode: string; traceNo: string; amountFen: number; authCode: string; maskedPan: string }) => [
      r.outcome,
      r.responseCode,
      r.traceNo,
      r.amountFen,
      r.authCode,
      r.maskedPan,
    ];
    expect(replay.results.slice(1).map(key)).toEqual([key(a.result), key(b.result)]);
    expect(b.result.responseCode).toBe('51');
  });

  it('keeps counters and journal across a restart (statePath)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'posdesk-sim-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const statePath = join(dir, 'terminal.json');
    const first = await start({ statePath });
    await first.host.driver.signIn();
    const s1 = await first.host.driver.sale(1000, 'R1');
    const before = first.sim.counters();
    await first.host.driver.close();
    await first.sim.close();

    const second = await start({ statePath });
    expect(second.sim.counters()).toEqual(before);
    expect(second.sim.screen().state).toBe('idle'); // still signed in today
    const s2 = await second.host.driver.sale(1000, 'R2');
    expect(Number(s2.result.traceNo)).toBe(Number(s1.result.traceNo) + 1);
    expect((await second.host.driver.query('R1')).result).toMatchObject({ outcome: 'approved', traceNo: s1.result.traceNo });
  });

  it('reset clears queued outcomes and the transcript; wipeState gives a fresh terminal', async () => {
    const { sim, host } = await start();
    await host.driver.signIn();
    await host.driver.sale(1000, 'X1');
    sim.nextOutcome('51');
    sim.injectFault('lateReply');
    await sim.reset();
    expect(sim.status().queued).toEqual({ outcomes: [], faults: [] });
    expect(sim.transcript()).toEqual([]);
    expect(sim.transcriptPage().dropped).toBeGreaterThan(0);
    expect((await host.driver.sale(1000, 'X2')).result.outcome).toBe('approved');
    expect(sim.counters().trace).toBe(2);
    await sim.reset({ wipeState: true });
    expect(sim.counters()).toEqual({ trace: 0, batch: 1, reference: 0, signedInDay: null });
    expect(sim.journal()).toEqual([]);
    expect(sim.screen().state).toBe('signInRequired');
    expect((await host.driver.sale(1000, 'X3')).result.responseCode).toBe('L1');
  });

  it('refuses an unknown vendor (naming the valid ones) and a non-loopback address, before binding', async () => {
    const err = await startSimService({ vendor: 'nope', link: { kind: 'tcp', host: '127.0.0.1', port: 0 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimConfigError);
    expect(String(err)).toMatch(/nope.*wangpos.*lakala/);
    await expect(startSimService({ vendor: 'wangpos', link: { kind: 'tcp', host: '0.0.0.0', port: 0 } })).rejects.toThrow(/loopback/);
    await expect(
      startSimService({ vendor: 'wangpos', link: { kind: 'tcp', host: '127.0.0.1', port: 0 }, paceBaud: true }),
    ).rejects.toThrow(/baud/);
  });
});
