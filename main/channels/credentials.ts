/**
 * The merchant's channel credentials: checked, normalised, sealed in a SecretBox and kept in
 * one file under the data directory (merchant-credentials.bin, 0600). Never logged, never
 * in SQLite, never sent back to a window: settings see only hints (secretHint).
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AlipayCredentials, WechatCredentials } from '../../preload/contract/settings';
import type { SecretBox } from './secret-box';

export const CREDENTIALS_FILE = 'merchant-credentials.bin';

const Saved = z.object({ wechat: WechatCredentials.optional(), alipay: AlipayCredentials.optional() }).strict();
export type MerchantCredentials = z.infer<typeof Saved>;

/** A credential that is well-formed but wrong (a key that does not parse, a cert that does not match its key). */
export class CredentialError extends Error {
  override name = 'CredentialError';
}

/** A PEM block as is; a bare base64 body wrapped in the header the vendors' tools leave out. */
function pemOrBare(text: string, label: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  if (text.includes('-----BEGIN')) return text;
  const body = text.replace(/\s+/g, '');
  return `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${label}-----\n`;
}

/** What a key is called in an error, in both languages. */
export type Named = { zh: string; en: string };

function privateKeyOf(text: string, what: Named): KeyObject {
  const pem = pemOrBare(text, 'PRIVATE KEY');
  try {
    return createPrivateKey(pem);
  } catch {
    // A bare PKCS#1 body (Alipay's older key tool): same base64, other header.
    try {
      if (!text.includes('-----BEGIN')) return createPrivateKey(pem.replaceAll('PRIVATE KEY', 'RSA PRIVATE KEY'));
    } catch {}
    throw new CredentialError(`${what.zh}无法读取 / ${what.en} is not a private key that can be read (PEM, or the base64 text of a PKCS#8 / PKCS#1 RSA key)`);
  }
}

function publicKeyOf(text: string, what: Named): KeyObject {
  try {
    return createPublicKey(pemOrBare(text, 'PUBLIC KEY'));
  } catch {
    throw new CredentialError(`${what.zh}无法读取 / ${what.en} is not a public key that can be read (PEM or base64)`);
  }
}

function requireRsa2048(key: KeyObject, what: Named): void {
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new CredentialError(`${what.zh}须为 2048 位以上的 RSA 密钥 / ${what.en} must be an RSA key of 2048 bits or more (RSA2 signatures)`);
  }
}

/**
 * An RSA2 public key as whatever tool wrote it (PEM, or the bare base64 Alipay's key tool
 * shows), checked (RSA ≥ 2048) and returned as SPKI PEM. The text it came from is not
 * rewritten: the gateway simulator reads a merchant's 应用公钥 file with it and leaves it be.
 */
export function rsa2PublicKeyPem(text: string, what: Named): string {
  const key = publicKeyOf(text, what);
  requireRsa2048(key, what);
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** The same for a private key (PKCS#8 / PKCS#1, PEM or bare), as PKCS#8 PEM. */
export function rsa2PrivateKeyPem(text: string, what: Named): string {
  const key = privateKeyOf(text, what);
  requireRsa2048(key, what);
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Checks what can be checked without the network and returns the credentials in one form:
 * keys as PKCS#8 / SPKI PEM, so the clients never guess a key type again.
 */
export function normaliseWechat(c: WechatCredentials, now = new Date()): WechatCredentials {
  if (!c.certPem || !c.keyPem) return c;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(c.certPem);
  } catch {
    throw new CredentialError('API 证书 (apiclient_cert.pem) 不是 PEM 证书 / the client certificate (apiclient_cert.pem) is not a PEM certificate');
  }
  const key = privateKeyOf(c.keyPem, { zh: 'API 证书私钥 (apiclient_key.pem)', en: 'the client certificate key (apiclient_key.pem)' });
  if (!cert.checkPrivateKey(key)) throw new CredentialError('API 证书与 apiclient_key.pem 不匹配 / the client certificate and apiclient_key.pem do not belong together');
  if (Date.parse(cert.validTo) < now.getTime()) throw new CredentialError(`API 证书已于 ${cert.validTo} 过期，请在商户平台重新下载 / the client certificate expired on ${cert.validTo}; download a new one from the merchant platform`);
  return { ...c, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function normaliseAlipay(c: AlipayCredentials): AlipayCredentials {
  const appKey = { zh: '应用私钥', en: 'the application private key' };
  const alipayKey = { zh: '支付宝公钥', en: 'the Alipay public key' };
  const priv = privateKeyOf(c.privateKey, appKey);
  const pub = publicKeyOf(c.alipayPublicKey, alipayKey);
  requireRsa2048(priv, appKey);
  requireRsa2048(pub, alipayKey);
  // A common mix-up: pasting the application's own public key where Alipay's belongs.
  const own = createPublicKey(priv).export({ type: 'spki', format: 'der' });
  if (own.equals(pub.export({ type: 'spki', format: 'der' }))) {
    throw new CredentialError('填入的是应用公钥，请改填开放平台上的支付宝公钥 / the Alipay public key is the application\'s own public key: paste the 支付宝公钥 shown on the open platform instead');
  }
  return {
    ...c,
    privateKey: priv.export({ type: 'pkcs8', format: 'pem' }).toString(),
    alipayPublicKey: pub.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** What settings may show of a secret: enough to tell two apart, nothing to use. */
export function apiKeyHint(apiKey: string): string {
  return `…${apiKey.slice(-4)}`;
}
export function keyFingerprint(privatePem: string): string {
  const der = createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

export class CredentialStore {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly box: SecretBox,
  ) {
    this.file = path.join(dataDir, CREDENTIALS_FILE);
  }

  get protection(): SecretBox['protection'] {
    return this.box.protection;
  }

  /** {} when nothing was saved. Throws (SecretBoxError, or a clear Error) when a saved file cannot be opened. */
  load(): MerchantCredentials {
    if (!fs.existsSync(this.file)) return {};
    const plain = this.box.decrypt(fs.readFileSync(this.file));
    const parsed = Saved.safeParse(JSON.parse(plain));
    if (!parsed.success) throw new Error(`${this.file}: saved credentials are not in the expected shape (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  }

  /**
   * Write-then-rename: a full disk or a crash mid-write leaves the previous file whole.
   * An empty set removes the file rather than sealing "{}".
   */
  save(next: MerchantCredentials): void {
    if (!next.wechat && !next.alipay) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, this.box.encrypt(JSON.stringify(next)), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }
}
