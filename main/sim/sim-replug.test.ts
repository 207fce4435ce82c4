// A simulator on a serial port survives a replug (issue #10 item 3): real socat ptys on fixed
// link paths; killing socat makes both ends vanish, a new socat on the same paths is the cable
// plugged back in. The host driver is the counter's own, kept across the replug.
import { mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../drivers/terminal/profiles';
import { hasSocat, openPtyPair, type PtyPair } from '../../drivers/transport/pty-pair';
import { runSim, type SimCliHandle } from './cli';
import type { LineStatus } from './serial-line';
import { type SimEvent, type SimService, startSimService } from './sim-service';
import { FAST_TUNING, type HostSide, serialHost, until } from './sim-test-kit';

const BAUD = 9600;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Fixed link paths for every pair of a test: host end `a`, simulator end `b`. */
function cable(): { links: { a: string; b: string }; plug: () => Promise<PtyPair> } {
  const dir = mkdtempSync(join(tmpdir(), 'posdesk-replug-'));
  const links = { a: join(dir, 'ttyHost'), b: join(dir, 'ttySim') };
  const pairs: PtyPair[] = [];
  cleanups.push(async () => {
    for (const p of pairs) await p.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    links,
    async plug() {
      const p = await openPtyPair({ links });
      pairs.push(p);
      return p;
    },
  };
}

function hostOn(vendor: string, path: string): HostSide {
  const host = serialHost(getProfile(vendor), path, BAUD);
  cleanups.push(() => host.driver.close());
  return host;
}

async function simOn(vendor: string, path: string): Promise<{ sim: SimService; lines: LineStatus[] }> {
  const sim = await startSimService({ vendor, link: { kind: 'serial', path, baud: BAUD }, tuning: FAST_TUNING, seed: 11 });
  cleanups.push(() => sim.close());
  const lines: LineStatus[] = [];
  sim.onEvent((e: SimEvent) => {
    if (e.type === 'line') lines.push(e.line);
  });
  return { sim, lines };
}

const notes = (sim: SimService): string[] => sim.transcript().flatMap((e) => (e.note ? [e.note] : []));

/** File descriptors of this process open on the pty behind `link` (the simulator runs in-process). */
function fdsOn(link: string): number {
  const target = realpathSync(link);
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === target) n++;
    } catch {
      // The fd closed while we listed them.
    }
  }
  return n;
}

