/**
 * Alipay OpenAPI v2 signatures as the gateway applies them (https://opendocs.alipay.com/common/02kf5q):
 * requests: every parameter but `sign` with a non-empty value, sorted by name, joined as
 * k=v&k=v, RSA-SHA256 (sign_type RSA2), base64. Answers: the exact JSON text of the
 * `<method>_response` object, signed the same way, placed beside it as "sign".
 */
import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * PEM text is decoded by OpenSSL on every sign / verify (3x the cost of the signature
 * itself); the gateway's keys never change while it runs, so each is parsed once.
 */
const parsed = new Map<string, KeyObject>();
function keyOf(pem: string, kind: 'private' | 'public'): KeyObject {
  let key = parsed.get(pem);
  if (!key) {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    parsed.set(pem, key);
  }
  return key;
}

export function alipaySignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function alipayVerifyRequest(params: Record<string, string>, appPublicKey: string): boolean {
  const sign = params.sign;
  if (!sign) return false;
  try {
    return createVerify('RSA-SHA256').update(alipaySignContent(params), 'utf8').verify(keyOf(appPublicKey, 'public'), sign, 'base64');
  } catch {
    return false;
  }
}

/** `{"<key>":<json>,"sign":"..."}` with the signature over exactly `<json>`. */
export function alipaySignedBody(responseKey: string, response: Record<string, unknown>, alipayPrivateKey: string): string {
  const json = JSON.stringify(response);
  const sign = createSign('RSA-SHA256').update(json, 'utf8').sign(keyOf(alipayPrivateKey, 'private'), 'base64');
  return `{"${responseKey}":${json},"sign":${JSON.stringify(sign)}}`;
}
