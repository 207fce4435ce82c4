import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../drivers/terminal/profiles';
import { openPtyPair, type PtyPair } from '../../drivers/transport/pty-pair';
import { lineSeconds } from './paced-transport';
import { type SimService, startSimService } from './sim-service';
import { FAST_TUNING, type HostSide, serialHost } from './sim-test-kit';

const BAUD = 9600;
let pty: PtyPair | undefined;
let sim: SimService | undefined;
let host: HostSide | undefined;
afterEach(async () => {
  await host?.driver.close();
  await sim?.close();
  await pty?.close();
  host = undefined;
  sim = undefined;
  pty = undefined;
});

async function start(vendor: string, paceBaud: boolean): Promise<{ sim: SimService; host: HostSide }> {
  pty = await openPtyPair();
  sim = await startSimService({ vendor, link: { kind: 'serial', path: pty.b, baud: BAUD }, tuning: FAST_TUNING, paceBaud, seed: 3 });
  host = serialHost(getProfile(vendor), pty.a, BAUD);
  return { sim, host };
}

describe('sim service over a socat pty pair', () => {
  it('serves a MIS-POS sale and query over the serial link', async () => {
    const s = await start('mispos', false);
    expect(s.sim.address).toBe(`${pty?.b}@${BAUD}`);
    expect((await s.host.driver.signIn()).result.outcome).toBe('approved');
    const sale = await s.host.driver.sale(2500, 'P1');
    expect(sale).toMatchObject({ resolvedBy: 'reply', result: { outcome: 'approved', amountFen: 2500 } });
    expect((await s.host.driver.query('P1')).result).toMatchObject({ outcome: 'approved', traceNo: sale.result.traceNo });
    // MIS-POS acks every frame: the transcript holds ACK controls and TLV messages both ways.
    const decoded = JSON.stringify(s.sim.transcript().flatMap((e) => e.decoded ?? []));
    expect(decoded).toContain('"ACK"');
    expect(decoded).toContain('"message"');
  });

  it('paced at 9600 baud, a reply takes at least its line time', async () => {
    const s = await start('mispos', true);
    expect(s.sim.status().pacedBaud).toBe(BAUD);
    await s.host.driver.signIn();
    const t0 = performance.now();
    const sale = await s.host.driver.sale(2500, 'P2');
    const elapsedS = (performance.now() - t0) / 1000;
    expect(sale.result.outcome).toBe('approved');
    const reply = s.sim
      .transcript()
      .filter((e) => e.dir === 'tx' && e.bytes !== '')
      .at(-1);
    const replyBytes = reply ? reply.bytes.split(' ').length : 0;
    expect(replyBytes).toBeGreaterThan(50);
    // Lower bound only: the whole sale cannot be quicker than the reply's own line time.
    expect(elapsedS).toBeGreaterThanOrEqual(lineSeconds(replyBytes, BAUD));
  });
});
