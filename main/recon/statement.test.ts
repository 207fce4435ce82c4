import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_20240102 } from '../../test/fixtures/statements/journal-20240102';
import { parseStatement } from './detect';
import { matchStatements } from './match';
import { buildMerchantStatement } from './statement';
import { merchantStatementCsv, STATEMENT_CSV_COLUMNS } from './statement-csv';
import { takingsChartSvg } from './takings-chart';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/statements');
const rows = ['wechat-20240102-all.csv', 'alipay-20240102.csv.zip', 'acquirer-20240102.csv'].flatMap(
  (n) => parseStatement(readFileSync(path.join(FIXTURES, n)), n).rows,
);
const date = '2024-01-02';
const match = matchStatements(JOURNAL_20240102, rows, { date, channels: ['wechat', 'alipay', 'card', 'unionpay'] });
const s = buildMerchantStatement(JOURNAL_20240102, match, { date });

describe('merged merchant statement', () => {
  it('totals every tender with fees and net', () => {
    const by = Object.fromEntries(s.totals.map((t) => [t.tender, t]));
    expect(by.wechat).toEqual({ tender: 'wechat', count: 4, grossFen: 1200 + 3000 + 1550 + 600, refundCount: 1, refundFen: 500, feeFen: 7 + 18 + 9 - 3, netFen: 6350 - 500 - 31 });
    expect(by.card).toEqual({ tender: 'card', count: 4, grossFen: 66000, refundCount: 1, refundFen: 5000, feeFen: 50 + 100 + 750 - 25, netFen: 61000 - 875 });
    expect(by.cash).toMatchObject({ count: 1, grossFen: 1500, feeFen: 0, netFen: 1500 });
    expect(by.storedValue).toMatchObject({ count: 1, grossFen: 2000 });
    expect(by.unionpay).toMatchObject({ count: 1, grossFen: 6600, feeFen: 25 });
    expect(s.grand.grossFen).toBe(s.totals.reduce((a, t) => a + t.grossFen, 0));
    expect(s.channelOnly.map((i) => i.key)).toEqual(['R-A001-9', 'C007', 'W003']);
  });

  it('buckets takings by tender and store hour', () => {
    expect(s.hourly.cash[8]).toBe(1500);
    expect(s.hourly.wechat[9]).toBe(1200);
    expect(s.hourly.card[9]).toBe(10000);
    expect(s.hourlyRefunds.card[15]).toBe(5000);
    expect(s.hourly.wechat.reduce((a, b) => a + b, 0)).toBe(6350);
  });

  it('exports CSV with a BOM, CRLF, ids kept as text and both tables', () => {
    const csv = merchantStatementCsv(s);
    expect(csv.startsWith(`\uFEFF${STATEMENT_CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toContain('2024-01-02 08:05:00,现金,收款,O-K001\t,,,15.00,0.00,15.00,未对账');
    expect(lines).toContain('2024-01-02 15:10:00,银行卡,退款,C001\t,RF-C001\t,,-50.00,-0.25,-49.75,已对平');
    expect(lines).toContain('2024-01-02 12:29:59,微信支付,收款,O-W004\t,W004\t,,15.50,0.09,15.41,金额不符');
    expect(lines).toContain('微信支付,4,63.50,1,-5.00,0.31,58.19');
    expect(lines.at(-2)).toMatch(/^合计,/);
    expect(lines.at(-1)).toBe('');
  });

  it('draws a stacked bar chart with a legend of tenders that took money', () => {
    const svg = takingsChartSvg(s);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>8时 现金 15.00元</title>');
    expect(svg).toContain('>储值卡</text>');
    const empty = takingsChartSvg(buildMerchantStatement([], undefined, { date }));
    expect(empty).toContain('当日无收款');
  });
});
