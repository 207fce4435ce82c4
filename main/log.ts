/**
 * Structured logs (pino, JSON lines) to <dataDir>/logs/posdesk.log.
 * Card data and secrets are redacted by key wherever they appear in a log object,
 * and any 13-19 digit run that looks like a PAN is masked in messages as a second net.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { maskPansIn } from '../drivers/shared/card-data';

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

export interface FileLogger {
  log: Logger;
  /** Flushes what is buffered and closes the file (resolves once it is closed, or gives up after a second). */
  close(): Promise<void>;
}

/**
 * Lines kept in memory while the log cannot be written (a full disk): they go out with the
 * next write that succeeds. Past this, new lines are dropped and counted.
 */
const MAX_UNWRITTEN_BYTES = 4 * 1024 * 1024;
const CLOSE_WAIT_MS = 1_000;

/**
 * Writes are synchronous: a line about a sale must be on disk even if the process is
 * killed the next instant, and the volume (a few lines per sale) makes that cheap.
 *
 * Logging never throws. A failed write (ENOSPC) is an 'error' event on pino's
 * destination, which without a listener is thrown out of whatever called `log.info` —
 * in the middle of a payment, say, while SQLite still had room. With the listener the
 * line stays buffered and is written by the next write that succeeds.
 */
export function createLogger(dataDir: string, level = process.env.POSDESK_LOG_LEVEL ?? 'info'): FileLogger {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'posdesk.log');
  const dest = pino.destination({ dest: file, sync: true, maxLength: MAX_UNWRITTEN_BYTES });
  let failing = false;
  let dropped = 0;
  dest.on('error', (err: Error) => {
    if (failing) return;
    failing = true;
    // The log itself cannot say so: stderr is the one place left to tell the operator.
    process.stderr.write(`posdesk: cannot write ${file} (${err.message}); log lines are held in memory until it can\n`);
  });
  dest.on('drop', () => {
    dropped++;
    if (dropped === 1) process.stderr.write(`posdesk: ${file} is still unwritable; further log lines are dropped\n`);
  });
  dest.on('write', () => {
    if (!failing) return;
    // Written again: the held lines went out with this write. Say what was lost, if anything.
    process.stderr.write(`posdesk: ${file} is writable again${dropped > 0 ? `; ${dropped} log line(s) were dropped meanwhile` : ''}\n`);
    failing = false;
    dropped = 0;
  });
  const log = pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          // Anything that looks like a card number is masked by the shared rule (first 6 / last 4).
          const masked = args.map((a) => (typeof a === 'string' ? maskPansIn(a) : a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    dest,
  );
  const closed = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      dest.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  return {
    log,
    async close() {
      const done = closed(CLOSE_WAIT_MS);
      dest.end();
      if (await done) return;
      // Still unwritable (the disk is full): give up on the buffered lines, free the file.
      const destroyed = closed(CLOSE_WAIT_MS);
      dest.destroy();
      await destroyed;
    },
  };
}
