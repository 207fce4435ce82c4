import { describe, expect, it } from 'vitest';
import { concertCodec } from '../codecs/concert';
import { decodeTlv } from '../codecs/tlv';
import type { TransactionRequest, TransactionResult } from '../model';
import { getProfile, PROFILE_IDS, ProfileMapper } from './index';
import { parseProfile } from './profile-schema';
import { fromConcert, toConcert, toPosLink, fromPosLink, tlvToBytes, bytesToTlv } from './wire';
import { SAMPLE_APPROVED } from './sample-result';

const NOW = new Date('2026-03-02T02:03:04Z'); // 10:03:04 UTC+8

const REQUESTS: TransactionRequest[] = [
  { kind: 'sale', amountFen: 1234, orderNo: 'A0001', tender: 'card' },
  { kind: 'void', amountFen: 1234, orderNo: 'A0001', tender: 'card', original: { traceNo: '000012', date: '0302' } },
  { kind: 'refund', amountFen: 500, orderNo: 'A0002', tender: 'card', original: { traceNo: '000012', refNo: '000000000034', date: '0302' } },
  { kind: 'query', amountFen: 0, orderNo: 'A0001', tender: 'card' },
  { kind: 'signIn', amountFen: 0, orderNo: 'signIn', tender: 'card' },
  { kind: 'settle', amountFen: 0, orderNo: 'settle', tender: 'card' },
  { kind: 'reprint', amountFen: 0, orderNo: 'A0001', tender: 'card' },
  { kind: 'reverse', amountFen: 0, orderNo: 'A0001', tender: 'card' },
];

const RESULT: TransactionResult = SAMPLE_APPROVED;

/** What a profile can carry: Concert has no message/ids fields, POSLink no message text. */
function expectedOnWire(id: string, r: TransactionResult): TransactionResult {
  const out = { ...r };
  if (id === 'ingenico-concert') {
    out.terminalId = '';
    out.merchantId = '';
    // The 55-char report leads with the masked PAN clients read; batch and auth code no longer fit.
    out.batchNo = '';
    out.authCode = '';
  }
  return out;
}

describe.each(PROFILE_IDS)('profile %s', (id) => {
  const mapper = new ProfileMapper(getProfile(id));

  it.each(REQUESTS.map((r) => [r.kind, r] as const))('round-trips a %s request host -> device', (_kind, request) => {
    const wire = mapper.toVendor(request, NOW);
    const parsed = mapper.parseRequest(wire);
    expect(parsed.kind).toBe(request.kind);
    expect(parsed.amountFen).toBe(request.amountFen);
    if (id === 'ingenico-concert' && (request.kind === 'void' || request.kind === 'refund')) {
      // Concert's 10-char private field carries the original trace + date instead.
      expect(parsed.original).toEqual({ traceNo: '000012', date: '0302' });
    } else {
      expect(parsed.orderNo).toBe(request.orderNo);
      expect(parsed.original).toEqual(request.original);
    }
  });

  it('round-trips an approved and a declined result device -> host', () => {
    for (const r of [RESULT, { ...RESULT, outcome: 'declined' as const, responseCode: '51', message: '余额不足', authCode: '' }]) {
      const wire = mapper.toVendorResult(r, 'sale');
      const back = mapper.fromVendor(wire, NOW);
      expect(back.type).toBe('result');
      if (back.type !== 'result') return;
      expect(back.result).toEqual(expectedOnWire(id, r));
    }
  });

  it('carries settlement totals and progress where the vendor has them', () => {
    const settlement = {
      domestic: { debit: { count: 2, amountFen: 3000 }, credit: { count: 1, amountFen: 99 } },
      foreign: { debit: { count: 0, amountFen: 0 }, credit: { count: 1, amountFen: 5000 } },
    };
    const back = mapper.fromVendor(mapper.toVendorResult({ ...RESULT, settlement }, 'settle'), NOW);
    if (back.type !== 'result') throw new Error('expected a result');
    if (mapper.profile.response.fields.settlement) expect(back.result.settlement).toEqual(settlement);
    const progress = mapper.toVendorProgress({ stage: 'waitingPin', message: '请输入密码' });
    if (mapper.profile.progress) {
      expect(progress).toBeDefined();
      expect(mapper.fromVendor(progress ?? {}, NOW)).toEqual({ type: 'progress', event: { stage: 'waitingPin', message: '请输入密码' } });
    } else {
      expect(progress).toBeUndefined();
    }
  });

  it('masks a full PAN sent by the terminal at the boundary', () => {
    const wire = mapper.toVendorResult({ ...RESULT, maskedPan: '6217000010006354123' }, 'sale');
    const back = mapper.fromVendor(wire, NOW);
    if (back.type !== 'result') throw new Error('expected a result');
    expect(back.result.maskedPan).not.toContain('0010006354');
  });

  it('rejects an unknown transaction with the fields it saw', () => {
    expect(() => mapper.parseRequest({ bogus: '1' })).toThrow(/unknown transaction/);
  });
});

