/**
 * Encryption at rest for the merchant's channel credentials (WeChat API key and client
 * certificate, Alipay application private key).
 *
 * Two boxes, one interface:
 *  - in the Electron window, the OS keychain through Electron's safeStorage (DPAPI on
 *    Windows, Keychain on macOS, libsecret/kwallet on Linux); main/index.ts passes it in,
 *    since only that file may import 'electron' (DESIGN rule 1);
 *  - headless (`posdesk serve`, test benches), AES-256-GCM with a random 32-byte key kept in
 *    a 0600 file *outside* the data directory (default ~/.config/posdesk/secret.key), so a
 *    copy or backup of the data directory — the SQLite file travels with it — does not
 *    carry what opens the credentials.
 * Either way the plaintext lives only in memory, inside the channel clients.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SecretBox {
  /** Shown in settings: how the credentials are protected on this machine. */
  readonly protection: 'os-keychain' | 'key-file';
  encrypt(plain: string): Buffer;
  /** Throws SecretBoxError when the data was not sealed by this box (other key, tampered). */
  decrypt(sealed: Buffer): string;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** The subset of Electron's safeStorage the keychain box needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export function keychainBox(safeStorage: SafeStorageLike): SecretBox {
  return {
    protection: 'os-keychain',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => {
      try {
        return safeStorage.decryptString(sealed);
      } catch (err) {
        throw new SecretBoxError(`the OS keychain could not open the saved credentials: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

/** Where the headless key lives unless POSDESK_SECRET_KEY_FILE says otherwise. */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.POSDESK_SECRET_KEY_FILE) return env.POSDESK_SECRET_KEY_FILE;
  const base = process.platform === 'win32' ? (env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming')) : (env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'posdesk', 'secret.key');
}

const MAGIC = Buffer.from('PDK1'); // format tag: a future format change is detected, not misread
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under a key file, created (0600, in a 0700 directory) the first time a
 * secret is sealed. Reading never creates it: a missing key with sealed data present is
 * reported, not papered over with a fresh key that could never open the data.
 */
export function keyFileBox(keyFile: string): SecretBox {
  const readKey = (create: boolean): Buffer => {
    if (fs.existsSync(keyFile)) {
      const key = fs.readFileSync(keyFile);
      if (key.length !== 32) throw new SecretBoxError(`${keyFile} is not a PosDesk secret key (expected 32 bytes, found ${key.length})`);
      return key;
    }
    if (!create) throw new SecretBoxError(`the key that opens the saved credentials is missing (${keyFile}); enter the credentials again`);
    fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    try {
      // 'wx': never overwrite a key another process created a moment ago; use that one.
      fs.writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKey(false);
      throw err;
    }
    return key;
  };
  return {
    protection: 'key-file',
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', readKey(true), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (sealed.length < MAGIC.length + IV_BYTES + TAG_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw new SecretBoxError('the saved credentials are not in PosDesk key-file format');
      }
      const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
      const tag = sealed.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', readKey(false), iv);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(sealed.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(`the saved credentials do not open with ${keyFile} (another key, or the file was altered)`);
      }
    },
  };
}
