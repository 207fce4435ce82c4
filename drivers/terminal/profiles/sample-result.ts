/**
 * An approved card result with every field filled, for the profile tests: the values are the
 * ones the vendors' own examples use (a UnionPay debit card, terminal 10000001).
 */
import type { TransactionResult } from '../model';

export const SAMPLE_APPROVED: TransactionResult = {
  outcome: 'approved',
  responseCode: '00',
  message: '交易成功',
  traceNo: '000012',
  batchNo: '000001',
  refNo: '000000000034',
  authCode: '123456',
  maskedPan: '621700*********4123',
  cardType: '00',
  terminalId: '10000001',
  merchantId: '898310048990001',
  at: '2026-03-02T02:03:04.000Z',
  amountFen: 1234,
  orderNo: 'A0001',
};
