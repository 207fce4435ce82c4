/**
 * Versioned migrations, applied in order at start, each in its own transaction.
 * The schema version lives in PRAGMA user_version. A database newer than this
 * build (a downgrade) is refused rather than guessed at.
 */
import type Database from 'better-sqlite3';
import { migrations } from './migrations';
import { DatabaseOpenError } from './errors';

export function migrate(db: Database.Database, file: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new DatabaseOpenError(
      'TOO_NEW',
      file,
      `${file} was written by a newer PosDesk (schema ${current}, this build knows ${latest}). Update PosDesk; nothing was changed.`,
    );
  }
  for (let v = current; v < latest; v++) {
    const step = migrations[v];
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return latest;
}
