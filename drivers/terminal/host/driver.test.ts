import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPair } from '../../transport/memory';
import type { TransactionResult } from '../model';
import { getProfile, ProfileMapper } from '../profiles';
import { createProfileChannel } from '../profiles/profile-channel';
import type { VendorMessage } from '../profiles/vendor-message';
import { TerminalDriver } from './driver';

const profile = getProfile('sunmi');
const mapper = new ProfileMapper(profile);
const TUNING = { ackTimeoutMs: 200, interByteTimeoutMs: 50, heartbeatIntervalMs: 100, handshakeTimeoutMs: 200, ackDelayMs: 5 };

function approved(orderNo: string, amountFen: number): TransactionResult {
  return {
    outcome: 'approved', responseCode: '00', message: '交易成功', traceNo: '000001', batchNo: '000001',
    refNo: '000000000001', authCode: '123456', maskedPan: '621700*********4123', cardType: '00',
    terminalId: 'T1', merchantId: 'M1', at: new Date().toISOString(), amountFen, orderNo,
  };
}

/** A hand-scripted device: the test decides every reply. */
async function scripted(reply: (req: ReturnType<ProfileMapper['parseRequest']>, send: (m: VendorMessage) => void) => void) {
  const [hostSide, deviceSide] = createMemoryPair('drv');
  await deviceSide.open();
  const device = createProfileChannel(profile, deviceSide, { side: 'device', tuning: TUNING });
  device.onMessage((m) => reply(mapper.parseRequest(m), (out) => void device.send(out).catch(() => undefined)));
  const errors: string[] = [];
  const late: TransactionResult[] = [];
  const driver = new TerminalDriver({
    profile,
    connect: async () => {
      await hostSide.open();
      return createProfileChannel(profile, hostSide, { side: 'host', tuning: TUNING });
    },
    timeouts: { txnMs: 400, queryMs: 300, reversalRetryMs: 20, reversalAttempts: 2 },
    onLateResult: (l) => late.push(l.result),
  });
  driver.onError((e) => errors.push(e.message));
  closers.push(() => driver.close(), () => device.close());
  return { driver, errors, late };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c().catch(() => undefined);
});

describe('TerminalDriver', () => {
  it('a sale over a link that cannot be opened fails as not sent: no query, no reversal, nothing journaled', async () => {
    let opens = 0;
    const journaled: string[] = [];
    const driver = new TerminalDriver({
      profile,
      connect: async () => {
        opens++;
        throw new Error("ENOENT: no such file or directory, open '/dev/ttyUSB9'");
      },
      timeouts: { txnMs: 400, queryMs: 300, reversalRetryMs: 20, reversalAttempts: 2 },
      journal: { reversalPending: async (e) => void journaled.push(`pending ${e.orderNo}`), reversalDone: async (e) => void journaled.push(`done ${e.orderNo}`) },
    });
    closers.push(() => driver.close());
    const r = await driver.sale(500, 'N1');
    expect(r.resolvedBy).toBe('notSent');
    expect(r.result).toMatchObject({ outcome: 'failed', responseCode: 'L8', orderNo: 'N1', amountFen: 500 });
    expect(r.result.message).toContain('/dev/ttyUSB9');
    expect(opens).toBe(1);
    expect(journaled).toEqual([]);
  });

  it('reports an unreadable reply as an error, then resolves the sale by query', async () => {
    const { driver, errors } = await scripted((req, send) => {
      if (req.kind === 'sale') send({ resultCode: 42, transType: 0 });
      if (req.kind === 'query') send(mapper.toVendorResult(approved('A1', 500), 'query'));
    });
    const r = await driver.sale(500, 'A1');
    expect(r).toMatchObject({ resolvedBy: 'query', result: { outcome: 'approved', orderNo: 'A1', amountFen: 500 } });
    expect(errors.join('\n')).toMatch(/unknown resultCode value 42/);
  });

  it('matches a late reply to its request and never books it twice', async () => {
    let sent: (() => void) | undefined;
    const { driver, late, errors } = await scripted((req, send) => {
      if (req.kind === 'sale') {
        // Hold the approval until the host has given up on the sale.
        sent = () => send(mapper.toVendorResult(approved('A2', 700), 'sale'));
      }
      if (req.kind === 'query') send(mapper.toVendorResult(approved('A2', 700), 'query'));
    });
    const r = await driver.sale(700, 'A2');
    expect(r.resolvedBy).toBe('query');
    sent?.();
    sent?.(); // a duplicate of the late frame
    await new Promise((res) => setTimeout(res, 100));
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ outcome: 'approved', orderNo: 'A2' });
    expect(errors.some((e) => /unsolicited/.test(e))).toBe(true);
  });

  it('rejects an invalid request with the bad field named', async () => {
    const { driver } = await scripted(() => {});
    await expect(driver.sale(-1, 'X')).rejects.toThrow(/amountFen/);
  });

  it('fails a non-money request that gets no answer, without reversing', async () => {
    const { driver } = await scripted(() => {});
    const r = await driver.signIn();
    expect(r).toMatchObject({ resolvedBy: 'unresolved', result: { outcome: 'failed', responseCode: '06' } });
  });
});
