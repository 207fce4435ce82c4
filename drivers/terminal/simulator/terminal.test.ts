import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent, TransactionRequest } from '../model';
import { parseOutcomeRules } from './outcome-rules';
import { loadScenarioFile, parseScenario } from './scenario';
import { SimulatedTerminal } from './terminal';

const DAY1 = new Date('2026-03-02T02:00:00Z'); // 10:00 in UTC+8
const DAY2 = new Date('2026-03-03T02:00:00Z');

function req(kind: TransactionRequest['kind'], amountFen: number, orderNo: string, extra: Partial<TransactionRequest> = {}): TransactionRequest {
  return { kind, amountFen, orderNo, tender: 'card', ...extra };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'posdesk-term-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function signedIn(opts: Parameters<typeof SimulatedTerminal.open>[0] = {}) {
  let now = DAY1;
  const t = await SimulatedTerminal.open({ seed: 7, now: () => now, ...opts });
  await t.execute(req('signIn', 0, 'S'));
  return { t, setNow: (d: Date) => (now = d) };
}

describe('SimulatedTerminal state machine', () => {
  it('requires sign-in first, again after settlement and on a new day', async () => {
    let now = DAY1;
    const t = await SimulatedTerminal.open({ now: () => now });
    expect((await t.execute(req('sale', 100, 'A1'))).result.responseCode).toBe('L1');
    expect((await t.execute(req('signIn', 0, 'S'))).result.outcome).toBe('approved');
    expect((await t.execute(req('sale', 100, 'A1'))).result.outcome).toBe('approved');
    now = DAY2;
    expect((await t.execute(req('sale', 100, 'A2'))).result.responseCode).toBe('L1');
    await t.execute(req('signIn', 0, 'S'));
    const settle = await t.execute(req('settle', 0, 'X'));
    expect(settle.result.batchNo).toBe('000001');
    expect((await t.execute(req('sale', 100, 'A3'))).result.responseCode).toBe('L1');
    expect((await t.execute(req('signIn', 0, 'S'))).result.batchNo).toBe('000002');
  });

  it('a vendor without sign-in (signInRequired: false) runs card transactions on a fresh terminal, after settlement too', async () => {
    const t = await SimulatedTerminal.open({ now: () => DAY1 });
    const noSignIn = { signInRequired: false };
    expect((await t.execute(req('sale', 100, 'A1'), undefined, noSignIn)).result.outcome).toBe('approved');
    await t.execute(req('settle', 0, 'X'), undefined, noSignIn);
    expect((await t.execute(req('sale', 100, 'A2'), undefined, noSignIn)).result.outcome).toBe('approved');
    // The policy is per vendor, not a terminal state: the default still asks for a sign-in.
    expect((await t.execute(req('sale', 100, 'A3'))).result.responseCode).toBe('L1');
  });

  it('a blank order number is no key: two such sales are both approved, a repeated real one is 94', async () => {
    const { t } = await signedIn();
    expect((await t.execute(req('sale', 100, ''))).result).toMatchObject({ outcome: 'approved', orderNo: '' });
    expect((await t.execute(req('sale', 100, ''))).result).toMatchObject({ outcome: 'approved', orderNo: '' });
    expect((await t.execute(req('sale', 100, 'B1'))).result.outcome).toBe('approved');
    expect((await t.execute(req('sale', 100, 'B1'))).result.responseCode).toBe('94');
    // Nothing can be reversed by a blank order number.
    expect((await t.execute(req('reverse', 0, ''))).result.message).toBe('无需冲正');
    expect(t.journal().filter((e) => e.reversed)).toEqual([]);
  });

  it('walks the card stages and emits zh-CN prompts in order', async () => {
    const { t } = await signedIn();
    const events: ProgressEvent[] = [];
    const { result } = await t.execute(req('sale', 1234, 'A1'), (e) => events.push(e));
    expect(events.map((e) => e.stage)).toEqual(['waitingCard', 'readingCard', 'waitingPin', 'processing', 'printing']);
    expect(events[0]?.message).toBe('请插卡/挥卡/刷卡');
    expect(result).toMatchObject({ outcome: 'approved', responseCode: '00', traceNo: '000001', batchNo: '000001', amountFen: 1234 });
    expect(result.refNo).toMatch(/^\d{12}$/);
    expect(result.authCode).toMatch(/^\d{6}$/);
    expect(result.maskedPan).toMatch(/^\d{6}\*+\d{4}$/);
  });

  it('decides by the amount cents table', async () => {
    const { t } = await signedIn();
    const codes: Record<number, string> = { 1250: '00', 1251: '51', 1255: '55', 1261: '61', 1275: '75', 1291: '91', 1296: '96' };
    for (const [amount, code] of Object.entries(codes)) {
      const { result } = await t.execute(req('sale', Number(amount), `O${amount}`));
      expect(result.responseCode).toBe(code);
      expect(result.outcome).toBe(code === '00' ? 'approved' : 'declined');
    }
    expect((await t.execute(req('sale', 1297, 'K'))).faults).toEqual(['appKilled']);
  });

  it('falls back to swipe after a chip failure, retries PIN and blocks after 3 wrong tries', async () => {
    const scenario = parseScenario({
      name: 'pin',
      steps: [
        { card: { chipFails: true, pin: ['wrong', 'ok'] } },
        { card: { pin: ['wrong', 'wrong', 'wrong'] } },
        { card: { cancelAt: 'waitingCard' } },
      ],
    });
    const { t } = await signedIn({ scenario });
    const ev: ProgressEvent[] = [];
    const a = await t.execute(req('sale', 100, 'A'), (e) => ev.push(e));
    expect(a.result.outcome).toBe('approved');
    expect(ev.map((e) => e.message)).toEqual([
      '请插卡/挥卡/刷卡', '读卡中', '芯片读卡失败，请刷卡', '读卡中', '请输入密码', '密码错误，请重新输入', '处理中', '打印中',
    ]);
    const ev2: string[] = [];
    const b = await t.execute(req('sale', 100, 'B'), (e) => ev2.push(e.message));
    expect(b.result.responseCode).toBe('75');
    expect(ev2).toContain('密码错误，最后一次输入');
    const c = await t.execute(req('sale', 100, 'C'));
    expect(c.result).toMatchObject({ outcome: 'cancelled', responseCode: 'L2' });
  });

  it('voids same batch with exact amount only, refunds partially by ref + date', async () => {
    const { t } = await signedIn();
    const sale = (await t.execute(req('sale', 5000, 'A'))).result;
    expect((await t.execute(req('void', 4000, 'A', { original: { traceNo: sale.traceNo } }))).result.responseCode).toBe('64');
    expect((await t.execute(req('void', 5000, 'A', { original: { traceNo: '999999' } }))).result.responseCode).toBe('25');
    const v = await t.execute(req('void', 5000, 'A', { original: { traceNo: sale.traceNo } }));
    expect(v.result.outcome).toBe('approved');
    expect((await t.execute(req('void', 5000, 'A', { original: { traceNo: sale.traceNo } }))).result.responseCode).toBe('L5');

    const sale2 = (await t.execute(req('sale', 5000, 'B'))).result;
    const original = { refNo: sale2.refNo, date: '0302' };
    expect((await t.execute(req('refund', 2000, 'B-r1', { original }))).result.outcome).toBe('approved');
    expect((await t.execute(req('refund', 3000, 'B-r2', { original }))).result.outcome).toBe('approved');
    expect((await t.execute(req('refund', 1, 'B-r3', { original }))).result.responseCode).toBe('13');
    expect((await t.execute(req('refund', 100, 'B-r4', { original: { refNo: sale2.refNo, date: '0101' } }))).result.responseCode).toBe('25');
  });

  it('rejects a duplicate order number and honours functionNotEnabled', async () => {
    const { t } = await signedIn();
    await t.execute(req('sale', 100, 'A'));
    expect((await t.execute(req('sale', 100, 'A'))).result.responseCode).toBe('94');
    t.injectFaults(['functionNotEnabled']);
    const r = (await t.execute(req('sale', 100, 'B'))).result;
    expect(r).toMatchObject({ responseCode: '40', message: '该功能尚未开通', outcome: 'declined' });
  });

  it('queries by order, reverses idempotently and reprints', async () => {
    const { t } = await signedIn();
    const sale = (await t.execute(req('sale', 100, 'A'))).result;
    expect((await t.execute(req('query', 0, 'A'))).result).toEqual(sale);
    expect((await t.execute(req('query', 0, 'nope'))).result.responseCode).toBe('25');
    expect((await t.execute(req('reprint', 0, 'A'))).result.traceNo).toBe(sale.traceNo);
    const r1 = await t.execute(req('reverse', 0, 'A'));
    expect(r1.result).toMatchObject({ outcome: 'approved', message: '冲正成功', traceNo: sale.traceNo });
    expect((await t.execute(req('reverse', 0, 'A'))).result.message).toBe('已冲正');
    expect((await t.execute(req('reverse', 0, 'never'))).result.message).toBe('无需冲正');
    expect((await t.execute(req('query', 0, 'A'))).result).toMatchObject({ outcome: 'cancelled', responseCode: 'L7' });
  });

  it('settles the batch into 内卡/外卡 x 借记/贷记 totals', async () => {
    const scenario = parseScenario({
      name: 'cards',
      steps: [
        { card: { pan: '6217000010006354123', cardType: '00' } },
        { card: { pan: '6225880000001234', cardType: '01' } },
        { card: { pan: '4761730000001234', cardType: '01' } },
        { card: { pan: '6217000010006354999', cardType: '00' } },
      ],
    });
    const { t } = await signedIn({ scenario });
    await t.execute(req('sale', 1000, 'A'));
    await t.execute(req('sale', 2000, 'B'));
    await t.execute(req('sale', 3000, 'C'));
    const d = (await t.execute(req('sale', 4000, 'D'))).result;
    await t.execute(req('void', 4000, 'D', { original: { traceNo: d.traceNo } }));
    await t.execute(req('sale', 1251, 'E')); // declined, not counted
    const { result } = await t.execute(req('settle', 0, 'Z'));
    expect(result.settlement).toEqual({
      domestic: { debit: { count: 1, amountFen: 1000 }, credit: { count: 1, amountFen: 2000 } },
      foreign: { debit: { count: 0, amountFen: 0 }, credit: { count: 1, amountFen: 3000 } },
    });
  });

  it('waits for a manual decision in manual mode', async () => {
    const { t } = await signedIn({ manual: true });
    const seen: string[] = [];
    t.onPending((p) => seen.push(p.map((x) => x.id).join(',')));
    const run = t.execute(req('sale', 100, 'A'));
    await new Promise<void>((resolve) => {
      const off = t.onPending((p) => {
        if (p.length) {
          off();
          resolve();
        }
      });
    });
    const [pending] = t.pending();
    expect(pending?.request.orderNo).toBe('A');
    expect(t.decide('nope', '00')).toBe(false);
    expect(t.decide(pending?.id ?? '', '51')).toBe(true);
    expect((await run).result.responseCode).toBe('51');
    expect(seen).toEqual(['000001', '']);
  });

  it('is deterministic for a seed', async () => {
    const a = await signedIn({ seed: 99 });
    const b = await signedIn({ seed: 99 });
    const ra = (await a.t.execute(req('sale', 100, 'A'))).result;
    const rb = (await b.t.execute(req('sale', 100, 'A'))).result;
    expect({ ...ra, at: '' }).toEqual({ ...rb, at: '' });
  });

  it('persists counters and journal atomically across restarts', async () => {
    const statePath = join(dir, 'terminal.json');
    const first = await signedIn({ statePath });
    await first.t.execute(req('sale', 100, 'A'));
    await first.t.execute(req('sale', 100, 'B'));
    const again = await SimulatedTerminal.open({ statePath, now: () => DAY1 });
    expect(again.counters()).toMatchObject({ trace: 2, reference: 2, signedInDay: '2026-03-02' });
    expect((await again.execute(req('sale', 100, 'C'))).result.traceNo).toBe('000003');
    expect((await again.execute(req('query', 0, 'A'))).result.outcome).toBe('approved');
    expect(JSON.parse(await readFile(statePath, 'utf8')).journal).toHaveLength(3);
    await writeFile(statePath, '{"version":1,"trace":"x"}');
    await expect(SimulatedTerminal.open({ statePath })).rejects.toThrow(/trace/);
  });
});

describe('scenario and rules validation', () => {
  it('names the bad field', async () => {
    expect(() => parseScenario({ name: 'x', steps: [{ faults: ['meteor'] }] })).toThrow(/steps\.0\.faults\.0/);
    expect(() => parseScenario({ steps: [] })).toThrow(/name/);
    const path = join(dir, 's.json');
    await writeFile(path, '{ nope');
    await expect(loadScenarioFile(path)).rejects.toThrow(/not valid JSON/);
    expect(() => parseOutcomeRules({ rules: [{ from: 60, to: 50, responseCode: '00' }] })).toThrow(/reversed/);
    expect(() => parseOutcomeRules({ rules: [{ from: 0, to: 100, responseCode: '00' }] })).toThrow(/rules\.0\.to/);
  });
});
