/** Pure vendor-answer -> QrResult mapping: the cases the simulator does not produce. */
import { describe, expect, it } from 'vitest';
import { alipayCancelResult, alipayPayResult, alipayQueryResult, alipayRefundResult } from './alipay-result';
import { QrRouter } from './qr-router';
import { type QrChannelClient, QrChannelError, type QrResult } from './types';
import { wechatMicropayResult, wechatQueryResult, wechatRefundResult, wechatReverseResult } from './wechat-result';

const ok = { return_code: 'SUCCESS' };

describe('WeChat answers', () => {
  it('BANKERROR and an empty err_code are UNKNOWN, never FAIL', () => {
    expect(wechatMicropayResult({ ...ok, result_code: 'FAIL', err_code: 'BANKERROR' }, 100).status).toBe('UNKNOWN');
    expect(wechatMicropayResult({ ...ok, result_code: 'FAIL' }, 100).status).toBe('UNKNOWN');
    expect(wechatMicropayResult({ ...ok, result_code: 'FAIL', err_code: 'NOTSUPORTCARD' }, 100)).toMatchObject({
      status: 'FAIL',
      errCode: 'NOTSUPORTCARD',
      amountFen: 100,
    });
  });

  it('a query that could not be answered is UNKNOWN; time_end is Beijing time', () => {
    expect(wechatQueryResult({ return_code: 'FAIL', return_msg: '系统繁忙' })).toMatchObject({ status: 'UNKNOWN', errMessage: '系统繁忙' });
    expect(wechatQueryResult({ ...ok, result_code: 'FAIL', err_code: 'SYSTEMERROR' }).status).toBe('UNKNOWN');
    expect(wechatQueryResult({ ...ok, result_code: 'SUCCESS', trade_state: 'WHATEVER' }).status).toBe('UNKNOWN');
    expect(wechatQueryResult({ ...ok, result_code: 'SUCCESS', trade_state: 'SUCCESS', time_end: '20240102100000', total_fee: '5' })).toMatchObject({
      status: 'SUCCESS',
      paidAt: '2024-01-02T02:00:00.000Z',
      amountFen: 5,
    });
  });

  it('reverse: recall=Y or SYSTEMERROR means call again; other refusals are FAIL', () => {
    expect(wechatReverseResult({ ...ok, result_code: 'FAIL', err_code: 'SYSTEMERROR', recall: 'Y' })).toMatchObject({ status: 'UNKNOWN', recall: true });
    expect(wechatReverseResult({ ...ok, result_code: 'FAIL', err_code: 'REVERSE_EXPIRE', recall: 'N' })).toMatchObject({ status: 'FAIL', recall: false });
    expect(wechatReverseResult({ return_code: 'FAIL' })).toMatchObject({ status: 'UNKNOWN', recall: true });
  });

  it('refund: BIZERR_NEED_RETRY is UNKNOWN', () => {
    expect(wechatRefundResult({ ...ok, result_code: 'FAIL', err_code: 'BIZERR_NEED_RETRY' }, 10).status).toBe('UNKNOWN');
  });
});

describe('Alipay answers', () => {
  it('40004 ACQ.SYSTEM_ERROR is UNKNOWN; other 40004 are FAIL; 40002 is FAIL', () => {
    expect(alipayPayResult({ code: '40004', sub_code: 'ACQ.SYSTEM_ERROR' }, 1).status).toBe('UNKNOWN');
    expect(alipayPayResult({ code: '40004', sub_code: 'ACQ.TRADE_HAS_CLOSE' }, 1)).toMatchObject({ status: 'FAIL', errCode: 'ACQ.TRADE_HAS_CLOSE' });
    expect(alipayPayResult({ code: '40002', sub_code: 'isv.invalid-signature' }, 1).status).toBe('FAIL');
  });

  it('TRADE_FINISHED is paid; a malformed amount is not trusted', () => {
    expect(alipayQueryResult({ code: '10000', trade_status: 'TRADE_FINISHED', total_amount: '1.5' })).toMatchObject({ status: 'SUCCESS', amountFen: 150 });
    expect(alipayQueryResult({ code: '10000', trade_status: 'TRADE_SUCCESS', total_amount: '1.555' }).amountFen).toBe(0);
    expect(alipayQueryResult({ code: '20000' }).status).toBe('UNKNOWN');
  });

  it('cancel: retry_flag=Y is UNKNOWN; refund answers keep the cumulative amount', () => {
    expect(alipayCancelResult({ code: '40004', sub_code: 'ACQ.SYSTEM_ERROR', retry_flag: 'Y' })).toMatchObject({ status: 'UNKNOWN', retryFlag: true });
    expect(alipayCancelResult({ code: '40004', sub_code: 'ACQ.REASON_TRADE_BEEN_FREEZEN', retry_flag: 'N' }).status).toBe('FAIL');
    expect(alipayRefundResult({ code: '10000', refund_fee: '8.80' }, 300)).toMatchObject({ status: 'REFUND', amountFen: 300, refundedFen: 880 });
  });
});

describe('QrRouter', () => {
  const fake = (name: string): QrChannelClient => {
    const r = (status: QrResult['status']): Promise<QrResult> => Promise.resolve({ status, amountFen: 0, errMessage: name });
    return {
      pay: () => r('SUCCESS'),
      query: () => r('SUCCESS'),
      reverse: () => r('REVOKED'),
      refund: () => r('REFUND'),
      precreate: () => Promise.resolve({ qrCode: name }),
    };
  };

  it('routes by channel and remembers where a trade went', async () => {
    const router = new QrRouter({ wechat: fake('wx'), alipay: fake('ali') });
    await router.pay({ channel: 'alipay', outTradeNo: 'O1', authCode: '28', amountFen: 1, subject: 's' });
    expect((await router.query('O1')).errMessage).toBe('ali');
    expect((await router.reverse('O2', 'wechat')).errMessage).toBe('wx');
    expect(await router.pay({ channel: 'unionpay', outTradeNo: 'O3', authCode: '62', amountFen: 1, subject: 's' })).toMatchObject({
      status: 'FAIL',
      errCode: 'CHANNEL_NOT_CONFIGURED',
    });
    await expect(router.query('unknown')).rejects.toThrow(QrChannelError);
    expect(await router.precreate({ outTradeNo: 'O4', amountFen: 1, subject: 's', channel: 'wechat' })).toEqual({ qrCode: 'wx' });
  });
});
