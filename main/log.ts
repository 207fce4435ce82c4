/**
 * Structured logs (pino, JSON lines) to <dataDir>/logs/posdesk.log.
 * Card data and secrets are redacted by key wherever they appear in a log object,
 * and any 13-19 digit run that looks like a PAN is masked in messages as a second net.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'pan',
  'cardNo',
  'track2',
  'track3',
  'pin',
  'pinBlock',
  'cvv',
  'expiry',
  'key',
  'apiKey',
  'privateKey',
  'keyPem',
  'credentials',
  'appSecret',
  'token',
  'password',
  'authCode',
  'auth_code',
  'sign',
];

/** pino redaction paths: the key at the top level and one or two levels down. */
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** Masks anything that looks like a full card number (first 6 / last 4 kept). */
export function maskPans(text: string): string {
  return text.replace(/\b(\d{6})\d{3,9}(\d{4})\b/g, (_m, a: string, b: string) => `${a}${'*'.repeat(6)}${b}`);
}

export interface FileLogger {
  log: Logger;
  close(): void;
}

/**
 * Writes are synchronous: a line about a sale must be on disk even if the process is
 * killed the next instant, and the volume (a few lines per sale) makes that cheap.
 */
export function createLogger(dataDir: string, level = process.env.POSDESK_LOG_LEVEL ?? 'info'): FileLogger {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const dest = pino.destination({ dest: path.join(dir, 'posdesk.log'), sync: true });
  const log = pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPans(a) : a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    dest,
  );
  return { log, close: () => dest.end() };
}
