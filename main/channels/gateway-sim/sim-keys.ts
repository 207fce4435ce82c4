/**
 * The simulator's keys directory (`posdesk gateway-sim --keys-dir d`): which key is whose,
 * and the rule that a key someone put there is used as it is and never overwritten.
 *
 * Alipay RSA2 has two key pairs, one on each side of the wire:
 *   alipay-app-public.pem        应用公钥, the merchant app's public key. The simulator verifies
 *                                requests with it (as Alipay does with the key uploaded to the
 *                                open platform). A merchant's app puts its own here.
 *   alipay-app-private.pem       应用私钥, the app's signing key. It belongs to the app: the
 *                                simulator never reads it to verify anything and writes it only
 *                                when it made the app pair itself, for a test client (PosDesk's
 *                                own counter reads it with --gateway-keys).
 *   alipay-platform-private.pem  the simulated Alipay's own private key: signs every answer.
 *   alipay-platform-public.pem   支付宝公钥 for the app's config (alipayPublicKey): verifies answers.
 *   wechat-api-key.txt           the WeChat Pay v2 API key (商户 API 密钥) both sides sign with.
 *
 * A missing file is made; a present one is read (PEM, or the bare base64 the Alipay key tool
 * writes) and left byte for byte. Files are created with the exclusive flag, so nothing is
 * ever written over, and only after every check passed. What cannot be made up is refused with a reason: the platform public
 * key without its private half (answers could not be signed to match it), and halves of a
 * pair that do not belong together.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialError, rsa2PrivateKeyPem, rsa2PublicKeyPem } from '../credentials';

export const SIM_KEY_FILES = {
  appPublic: 'alipay-app-public.pem',
  appPrivate: 'alipay-app-private.pem',
  platformPrivate: 'alipay-platform-private.pem',
  platformPublic: 'alipay-platform-public.pem',
  wechatApiKey: 'wechat-api-key.txt',
} as const;

export interface SimKeys {
  /** The app's public key (SPKI PEM), to verify requests. */
  appPublicKey: string;
  /** The simulated Alipay's private key (PKCS#8 PEM), to sign answers. */
  alipayPrivateKey: string;
  wechatApiKey: string;
  /** File names this call created (nothing else was touched). */
  written: string[];
}

/** The keys directory cannot be used as it is; the message says which file and what to do. */
export class SimKeysError extends Error {
  override name = 'SimKeysError';
}

const APP_PUBLIC = { zh: '应用公钥', en: 'the application public key' };
const APP_PRIVATE = { zh: '应用私钥', en: 'the application private key' };
const PLATFORM_PRIVATE = { zh: '模拟支付宝私钥', en: 'the simulated Alipay private key' };
const PLATFORM_PUBLIC = { zh: '支付宝公钥', en: 'the Alipay public key' };

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const sameKey = (publicPem: string, privatePem: string): boolean =>
  createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'der' }).equals(createPublicKey(publicPem).export({ type: 'spki', format: 'der' }));

