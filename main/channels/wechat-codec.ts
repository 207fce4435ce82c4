/**
 * WeChat Pay v2 wire codec: the XML body and the MD5 / HMAC-SHA256 signature, pure.
 *
 * Why hand-written on node:crypto: no maintained WeChat Pay v2 library on npm fits here
 * (the maintained ones target the v3 JSON API; the v2 ones are unmaintained and pull in
 * request/xml2js stacks), and the v2 signature is a few lines that WeChat documents
 * exactly (签名算法, https://pay.weixin.qq.com/wiki/doc/api/micropay.php?chapter=4_3):
 *  1. take every parameter except `sign` whose value is non-empty,
 *  2. sort by parameter name in ASCII order and join as k1=v1&k2=v2,
 *  3. append `&key=<API key>`,
 *  4. MD5 (or HMAC-SHA256 keyed with the API key) and print uppercase hex.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export type WechatSignType = 'MD5' | 'HMAC-SHA256';
export type WechatParams = Record<string, string>;

export function wechatSignString(params: WechatParams, key: string): string {
  const pairs = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`);
  return `${pairs.join('&')}&key=${key}`;
}

export function wechatSign(params: WechatParams, key: string, signType: WechatSignType): string {
  const text = wechatSignString(params, key);
  const digest =
    signType === 'MD5'
      ? createHash('md5').update(text, 'utf8').digest('hex')
      : createHmac('sha256', key).update(text, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** Constant-time check of params.sign; a missing sign is a failure. */
export function wechatVerify(params: WechatParams, key: string, signType: WechatSignType): boolean {
  const given = params.sign;
  if (!given) return false;
  const expected = Buffer.from(wechatSign(params, key, signType));
  const actual = Buffer.from(given.toUpperCase());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** 32 characters from [0-9A-Za-z], as WeChat's nonce_str (String(32)) expects. */
export function wechatNonce(random: (n: number) => Buffer = randomBytes): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}

/** WeChat wraps every value in CDATA; "]]>" inside a value is split across two sections. */
export function toWechatXml(params: WechatParams): string {
  const body = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new RangeError(`not an XML tag name: ${k}`);
      return `<${k}><![CDATA[${v.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${k}>`;
    })
    .join('');
  return `<xml>${body}</xml>`;
}

const parser = new XMLParser({
  // Keep every value a string: "0012" is an order number, not 12.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  // No entity expansion beyond the XML built-ins: bodies come from the network.
  processEntities: true,
  htmlEntities: false,
});

export type WechatXmlParse = { ok: true; params: WechatParams } | { ok: false; error: string };

/** Parses a flat <xml>...</xml> body. Nested elements or a different root are errors, never thrown. */
export function parseWechatXml(text: string): WechatXmlParse {
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch (err) {
    return { ok: false, error: `malformed XML: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof doc !== 'object' || doc === null || !('xml' in doc)) {
    return { ok: false, error: 'the body is not an <xml> document' };
  }
  const root: unknown = doc.xml;
  if (root === '') return { ok: true, params: {} };
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return { ok: false, error: '<xml> has no fields' };
  }
  const params: WechatParams = {};
  for (const [k, v] of Object.entries(root)) {
    if (typeof v === 'string') params[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') params[k] = String(v);
    else return { ok: false, error: `field <${k}> is not a plain value` };
  }
  return { ok: true, params };
}
