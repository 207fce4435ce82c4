/**
 * Opens the HQ receiver's database with the store database's settings (WAL,
 * synchronous=FULL: an acknowledged event must survive a power cut, or the store
 * would forget it was ever sent) and its own migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseOpenError } from '../db/errors';
import { explain } from '../db/open';
import { HQ_MIGRATIONS } from './migrations';

export type HqDb = Database.Database;

export function openHqDatabase(file: string, busyTimeoutMs = 2000): HqDb {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: HqDb;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
  } catch (err) {
    throw explain(err, file);
  }
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new DatabaseOpenError('CANNOT_OPEN', file, `${file}: could not switch to WAL journal (got "${String(mode)}").`);
    db.pragma('synchronous = FULL');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > HQ_MIGRATIONS.length) {
      throw new DatabaseOpenError('TOO_NEW', file, `${file} was written by a newer PosDesk HQ (schema ${current}); update PosDesk. Nothing was changed.`);
    }
    for (let v = current; v < HQ_MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(HQ_MIGRATIONS[v].sql);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
    return db;
  } catch (err) {
    db.close();
    throw err instanceof DatabaseOpenError ? err : explain(err, file);
  }
}
