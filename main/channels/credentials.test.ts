import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCerts, type TestCerts } from '../../test/helpers/test-certs';
import { tempDir } from '../../test/helpers/temp-dir';
import { CredentialError, CredentialStore, keyFingerprint, normaliseAlipay, normaliseWechat } from './credentials';
import { keyFileBox, SecretBoxError } from './secret-box';

const WECHAT = { appId: 'wx2421b1c4370ec43b', mchId: '1900000109', apiKey: 'Zq3N8vR2kT6wY1pL5sD9fH4jX7cB0mGa', baseUrl: 'https://api.mch.weixin.qq.com' };

function rsa(bits = 2048) {
  return generateKeyPairSync('rsa', { modulusLength: bits, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}
/** The base64 body alone, as Alipay's key tool shows a key. */
const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

let dir: string;
let certs: TestCerts;
beforeAll(() => {
  dir = tempDir();
  certs = makeTestCerts();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('keyFileBox (headless encryption at rest)', () => {
  it('seals with AES-256-GCM under a 0600 key file it creates on first use, and opens again', () => {
    const keyFile = path.join(dir, 'cfg', 'posdesk', 'secret.key');
    const box = keyFileBox(keyFile);
    const sealed = box.encrypt('the API key');
    expect(sealed.includes(Buffer.from('the API key'))).toBe(false);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(keyFile).size).toBe(32);
    expect(keyFileBox(keyFile).decrypt(sealed)).toBe('the API key');
  });

  it('refuses another key, a tampered file, and a missing key, without making a new key', () => {
    const a = keyFileBox(path.join(dir, 'a.key'));
    const sealed = a.encrypt('secret');
    expect(() => keyFileBox(path.join(dir, 'b.key')).decrypt(sealed)).toThrow(SecretBoxError);
    expect(fs.existsSync(path.join(dir, 'b.key'))).toBe(false); // reading never creates a key
    keyFileBox(path.join(dir, 'c.key')).encrypt('x');
    expect(() => keyFileBox(path.join(dir, 'c.key')).decrypt(sealed)).toThrow(/do not open/);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => a.decrypt(tampered)).toThrow(/do not open/);
    expect(() => a.decrypt(Buffer.from('{"apiKey":"plain"}'))).toThrow(/not in PosDesk key-file format/);
  });
});

describe('CredentialStore', () => {
  it('keeps the credentials sealed in one 0600 file under the data dir, and an empty set removes it', () => {
    const data = path.join(dir, `data-${Math.random().toString(36).slice(2)}`);
    fs.mkdirSync(data);
    const store = new CredentialStore(data, keyFileBox(path.join(dir, 'store.key')));
    expect(store.load()).toEqual({});
    store.save({ wechat: WECHAT });
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(store.file).includes(Buffer.from(WECHAT.apiKey))).toBe(false);
    expect(new CredentialStore(data, keyFileBox(path.join(dir, 'store.key'))).load()).toEqual({ wechat: WECHAT });
    store.save({});
    expect(fs.existsSync(store.file)).toBe(false);
  });

  it('a failed write (here: the box throws mid-save) leaves the previous file whole and no temp file', () => {
    const data = path.join(dir, `data-${Math.random().toString(36).slice(2)}`);
    fs.mkdirSync(data);
    const good = keyFileBox(path.join(dir, 'keep.key'));
    const store = new CredentialStore(data, good);
    store.save({ wechat: WECHAT });
    const broken = new CredentialStore(data, {
      protection: 'key-file',
      encrypt: () => {
        throw new Error('ENOSPC: no space left on device');
      },
      decrypt: good.decrypt,
    });
    expect(() => broken.save({ wechat: { ...WECHAT, apiKey: 'X'.repeat(32) } })).toThrow(/ENOSPC/);
    expect(store.load()).toEqual({ wechat: WECHAT });
    expect(fs.readdirSync(data)).toEqual(['merchant-credentials.bin']);
  });
});

describe('normaliseAlipay', () => {
  it('takes PEM or the bare base64 of PKCS#8 and PKCS#1 keys and stores PEM', () => {
    const app = rsa();
    const platform = rsa();
    const fromBare = normaliseAlipay({ appId: '2021000000000002', privateKey: bare(app.privateKey), alipayPublicKey: bare(platform.publicKey), gateway: 'https://openapi.alipay.com/gateway.do' });
    expect(fromBare.privateKey).toContain('-----BEGIN PRIVATE KEY-----');
    expect(fromBare.alipayPublicKey).toContain('-----BEGIN PUBLIC KEY-----');
    expect(keyFingerprint(fromBare.privateKey)).toBe(keyFingerprint(app.privateKey));
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const fromPkcs1 = normaliseAlipay({ appId: '2021000000000002', privateKey: bare(pkcs1.privateKey), alipayPublicKey: platform.publicKey, gateway: 'https://x.example/gateway.do' });
    expect(keyFingerprint(fromPkcs1.privateKey)).toBe(keyFingerprint(pkcs1.privateKey));
  });

  it('says what is wrong, in Chinese first: garbage, a short key, the app\'s own public key pasted as Alipay\'s', () => {
    const app = rsa();
    const base = { appId: '2021000000000002', gateway: 'https://openapi.alipay.com/gateway.do' };
    expect(() => normaliseAlipay({ ...base, privateKey: 'A'.repeat(80), alipayPublicKey: rsa().publicKey })).toThrow(/^应用私钥无法读取 \/ the application private key is not/);
    const short = rsa(1024);
    expect(() => normaliseAlipay({ ...base, privateKey: short.privateKey, alipayPublicKey: rsa().publicKey })).toThrow(/2048/);
    expect(() => normaliseAlipay({ ...base, privateKey: app.privateKey, alipayPublicKey: app.publicKey })).toThrow(CredentialError);
    expect(() => normaliseAlipay({ ...base, privateKey: app.privateKey, alipayPublicKey: app.publicKey })).toThrow(/应用公钥/);
  });
});

describe('normaliseWechat', () => {
  it('accepts a client certificate with its own key, refuses a stray key and an expired certificate', () => {
    const ok = normaliseWechat({ ...WECHAT, certPem: certs.clientCertPem, keyPem: certs.clientKeyPem });
    expect(ok.keyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(() => normaliseWechat({ ...WECHAT, certPem: certs.clientCertPem, keyPem: certs.strayKeyPem })).toThrow(/不匹配 \/ the client certificate and apiclient_key.pem do not belong together/);
    expect(() => normaliseWechat({ ...WECHAT, certPem: certs.clientCertPem, keyPem: certs.clientKeyPem }, new Date('2100-01-01'))).toThrow(/过期/);
    expect(() => normaliseWechat({ ...WECHAT, certPem: 'x'.repeat(80), keyPem: certs.clientKeyPem })).toThrow(/not a PEM certificate/);
    expect(normaliseWechat(WECHAT)).toEqual(WECHAT); // no certificate: nothing to check offline
  });
});
