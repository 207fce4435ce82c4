/**
 * Alipay OpenAPI v2 signatures as the gateway applies them (https://opendocs.alipay.com/common/02kf5q):
 * requests: every parameter but `sign` with a non-empty value, sorted by name, joined as
 * k=v&k=v, RSA-SHA256 (sign_type RSA2), base64. Answers: the exact JSON text of the
 * `<method>_response` object, signed the same way, placed beside it as "sign".
 *
 * Both are signed over the bytes of the request's `charset` (the Java SDK's
 * AlipaySignature.rsaCheck(content, sign, key, charset) does content.getBytes(charset)), so
 * an app configured with GBK signs, and verifies our answers, in GBK.
 */
import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import iconv from 'iconv-lite';

/** What the gateway takes as `charset` ("目前支持格式：GBK,UTF-8", isv.invalid-charset). */
export type AlipayCharset = 'utf-8' | 'gbk';

export function alipayCharset(name: string | undefined): AlipayCharset | undefined {
  const n = (name ?? '').trim().toLowerCase();
  if (n === '' || n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (n === 'gbk') return 'gbk';
  return undefined;
}

/** '+' is a space and %XX a byte (application/x-www-form-urlencoded); a stray '%' stays as it is. */
function percentDecode(raw: Buffer): Buffer {
  const out = Buffer.alloc(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? 0;
    if (c === 0x2b) out[n++] = 0x20;
    else if (c === 0x25 && i + 2 < raw.length && /^[0-9A-Fa-f]{2}$/.test(raw.toString('latin1', i + 1, i + 3))) {
      out[n++] = Number.parseInt(raw.toString('latin1', i + 1, i + 3), 16);
      i += 2;
    } else out[n++] = c;
  }
  return out.subarray(0, n);
}

function formPairs(raw: Buffer): [Buffer, Buffer][] {
  const pairs: [Buffer, Buffer][] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== 0x26) continue;
    const part = raw.subarray(start, i);
    start = i + 1;
    if (part.length === 0) continue;
    const eq = part.indexOf(0x3d);
    pairs.push(eq < 0 ? [percentDecode(part), Buffer.alloc(0)] : [percentDecode(part.subarray(0, eq)), percentDecode(part.subarray(eq + 1))]);
  }
  return pairs;
}

/** On an unknown charset the parameters are read as latin1, enough to name the method in the refusal. */
export type AlipayParams = { ok: true; params: Record<string, string>; charset: AlipayCharset } | { ok: false; params: Record<string, string>; charset: string };

/**
 * The request's parameters from its URL query and its form body, decoded in its `charset`.
 * The bytes are kept until the charset is known: the Java and PHP SDKs percent-encode
 * GBK bytes when the app is set to GBK. SDKs split a call differently (alipay-sdk puts
 * the system parameters in the URL and biz_content in the body; the Java SDK's
 * pageExecute(…, "GET") and many PHP / Go clients put everything in the URL), so both are
 * read, the body winning a name given twice.
 */
export function alipayRequestParams(query: Buffer, body: Buffer): AlipayParams {
  const pairs = [...formPairs(query), ...formPairs(body)];
  const charsetName = pairs.find(([k]) => k.toString('latin1') === 'charset')?.[1].toString('latin1');
  const charset = alipayCharset(charsetName);
  const params: Record<string, string> = {};
  for (const [k, v] of pairs) params[iconv.decode(k, charset ?? 'latin1')] = iconv.decode(v, charset ?? 'latin1');
  return charset ? { ok: true, params, charset } : { ok: false, params, charset: charsetName ?? '' };
}

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

export function alipayVerifyRequest(params: Record<string, string>, appPublicKey: string, charset: AlipayCharset = 'utf-8'): boolean {
  const sign = params.sign;
  if (!sign) return false;
  try {
    return createVerify('RSA-SHA256').update(iconv.encode(alipaySignContent(params), charset)).verify(keyOf(appPublicKey, 'public'), sign, 'base64');
  } catch {
    return false;
  }
}

/**
 * `{"<key>":<json>,"sign":"..."}` with the signature over exactly `<json>` in `charset`.
 * The text is returned as text; the caller sends it encoded in that charset.
 */
export function alipaySignedBody(responseKey: string, response: Record<string, unknown>, alipayPrivateKey: string, charset: AlipayCharset = 'utf-8'): string {
  const json = JSON.stringify(response);
  const sign = createSign('RSA-SHA256').update(iconv.encode(json, charset)).sign(keyOf(alipayPrivateKey, 'private'), 'base64');
  return `{"${responseKey}":${json},"sign":${JSON.stringify(sign)}}`;
}
