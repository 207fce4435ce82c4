import { describe, expect, it } from 'vitest';
import { encodeSettlementReport } from '../../drivers/printer/templates/settlement';
import { VirtualPrinter } from '../../drivers/printer/virtual/interpreter';
import { receiptText } from '../../drivers/printer/virtual/model';
import { JOURNAL_20240102 } from '../../test/fixtures/statements/journal-20240102';
import { enOf, zhOf } from './bilingual';
import { formatSettlementReport } from './report';
import { compareSettlement, localBatchTotals, settlementSlipData, type TerminalBatchTotals } from './settlement';
import type { LocalPayment } from './types';

/** What the terminal reports for batch 000101 when it agrees with the journal. */
const AGREED: TerminalBatchTotals = {
  batchNo: '000101',
  // C001 sale 100.00 + its 退货 -50.00 + C008 60.00; C004 was voided and drops out.
  domestic: { debit: { count: 3, amountFen: 11000 }, credit: { count: 1, amountFen: 20000 } },
  foreign: { debit: { count: 0, amountFen: 0 }, credit: { count: 1, amountFen: 30000 } },
};
const HEADER = { merchantName: '一号店', merchantNo: '898310058120001', terminalNo: '10000001', operatorNo: '01', at: '2024-01-02T22:00:00+08:00' };

describe('terminal settlement comparison', () => {
  it('sums the journal per 内卡/外卡 × 借记/贷记 and per transaction type', () => {
    const { totals, warnings } = localBatchTotals(JOURNAL_20240102, { batchNo: '000101' });
    expect(totals.domestic).toEqual(AGREED.domestic);
    expect(totals.foreign).toEqual(AGREED.foreign);
    expect(totals.byType.domestic).toEqual({
      sale: { count: 4, amountFen: 10000 + 20000 + 40000 + 6000 },
      void: { count: 1, amountFen: 40000 },
      refund: { count: 1, amountFen: 5000 },
    });
    expect(warnings).toEqual([]);
  });

  it('is 对账平 (00) when the terminal agrees', () => {
    const cmp = compareSettlement(JOURNAL_20240102, AGREED);
    expect(cmp).toMatchObject({ balanced: true, domesticBalanced: true, foreignBalanced: true, responseCode: '00', differences: [] });
    expect(formatSettlementReport(cmp)).toBe('批次号 000101  应答码 00\n内卡对账平  外卡对账平\n');
  });

  it('is 内卡对账不平 (95) with the differing bucket when a sale is missing at the terminal', () => {
    const terminal = { ...AGREED, domestic: { ...AGREED.domestic, debit: { count: 2, amountFen: 5000 } } };
    const cmp = compareSettlement(JOURNAL_20240102, terminal);
    expect(cmp).toMatchObject({ balanced: false, domesticBalanced: false, foreignBalanced: true, responseCode: '95' });
    expect(cmp.differences).toEqual([{ scheme: 'domestic', bucket: 'debit', localCount: 3, terminalCount: 2, localFen: 11000, terminalFen: 5000 }]);
    expect(formatSettlementReport(cmp)).toContain('内卡借记: 本地 3 笔 110.00 元, 终端 2 笔 50.00 元');
  });

  it('compares the per-type rows when the terminal reports them', () => {
    const byType = { sale: { count: 4, amountFen: 76000 }, void: { count: 0, amountFen: 0 }, refund: { count: 1, amountFen: 5000 } };
    const cmp = compareSettlement(JOURNAL_20240102, { ...AGREED, byType: { domestic: byType } });
    expect(cmp.differences).toEqual([{ scheme: 'domestic', bucket: 'void', localCount: 1, terminalCount: 0, localFen: 40000, terminalFen: 0 }]);
  });

  it('warns about payments that are not final or lack card details, and filters by terminal', () => {
    const extra: LocalPayment[] = [
      { paymentId: 'x', orderNo: 'X', tender: 'card', amountFen: 100, state: 'unknown', at: '2024-01-02T23:00:00+08:00', batchNo: '000101' },
      { paymentId: 'y', orderNo: 'Y', tender: 'card', amountFen: 300, state: 'approved', at: '2024-01-02T23:01:00+08:00', batchNo: '000101', terminalId: '2' },
    ];
    const all = compareSettlement([...JOURNAL_20240102, ...extra], AGREED);
    expect(all.warnings.map(enOf)).toEqual([
      'payment x (order X) is unknown: resolve it before settling',
      '2 card payment(s) lack 内卡/外卡 or 借记/贷记 and were counted as 内卡借记',
    ]);
    expect(all.warnings.map(zhOf)).toEqual(['支付 x（订单 X）状态未知：请先查询处理再结算', '2 笔银行卡支付缺少内卡/外卡或借记/贷记信息，已按内卡借记计入']);
    // The text report is all Chinese: it prints the Chinese half.
    expect(formatSettlementReport(all)).toContain('  注意: 支付 x（订单 X）状态未知：请先查询处理再结算\n');
    expect(all.differences[0]).toMatchObject({ bucket: 'debit', localCount: 4, localFen: 11300 });
    expect(compareSettlement([...JOURNAL_20240102, ...extra], AGREED, { terminalId: '10000001' }).balanced).toBe(true);
  });

  it('gives slip data the printer template prints as a POS 结算总计单', () => {
    const cmp = compareSettlement(JOURNAL_20240102, { ...AGREED, foreign: { ...AGREED.foreign, credit: { count: 1, amountFen: 29999 } } });
    const data = settlementSlipData(cmp, HEADER);
    expect(data).toEqual({
      ...HEADER,
      batchNo: '000101',
      domestic: [
        { label: '消费', count: 4, amountFen: 76000 },
        { label: '消费撤销', count: 1, amountFen: 40000 },
        { label: '退货', count: 1, amountFen: 5000 },
        { label: '借记', count: 3, amountFen: 11000 },
        { label: '贷记', count: 1, amountFen: 20000 },
      ],
      foreign: [
        { label: '借记', count: 0, amountFen: 0 },
        { label: '贷记', count: 1, amountFen: 29999 },
      ],
      domesticBalanced: true,
      foreignBalanced: false,
    });
    const profile = { widthMm: 80, encoding: 'GB18030', cjkMode: 'native', cut: true } as const;
    const vp = new VirtualPrinter({ widthDots: 576, encoding: 'GB18030' });
    vp.feed(encodeSettlementReport(data, profile));
    const receipt = vp.receipts[0];
    if (!receipt) throw new Error('the virtual printer saw no receipt');
    const lines = receiptText(receipt);
    expect(lines).toContain('内卡对账平');
    expect(lines).toContain('外卡对账不平');
    expect(lines.some((l) => /^消费撤销\s+1\s+400\.00$/.test(l))).toBe(true);
  });
});
