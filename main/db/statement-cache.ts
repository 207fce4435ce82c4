/**
 * Prepared statements kept per SQL text for one connection. Preparing is a compile, and a
 * repository's statements run on every sale; each repository keeps one of these.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

export class StatementCache {
  private readonly stmts = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** The statement for this SQL, prepared on first use. */
  get<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let st = this.stmts.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.stmts.set(sql, st);
    }
    return st as unknown as Statement<P, R>;
  }
}
