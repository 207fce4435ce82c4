/**
 * Opens the PosDesk database: one SQLite file, WAL, synchronous=FULL.
 *
 * FULL rather than NORMAL because this file holds money: in WAL mode NORMAL can
 * lose the last committed transactions on power loss, and a payment committed
 * "before the action it leads to" (DESIGN rule 4) must survive exactly that.
 *
 * Failure is never a silent fresh database: a locked, read-only or corrupt file
 * raises a DatabaseOpenError that says what happened and what to do, and the
 * file is left untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseOpenError } from './errors';
import { migrate } from './migrate';

export { DatabaseOpenError } from './errors';

export interface OpenOptions {
  /** Native binding path: the Electron-ABI build when running inside Electron (README). */
  nativeBinding?: string;
  /** How long to wait for another process's lock before giving up. */
  busyTimeoutMs?: number;
}

export type Db = Database.Database;

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = fs.existsSync(file);
  if (existed) assertWritable(file);
  let db: Db;
  try {
    db = new Database(file, { nativeBinding: opts.nativeBinding, timeout: opts.busyTimeoutMs ?? 2000 });
  } catch (err) {
    throw explain(err, file);
  }
  try {
    // Check an existing file before anything can write to it (switching to WAL
    // rewrites header bytes), so a damaged file is reported exactly as found.
    if (existed) quickCheck(db, file);
    // journal_mode=WAL needs a write lock: the first statement to notice a lock.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new DatabaseOpenError('CANNOT_OPEN', file, `${file}: could not switch to WAL journal (got "${String(mode)}").`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err instanceof DatabaseOpenError ? err : explain(err, file);
  }
}

function assertWritable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (err) {
    throw new DatabaseOpenError(
      'READ_ONLY',
      file,
      `${file} is read-only: PosDesk must write every sale. Fix the file's permissions (or point --db at a writable file); nothing was changed.`,
      { cause: err },
    );
  }
}

function quickCheck(db: Db, file: string): void {
  const rows = db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>;
  const problems = rows.map((r) => r.quick_check).filter((v) => v !== 'ok');
  if (problems.length > 0) {
    throw new DatabaseOpenError(
      'CORRUPT',
      file,
      `${file} failed its integrity check (${problems.slice(0, 3).join('; ')}). It was not modified: restore it from a backup, or move it away to start a new one.`,
    );
  }
}

/** Turns SQLite's error codes into sentences a cashier or support engineer can act on. */
export function explain(err: unknown, file: string): DatabaseOpenError {
  const code = (err as { code?: string }).code ?? '';
  const msg = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new DatabaseOpenError(
        'LOCKED',
        file,
        `${file} is locked by another process (is another PosDesk running on this data directory?). Close it and start again; nothing was changed.`,
        { cause: err },
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_PERM':
      return new DatabaseOpenError(
        'READ_ONLY',
        file,
        `${file} is read-only: PosDesk must write every sale. Fix the permissions of the file and its folder; nothing was changed.`,
        { cause: err },
      );
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new DatabaseOpenError(
        'CORRUPT',
        file,
        `${file} is not a PosDesk database or is corrupt (${msg}). It was not modified: restore it from a backup, or move it away to start a new one.`,
        { cause: err },
      );
    case 'SQLITE_FULL':
      return new DatabaseOpenError('NO_SPACE', file, `The disk holding ${file} is full. Free some space and start again; nothing was lost.`, {
        cause: err,
      });
    default:
      return new DatabaseOpenError('CANNOT_OPEN', file, `Cannot open ${file}: ${msg}`, { cause: err });
  }
}
