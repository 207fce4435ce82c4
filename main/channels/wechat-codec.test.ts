import { describe, expect, it } from 'vitest';
import { parseWechatXml, toWechatXml, wechatNonce, wechatSign, wechatSignString, wechatVerify } from './wechat-codec';

// WeChat's own example on the 签名算法 page (appid wxd930ea5d5a258f4f, key 192006250b4c09247ec02edce69f6a2d).
const DOC_PARAMS = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };
const DOC_KEY = '192006250b4c09247ec02edce69f6a2d';

describe('WeChat v2 signature', () => {
  it('builds the sorted string with &key= and skips empty values and sign', () => {
    expect(wechatSignString({ ...DOC_PARAMS, attach: '', sign: 'X' }, DOC_KEY)).toBe(
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d',
    );
  });

  it('matches the documented MD5 and HMAC-SHA256 signatures exactly', () => {
    expect(wechatSign(DOC_PARAMS, DOC_KEY, 'MD5')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    expect(wechatSign(DOC_PARAMS, DOC_KEY, 'HMAC-SHA256')).toBe('6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6');
  });

  it('verifies, and rejects a tampered field, a wrong key or a missing sign', () => {
    const signed = { ...DOC_PARAMS, sign: wechatSign(DOC_PARAMS, DOC_KEY, 'MD5') };
    expect(wechatVerify(signed, DOC_KEY, 'MD5')).toBe(true);
    expect(wechatVerify({ ...signed, body: 'test2' }, DOC_KEY, 'MD5')).toBe(false);
    expect(wechatVerify(signed, `${DOC_KEY.slice(0, -1)}0`, 'MD5')).toBe(false);
    expect(wechatVerify(signed, DOC_KEY, 'HMAC-SHA256')).toBe(false);
    expect(wechatVerify(DOC_PARAMS, DOC_KEY, 'MD5')).toBe(false);
  });

  it('makes 32-character alphanumeric nonces', () => {
    expect(wechatNonce()).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(wechatNonce((n) => Buffer.alloc(n, 0))).toBe('0'.repeat(32));
  });
});

describe('WeChat XML', () => {
  it('writes CDATA fields exactly and reads them back as strings', () => {
    const xml = toWechatXml({ out_trade_no: '0012', body: '可乐 & <雪碧>', odd: 'a]]>b' });
    expect(xml).toBe(
      '<xml><out_trade_no><![CDATA[0012]]></out_trade_no><body><![CDATA[可乐 & <雪碧>]]></body><odd><![CDATA[a]]]]><![CDATA[>b]]></odd></xml>',
    );
    expect(parseWechatXml(xml)).toEqual({ ok: true, params: { out_trade_no: '0012', body: '可乐 & <雪碧>', odd: 'a]]>b' } });
  });

  it('reads plain (non-CDATA) values and an empty document', () => {
    expect(parseWechatXml('<xml><total_fee>100</total_fee><a></a></xml>')).toEqual({ ok: true, params: { total_fee: '100', a: '' } });
    expect(parseWechatXml('<xml></xml>')).toEqual({ ok: true, params: {} });
  });

  it('reports malformed bodies instead of throwing', () => {
    expect(parseWechatXml('<xml><a>1</xml>')).toMatchObject({ ok: false });
    expect(parseWechatXml('<root><a>1</a></root>')).toEqual({ ok: false, error: 'the body is not an <xml> document' });
    expect(parseWechatXml('<xml><a><b>1</b></a></xml>')).toEqual({ ok: false, error: 'field <a> is not a plain value' });
    expect(parseWechatXml('')).toMatchObject({ ok: false });
  });

  it('refuses a field name that is not an XML tag', () => {
    expect(() => toWechatXml({ 'bad name': 'x' })).toThrow(/not an XML tag name/);
  });
});
