/**
 * Alipay OpenAPI v2 signatures as the gateway applies them (https://opendocs.alipay.com/common/02kf5q):
 * requests: every parameter but `sign` with a non-empty value, sorted by name, joined as
 * k=v&k=v, RSA-SHA256 (sign_type RSA2), base64. Answers: the exact JSON text of the
 * `<method>_response` object, signed the same way, placed beside it as "sign".
 */
import { createSign, createVerify } from 'node:crypto';

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
    return createVerify('RSA-SHA256').update(alipaySignContent(params), 'utf8').verify(appPublicKey, sign, 'base64');
  } catch {
    return false;
  }
}

/** `{"<key>":<json>,"sign":"..."}` with the signature over exactly `<json>`. */
export function alipaySignedBody(responseKey: string, response: Record<string, unknown>, alipayPrivateKey: string): string {
  const json = JSON.stringify(response);
  const sign = createSign('RSA-SHA256').update(json, 'utf8').sign(alipayPrivateKey, 'base64');
  return `{"${responseKey}":${json},"sign":${JSON.stringify(sign)}}`;
}