describe.skipIf(!hasSocat())('a serial simulator survives a replug', () => {
  // Two framings: MIS-POS (STX…ETX LRC with ACK/NAK) and PAX POSLink.
  describe.each(['mispos', 'pax-poslink'])('%s', (vendor) => {
    it('socat restarted on the same path: the next sale is served without restarting the simulator', async () => {
      const c = cable();
      const first = await c.plug();
      const { sim, lines } = await simOn(vendor, c.links.b);
      const host = hostOn(vendor, c.links.a);
      expect(sim.status().line).toMatchObject({ state: 'open', reopens: 0 });
      expect((await host.driver.signIn()).result.outcome).toBe('approved');
      const before = await host.driver.sale(1200, `${vendor}-R1`);
      expect(before).toMatchObject({ resolvedBy: 'reply', result: { outcome: 'approved' } });

      await first.close(); // socat gone: both ptys and both links vanish
      await until('the simulator to notice the port is gone', () => sim.status().line.state === 'waiting-for-port');
      await until('the host to notice its port is gone', () => host.transports.every((t) => !t.isOpen));
      // How it went (a retry may already have replaced lastError with "no such serial port").
      expect(lines.find((l) => l.state === 'waiting-for-port')?.lastError).toMatch(/went away/);

      await c.plug(); // a new socat, the same link paths
      await until('the simulator to reopen its port', () => sim.status().line.state === 'open');
      const after = await host.driver.sale(1300, `${vendor}-R2`);
      expect(after).toMatchObject({ resolvedBy: 'reply', result: { outcome: 'approved', amountFen: 1300 } });
      // The same terminal: its trace numbers run on, its journal holds both sales.
      expect(Number(after.result.traceNo)).toBe(Number(before.result.traceNo) + 1);
      expect(sim.journal().filter((j) => j.kind === 'sale').map((j) => j.result.orderNo)).toEqual([`${vendor}-R1`, `${vendor}-R2`]);
      expect(host.transports.length).toBeGreaterThanOrEqual(2); // the host driver reopened too

      expect(sim.status().line).toMatchObject({ state: 'open', reopens: 1, failedOpens: 0, lastError: null, nextTryAt: null });
      expect(lines.map((l) => l.state)).toEqual(expect.arrayContaining(['waiting-for-port', 'open']));
      expect(lines.at(-1)?.state).toBe('open');
      const said = notes(sim);
      expect(said.some((n) => n.startsWith('serial port gone:'))).toBe(true);
      expect(said.some((n) => n.startsWith(`serial port reopened: ${c.links.b}@${BAUD}`))).toBe(true);
      // The reopened port is a new connection in the transcript.
      expect(new Set(sim.transcript().flatMap((e) => (e.link ? [e.link.split(' ')[0]] : [])))).toEqual(new Set(['#1', '#2']));
    });

    it('a linkGone fault closes the port; the simulator reopens it and answers the host’s query', async () => {
      const c = cable();
      await c.plug();
      const { sim } = await simOn(vendor, c.links.b);
      const host = hostOn(vendor, c.links.a);
      expect((await host.driver.signIn()).result.outcome).toBe('approved');
      sim.injectFault('linkGone');
      const sale = await host.driver.sale(2100, `${vendor}-G1`);
      // The reply was never sent; the reopened port answered the query for it.
      expect(sale).toMatchObject({ resolvedBy: 'query', result: { outcome: 'approved', amountFen: 2100 } });
      expect(sim.journal().filter((j) => j.kind === 'sale' && j.result.outcome === 'approved')).toHaveLength(1);
      expect(sim.status().line).toMatchObject({ state: 'open', reopens: 1 });
      const said = notes(sim);
      expect(said.some((n) => n.startsWith('fault linkGone'))).toBe(true);
      expect(said.some((n) => n.includes('the simulator closed the port (a linkGone fault)'))).toBe(true);
      // And it keeps serving: the next sale gets its reply.
      expect(await host.driver.sale(2200, `${vendor}-G2`)).toMatchObject({ resolvedBy: 'reply', result: { outcome: 'approved' } });
    });
  });

  it('posdesk sim --serial: the control API shows waiting-for-port while the cable is out, then open', async () => {
    const c = cable();
    const first = await c.plug();
    const out: string[] = [];
    const handle: SimCliHandle = await runSim(['--vendor', 'mispos', '--serial', c.links.b, '--seed', '4'], { out: (l) => out.push(l) });
    cleanups.push(() => handle.close());
    expect(out[0]).toContain(`mispos terminal on ${c.links.b}@${BAUD}`);
    const status = async (): Promise<{ line: LineStatus }> => (await fetch(`${handle.control.url}/sim/status`)).json() as Promise<{ line: LineStatus }>;
    expect((await status()).line.state).toBe('open');

    await first.close();
    // Left out long enough for a few failed opens: the backoff is visible on the API.
    await until('two failed reopens', () => handle.service.status().line.failedOpens >= 2);
    const waiting = (await status()).line;
    expect(waiting).toMatchObject({ state: 'waiting-for-port', reopens: 0 });
    expect(waiting.lastError).toMatch(/no such serial port/);
    expect(waiting.nextTryAt).not.toBeNull();
    // The same reason is noted once, not once per try.
    expect(notes(handle.service).filter((n) => n.startsWith('reopen failed:'))).toHaveLength(1);

    await c.plug();
    await until('the simulator to reopen its port', () => handle.service.status().line.state === 'open');
    expect((await status()).line).toMatchObject({ state: 'open', reopens: 1, lastError: null });
    const host = hostOn('mispos', c.links.a);
    expect((await host.driver.signIn()).result.outcome).toBe('approved');
    expect(await host.driver.sale(500, 'CLI-1')).toMatchObject({ resolvedBy: 'reply', result: { outcome: 'approved' } });
  });

  it('close() while waiting for the port stops the retries: a port plugged back later stays untouched', async () => {
    const c = cable();
    const first = await c.plug();
    // Short delays so many retries would have happened in the wait below, were any left.
    const sim = await startSimService({
      vendor: 'mispos',
      link: { kind: 'serial', path: c.links.b, baud: BAUD },
      reopenBackoff: { baseMs: 5, maxMs: 20, factor: 2 },
    });
    expect(fdsOn(c.links.b)).toBe(1);
    await first.close();
    await until('the simulator to notice the port is gone', () => sim.status().line.state === 'waiting-for-port');
    await sim.close();
    expect(sim.status().line.state).toBe('closed');

    await c.plug();
    // Not a timing assertion: ten times the longest retry delay, after which a live retry loop
    // would surely have opened the port again.
    await new Promise((r) => setTimeout(r, 200));
    expect(fdsOn(c.links.b)).toBe(0);
    expect(sim.status().line.state).toBe('closed');
  });
});