describe('vendor facts on the wire', () => {
  it('Lakala: yuan string amt, proc_cd, RESULT_OK -1 with txndetail as a JSON string', () => {
    const m = new ProfileMapper(getProfile('lakala'));
    expect(m.toVendor(REQUESTS[0] as TransactionRequest, NOW)).toEqual({
      proc_tp: '00',
      appid: 'com.posdesk.counter',
      pay_tp: '0',
      msg_tp: '0200',
      proc_cd: '000000',
      amt: '12.34',
      order_no: 'A0001',
      time_stamp: '20260302100304',
    });
    const reply = m.toVendorResult(RESULT, 'sale');
    expect(reply.resultCode).toBe(-1);
    expect(typeof reply.txndetail).toBe('string');
    expect(JSON.parse(String(reply.txndetail))).toMatchObject({ systraceno: '000012', transamount: '12.34', translocaldate: '0302', translocaltime: '100304' });
    const cancelled = m.fromVendor({ resultCode: 0, reason: '用户取消' }, NOW);
    expect(cancelled.type === 'result' && cancelled.result).toMatchObject({ outcome: 'cancelled', responseCode: 'L2', message: '用户取消' });
    const failed = m.fromVendor({ resultCode: -2, reason: '交易失败' }, NOW);
    expect(failed.type === 'result' && failed.result.outcome).toBe('declined');
  });

  it('Newland: camelCase over COM, code "0"/"-1", 该功能尚未开通', () => {
    const m = new ProfileMapper(getProfile('newland'));
    const v = m.toVendor({ kind: 'void', amountFen: 10001, orderNo: 'N1', tender: 'card', original: { traceNo: '000007' } }, NOW);
    expect(v).toMatchObject({ msgTp: '0200', procCd: '200000', amt: '100.01', systraceNo: '000007' });
    const r = m.fromVendor({ msgTp: '0210', procCd: '000000', code: '-1', respCode: '40', message: '该功能尚未开通' }, NOW);
    expect(r).toMatchObject({ type: 'result', kind: 'sale', result: { outcome: 'declined', responseCode: '40', message: '该功能尚未开通' } });
  });

  it('Sunmi: amount in fen, resultCode 0 + answerCode decides', () => {
    const m = new ProfileMapper(getProfile('sunmi'));
    expect(m.toVendor(REQUESTS[0] as TransactionRequest, NOW)).toMatchObject({ transType: 0, amount: 1234, transId: 'A0001', paymentType: 0 });
    const declined = m.fromVendor({ resultCode: 0, answerCode: '51', transType: 0 }, NOW);
    expect(declined.type === 'result' && declined.result.outcome).toBe('declined');
    const qr = m.toVendor({ kind: 'qrSale', amountFen: 1, orderNo: 'Q', tender: 'qr' }, NOW);
    expect(m.parseRequest(qr).kind).toBe('qrSale');
  });

  it('Landi: yuan double amount, responseCodeThirtyNine', () => {
    const m = new ProfileMapper(getProfile('landi-a8'));
    const v = m.toVendor({ kind: 'sale', amountFen: 1999, orderNo: 'L1', tender: 'card' }, NOW);
    expect(v).toMatchObject({ method: 'consume', header: { version: 'V1.2.0' }, body: { amount: 19.99, orderNumber: 'L1' } });
    expect(m.parseRequest({ method: 'consume', body: { amount: 0.1 + 0.2, orderNumber: 'x' } }).amountFen).toBe(30);
    expect(() => m.parseRequest({ method: 'consume', body: { amount: 1.234, orderNumber: 'x' } })).toThrow(/more than 2 decimals/);
  });

  it('WangPOS: fen long, qianDao("010"), exception code', () => {
    const m = new ProfileMapper(getProfile('wangpos'));
    expect(m.toVendor({ kind: 'signIn', amountFen: 0, orderNo: 'S', tender: 'card' }, NOW)).toMatchObject({ method: 'qianDao', args: { type: '010' } });
    const r = m.fromVendor({ exceptionCode: 1001, result: { responseCode: '55' } }, NOW);
    expect(r.type === 'result' && r.result).toMatchObject({ outcome: 'declined', responseCode: '55', message: '密码错误' });
  });

  it('MIS-POS: DF03 12-digit amount, GBK TLV exact bytes', () => {
    const m = new ProfileMapper(getProfile('mispos'));
    const v = m.toVendor(REQUESTS[0] as TransactionRequest, NOW);
    expect(v).toMatchObject({ DF01: '00', DF02: '02', DF03: '000000001234', DFBE: 'A0001' });
    const bytes = tlvToBytes({ DF02: '02', DF26: '余额不足' }, 'gbk');
    expect(Buffer.from(bytes).toString('hex')).toBe('df02023032df2608d3e0b6eeb2bbd7e3');
    expect(bytesToTlv(bytes, 'gbk')).toEqual({ DF02: '02', DF26: '余额不足' });
    expect(decodeTlv(tlvToBytes(m.toVendorResult(RESULT, 'sale'), 'gbk')).ok).toBe(true);
    expect(() => tlvToBytes({ amount: '1' }, 'gbk')).toThrow(/not a DF tag/);
  });

  it('PAX: positional fields, deviceResponseCode 000000', () => {
    const p = getProfile('pax-poslink');
    const m = new ProfileMapper(p);
    const frame = toPosLink(m.toVendor(REQUESTS[0] as TransactionRequest, NOW), p.positional?.request ?? []);
    expect(frame).toEqual({ command: 'T00', version: '1.35', fields: ['01', '1234', 'A0001', '', '', ''] });
    const reply = toPosLink(m.toVendorResult(RESULT, 'sale'), p.positional?.response ?? []);
    expect(reply.command).toBe('T01');
    expect(reply.fields.slice(0, 5)).toEqual(['000000', '00', '01', '1234', 'A0001']);
    expect(m.fromVendor(fromPosLink(reply, p.positional?.response ?? []), NOW)).toMatchObject({ type: 'result', kind: 'sale' });
  });

  it('Concert: 34-char request with the order in privateData, report split on the way back', () => {
    const m = new ProfileMapper(getProfile('ingenico-concert'));
    const req = toConcert(m.toVendor(REQUESTS[0] as TransactionRequest, NOW), 'request');
    const bytes = concertCodec.encode(req);
    expect(Buffer.from(bytes.subarray(1, 35)).toString('latin1')).toBe('0100001234110156A0001     A010B010');
    const reply = toConcert(m.toVendorResult(RESULT, 'sale'), 'response');
    const decoded = concertCodec.createDecoder().push(concertCodec.encode(reply));
    const frame = decoded[0];
    if (frame?.type !== 'frame') throw new Error('no frame');
    const back = m.fromVendor(fromConcert(frame.frame), NOW);
    expect(back.type === 'result' && back.result).toMatchObject({ outcome: 'approved', traceNo: '000012', refNo: '000000000034', maskedPan: '621700*********4123', orderNo: 'A0001' });
    expect(() => toConcert(m.toVendor({ ...REQUESTS[0], orderNo: 'TOO-LONG-ORDER' } as TransactionRequest, NOW), 'request')).toThrow(/longer than 10/);
  });
});

describe('profile validation', () => {
  it('names the bad fields of a QA-edited profile', () => {
    const doc = structuredClone(getProfile('lakala')) as unknown as Record<string, unknown>;
    expect(() => parseProfile({ ...doc, units: 'rubles' })).toThrow(/units/);
    const kinds = { ...(doc.kinds as Record<string, unknown>) };
    delete kinds.reverse;
    expect(() => parseProfile({ ...doc, kinds })).toThrow(/missing reverse/);
    const dup = { ...(doc.kinds as Record<string, { request: unknown }>) };
    dup.void = { request: dup.sale?.request };
    expect(() => parseProfile({ ...doc, kinds: dup })).toThrow(/same as kinds/);
  });
});
