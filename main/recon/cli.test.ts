import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JOURNAL_20240102 } from '../../test/fixtures/statements/journal-20240102';
import { runRecon } from './cli';
import type { LocalJournalSource, LocalPayment } from './types';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/statements');
const fx = (n: string) => path.join(FIXTURES, n);
const dir = mkdtempSync(path.join(tmpdir(), 'posdesk-recon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function journal(payments: LocalPayment[]): LocalJournalSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    paymentsOn: (d) => {
      asked.push(d);
      return payments;
    },
  };
}

async function run(argv: string[], payments: LocalPayment[] = JOURNAL_20240102) {
  let out = '';
  let err = '';
  const j = journal(payments);
  const code = await runRecon(argv, j, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: async (p) => readFileSync(p),
    writeFile: async (p, d) => writeFileSync(p, d),
  });
  return { code, out, err, asked: j.asked };
}

describe('posdesk recon', () => {
  it('exits 1 with a readable report when there are differences, and writes CSV and chart', async () => {
    const csv = path.join(dir, 'statement.csv');
    const chart = path.join(dir, 'chart.svg');
    const r = await run(['--date', '2024-01-02', '--statement', fx('wechat-20240102-all.csv'), fx('alipay-20240102.csv.zip'), fx('acquirer-20240102.csv'), '--csv', csv, '--chart', chart]);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.asked).toEqual(['2024-01-02']);
    expect(r.out).toContain('对账不平: 10 difference(s)');
    expect(r.out).toContain('长款(本地无)  微信支付 收款 W003  2024-01-02 11:02:45  渠道 8.00  — 长款：对账单上有，本地流水没有 / 长款: on the statement, not in the journal');
    expect(r.out).toContain('未对账 现金: 1 笔 15.00 元');
    expect(readFileSync(csv, 'utf8').startsWith('\uFEFF时间,')).toBe(true);
    expect(readFileSync(chart, 'utf8')).toContain('<svg');
  });

  it('exits 0 when every leg matches', async () => {
    const local = JOURNAL_20240102.filter((p) => p.outTradeNo === 'W001');
    const bill = readFileSync(fx('wechat-20240102-all.csv'), 'utf8').split('\r\n');
    // Keep header, the W001 row, and a summary rewritten for that one row.
    const one = [bill[0]?.replace(/^\uFEFF/, ''), bill[1], bill[8], '`1,`12.00,`0.00,`0.00,`0.07000,`12.00,`0.00', ''].join('\r\n');
    const file = path.join(dir, 'one.csv');
    writeFileSync(file, `\uFEFF${one}`);
    const r = await run(['--date', '2024-01-02', '--statement', file], local);
    expect(r.err).toBe('');
    expect(r.out).toContain('对账平: every leg matched');
    expect(r.code).toBe(0);
  });

  it('exits 1 on bad rows, printing each with its line', async () => {
    const file = path.join(dir, 'bad-row.csv');
    writeFileSync(file, readFileSync(fx('wechat-20240102-all.csv'), 'utf8').replace('`8.00,`0.00,`0,', '`8.0.0,`0.00,`0,'));
    const r = await run(['--date', '2024-01-02', '--statement', file, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { errors: { line: number; message: string }[] };
    expect(json.errors).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/8\.0\.0/) })]);
  });

  it('exits 2 on bad input: arguments, missing or unusable files, another day', async () => {
    expect((await run(['--statement', fx('wechat-20240102-all.csv')])).code).toBe(2);
    expect((await run(['--date', '2024-01-02'])).err).toMatch(/at least one --statement/);
    expect((await run(['--date', '2024-01-02', '--bogus'])).code).toBe(2);
    const missing = await run(['--date', '2024-01-02', '--statement', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.csv: cannot read/);
    const truncated = path.join(dir, 'cut.zip');
    writeFileSync(truncated, readFileSync(fx('alipay-20240102.csv.zip')).subarray(0, 500));
    const cut = await run(['--date', '2024-01-02', '--statement', truncated]);
    expect(cut.code).toBe(2);
    expect(cut.err).toContain('no end-of-central-directory record');
    const other = await run(['--date', '2024-01-03', '--statement', fx('wechat-20240102-all.csv')]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/no row is dated 2024-01-03/);
    expect(other.asked).toEqual([]);
  });
});
