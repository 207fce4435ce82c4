import { describe, expect, it } from 'vitest';
import { describeResponseCode, isDomesticPan, settlementBucket, TransactionRequestSchema, TransactionResultSchema } from './model';

describe('card rules shared by the simulator and reconciliation', () => {
  it('settles 01 credit and 02 quasi-credit as credit, the rest as debit', () => {
    expect(['00', '01', '02', '03', '04', ''].map(settlementBucket)).toEqual(['debit', 'credit', 'credit', 'debit', 'debit', 'debit']);
  });
  it('tells 内卡 from 外卡 by the BIN, full or masked', () => {
    expect(isDomesticPan('6217000010006354123')).toBe(true);
    expect(isDomesticPan('621700*********4123')).toBe(true);
    expect(isDomesticPan('476173******0005')).toBe(false);
  });
});

describe('schemas and codes', () => {
  it('validates requests and names the bad field', () => {
    const ok = TransactionRequestSchema.safeParse({ kind: 'sale', amountFen: 100, orderNo: 'A1', tender: 'card' });
    expect(ok.success).toBe(true);
    const bad = TransactionRequestSchema.safeParse({ kind: 'sale', amountFen: 1.5, orderNo: 'A1', tender: 'card' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toMatch(/amountFen/);
  });
  it('rejects unmasked-looking PAN text other than digits and stars', () => {
    const r = TransactionResultSchema.safeParse({ maskedPan: '6217-00' });
    expect(r.success).toBe(false);
  });
  it('maps response codes to outcomes', () => {
    expect(describeResponseCode('00').outcome).toBe('approved');
    expect(describeResponseCode('51')).toEqual({ outcome: 'declined', message: '余额不足' });
    expect(describeResponseCode('L2').outcome).toBe('cancelled');
    expect(describeResponseCode('Z9').message).toContain('Z9');
  });
});