export function loadSimKeys(dir: string, sampleWechatApiKey: string): SimKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  const read = (name: string): string | undefined => (existsSync(path(name)) ? readFileSync(path(name), 'utf8') : undefined);
  // Written only once every check has passed, so a refusal leaves the directory as it was.
  const pending: [string, string][] = [];
  const create = (name: string, text: string) => {
    pending.push([name, text]);
  };
  const parse = <T>(name: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof CredentialError) throw new SimKeysError(`${path(name)}: ${err.message}`);
      throw err;
    }
  };

  // The app pair: its public half is all the simulator needs.
  const appPublicText = read(SIM_KEY_FILES.appPublic);
  const appPrivateText = read(SIM_KEY_FILES.appPrivate);
  let appPublicKey: string;
  if (appPublicText !== undefined) {
    appPublicKey = parse(SIM_KEY_FILES.appPublic, () => rsa2PublicKeyPem(appPublicText, APP_PUBLIC));
    if (appPrivateText !== undefined) {
      const priv = parse(SIM_KEY_FILES.appPrivate, () => rsa2PrivateKeyPem(appPrivateText, APP_PRIVATE));
      if (!sameKey(appPublicKey, priv)) {
        throw new SimKeysError(
          `${path(SIM_KEY_FILES.appPrivate)} is not the private half of ${SIM_KEY_FILES.appPublic}: requests are verified with ${SIM_KEY_FILES.appPublic}, so remove the stale ${SIM_KEY_FILES.appPrivate} (the app keeps its private key; the simulator does not need it)`,
        );
      }
    }
  } else if (appPrivateText !== undefined) {
    const priv = parse(SIM_KEY_FILES.appPrivate, () => rsa2PrivateKeyPem(appPrivateText, APP_PRIVATE));
    appPublicKey = createPublicKey(priv).export({ type: 'spki', format: 'pem' }).toString();
    create(SIM_KEY_FILES.appPublic, appPublicKey);
  } else {
    const pair = rsaPair();
    create(SIM_KEY_FILES.appPrivate, pair.privateKey);
    create(SIM_KEY_FILES.appPublic, pair.publicKey);
    appPublicKey = pair.publicKey;
  }

  // The platform pair: the simulator's own; it must hold the private half to sign.
  const platformPrivateText = read(SIM_KEY_FILES.platformPrivate);
  const platformPublicText = read(SIM_KEY_FILES.platformPublic);
  let alipayPrivateKey: string;
  if (platformPrivateText !== undefined) {
    alipayPrivateKey = parse(SIM_KEY_FILES.platformPrivate, () => rsa2PrivateKeyPem(platformPrivateText, PLATFORM_PRIVATE));
    if (platformPublicText === undefined) {
      create(SIM_KEY_FILES.platformPublic, createPublicKey(alipayPrivateKey).export({ type: 'spki', format: 'pem' }).toString());
    } else if (!sameKey(parse(SIM_KEY_FILES.platformPublic, () => rsa2PublicKeyPem(platformPublicText, PLATFORM_PUBLIC)), alipayPrivateKey)) {
      throw new SimKeysError(
        `${path(SIM_KEY_FILES.platformPublic)} does not belong to ${SIM_KEY_FILES.platformPrivate}: answers are signed with the private key, so an app verifying with this public key would refuse them. Remove ${SIM_KEY_FILES.platformPublic} to have it derived again`,
      );
    }
  } else if (platformPublicText !== undefined) {
    throw new SimKeysError(
      `${path(SIM_KEY_FILES.platformPublic)} is there without ${SIM_KEY_FILES.platformPrivate}: the simulator signs its answers with that private key and cannot make one to match. Put it back, or remove ${SIM_KEY_FILES.platformPublic} to get a new pair (then give the app the new ${SIM_KEY_FILES.platformPublic} as its 支付宝公钥)`,
    );
  } else {
    const pair = rsaPair();
    create(SIM_KEY_FILES.platformPrivate, pair.privateKey);
    create(SIM_KEY_FILES.platformPublic, pair.publicKey);
    alipayPrivateKey = pair.privateKey;
  }

  const wechatText = read(SIM_KEY_FILES.wechatApiKey);
  let wechatApiKey: string;
  if (wechatText === undefined) {
    create(SIM_KEY_FILES.wechatApiKey, sampleWechatApiKey);
    wechatApiKey = sampleWechatApiKey;
  } else {
    wechatApiKey = wechatText.trim();
    // WeChat's API key is 32 characters; an empty file would make every signature "valid" for nobody.
    if (!/^[0-9A-Za-z]{32}$/.test(wechatApiKey)) {
      throw new SimKeysError(`${path(SIM_KEY_FILES.wechatApiKey)}: a WeChat Pay API key is 32 letters and digits (商户平台 → API安全 → API密钥)`);
    }
  }

  // 'wx': fail rather than replace a file that appeared since we looked.
  for (const [name, text] of pending) writeFileSync(path(name), text, { mode: 0o600, flag: 'wx' });
  return { appPublicKey, alipayPrivateKey, wechatApiKey, written: pending.map(([name]) => name) };
}
