import type { CardSlipData } from './templates/card-slip';
import type { RefundReceiptData } from './templates/refund';
import type { SaleReceiptData } from './templates/sale';
import type { SettlementReportData } from './templates/settlement';
import type { ShiftReportData } from './templates/shift';

/** Sample documents for tests, goldens, benchmarks and the simulator's demo prints. */

export const SAMPLE_SALE: SaleReceiptData = {
  storeName: '好又多超市',
  storeAddress: '广州市天河区体育西路 88 号',
  orderNo: 'S20261122-0001',
  cashier: '张三',
  at: '2026-11-22T14:03:05+08:00',
  lines: [
    { name: '可口可乐 500ml', qtyMilli: 2000, unit: '瓶', unitPriceFen: 350, amountFen: 700 },
    { name: '92号汽油（国VI）加油机 3 号枪', qtyMilli: 30250, unit: '升', unitPriceFen: 752, amountFen: 22748 },
    { name: '农夫山泉 550ml', qtyMilli: 1000, unit: '瓶', unitPriceFen: 200, amountFen: 200 },
  ],
  totalFen: 23648,
  payments: [
    { label: '银行卡', amountFen: 20000, detail: '622202******1234' },
    { label: '现金', amountFen: 5000 },
  ],
  changeFen: 1352,
  footer: '谢谢惠顾，欢迎再次光临',
  qr: 'https://posdesk.example/r/S20261122-0001',
};

export const SAMPLE_CARD_SLIP: CardSlipData = {
  merchantName: '好又多超市天河店',
  merchantNo: '898440153110123',
  terminalNo: '12345678',
  operatorNo: '01',
  acquirer: '01020000',
  issuer: '工商银行',
  maskedPan: '622202******1234',
  transType: '消费/SALE(S)',
  expiry: '2912',
  batchNo: '000012',
  traceNo: '000345',
  authCode: '123456',
  refNo: '141200123456',
  at: '2026-11-22T14:03:01+08:00',
  amountFen: 20000,
  copy: 'merchant',
};

export const SAMPLE_REFUND: RefundReceiptData = {
  storeName: '好又多超市',
  refundNo: 'R20261122-0001',
  originalOrderNo: 'S20261122-0001',
  cashier: '张三',
  at: '2026-11-22T15:10:00+08:00',
  lines: [{ name: '可口可乐 500ml', qtyMilli: 1000, unit: '瓶', amountFen: 350 }],
  refundFen: 350,
  refunds: [{ label: '现金', amountFen: 350 }],
  reason: '包装破损',
};

export const SAMPLE_SETTLEMENT: SettlementReportData = {
  merchantName: '好又多超市天河店',
  merchantNo: '898440153110123',
  terminalNo: '12345678',
  operatorNo: '01',
  batchNo: '000012',
  at: '2026-11-22T23:00:00+08:00',
  domestic: [
    { label: '消费', count: 42, amountFen: 1234500 },
    { label: '消费撤销', count: 1, amountFen: 2000 },
    { label: '退货', count: 0, amountFen: 0 },
  ],
  foreign: [
    { label: '借记', count: 2, amountFen: 30000 },
    { label: '贷记', count: 3, amountFen: 45600 },
  ],
  domesticBalanced: true,
  foreignBalanced: false,
};

export const SAMPLE_SHIFT: ShiftReportData = {
  storeName: '好又多超市',
  cashier: '张三',
  shiftNo: '20261122-1',
  from: '2026-11-22T08:00:00+08:00',
  to: '2026-11-22T16:00:00+08:00',
  orderCount: 120,
  salesFen: 2345600,
  refundCount: 2,
  refundFen: 1200,
  byTender: [
    { label: '现金', count: 40, amountFen: 500000 },
    { label: '银行卡', count: 30, amountFen: 1000000 },
    { label: '微信', count: 50, amountFen: 845600 },
  ],
  openingCashFen: 50000,
  expectedCashFen: 548800,
  countedCashFen: 548800,
};
