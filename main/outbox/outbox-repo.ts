/**
 * The sync worker's queries against the outbox table. Every state change for one
 * HQ answer happens in one transaction, so a crash leaves each event either
 * pending (resent, deduplicated by HQ) or settled, never half-way.
 */
import type { Db } from '../db/open';
import type { OutboxEvent, OutboxEventType, QuarantinedEvent } from './types';

interface Row {
  pos: number;
  id: string;
  aggregate_id: string;
  seq: number;
  type: OutboxEventType;
  at: string;
  payload: string;
}

interface QuarantineRow extends Row {
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  state_at: string | null;
}

export interface PendingEvent extends OutboxEvent {
  pos: number;
}

export interface BacklogCounts {
  pending: number;
  quarantined: number;
  /** at_ms of the oldest pending or quarantined event, null when none. */
  oldestAtMs: number | null;
}

function toEvent(r: Row): PendingEvent {
  return { pos: r.pos, id: r.id, seq: r.seq, aggregateId: r.aggregate_id, type: r.type, at: r.at, payload: JSON.parse(r.payload) as unknown };
}

/** Pending rows, read from the low-water mark (migration 012): below it nothing is pending. */
const PENDING_FROM_MARK = `pos >= (SELECT low FROM outbox_cursor) AND state = 'pending'`;

/** How many events wait to be sent, and the oldest one's business time (epoch ms). */
export const PENDING_COUNT_SQL = `SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM outbox WHERE ${PENDING_FROM_MARK}`;

export class OutboxRepo {
  private readonly batch;
  private readonly markSentStmt;
  private readonly quarantineStmt;
  private readonly bumpAttemptsStmt;
  private readonly rewindStmt;
  private readonly pendingCountStmt;
  private readonly quarantinedCountStmt;
  private readonly quarantinedStmt;
  private readonly releaseStmt;
  private readonly anyPendingStmt;
  private readonly lastPosStmt;
  private readonly lowerForRewindStmt;
  private readonly lowerForReleaseStmt;
  private readonly raiseMarkStmt;

  constructor(private readonly db: Db) {
    // Pending events in append order, skipping any aggregate whose earlier event is
    // quarantined: a poison event holds back its own order and nothing else.
    // Every pending query starts at the mark, so the rowid range skips the sent history.
    this.batch = db.prepare<[number], Row>(
      `SELECT pos, id, aggregate_id, seq, type, at, payload FROM outbox o
       WHERE ${PENDING_FROM_MARK}
         AND NOT EXISTS (SELECT 1 FROM outbox q WHERE q.state = 'quarantined' AND q.aggregate_id = o.aggregate_id AND q.seq < o.seq)
       ORDER BY pos LIMIT ?`,
    );
    // Settled by pos (the rowid), which the worker holds for every event it sent: the
    // event id has no index of its own (migration 011).
    this.markSentStmt = db.prepare<[string, number]>(`UPDATE outbox SET state = 'sent', state_at = ?, attempts = attempts + 1 WHERE pos = ? AND state = 'pending'`);
    this.quarantineStmt = db.prepare<[string, string, string, number]>(
      `UPDATE outbox SET state = 'quarantined', error_code = ?, error_message = ?, state_at = ?, attempts = attempts + 1 WHERE pos = ? AND state = 'pending'`,
    );
    this.bumpAttemptsStmt = db.prepare<[number]>(`UPDATE outbox SET attempts = attempts + 1 WHERE pos = ?`);
    this.rewindStmt = db.prepare<[string, number, number]>(
      `UPDATE outbox SET state = 'pending', state_at = NULL WHERE aggregate_id = ? AND seq >= ? AND seq < ? AND state = 'sent'`,
    );
    // Two queries, not one `state IN (…) GROUP BY`: pending rows are counted from the mark and
    // quarantined ones through their partial index, so the status bar's once-a-second look costs
    // the backlog, not the whole history.
    this.pendingCountStmt = db.prepare<[], { n: number; oldest: number | null }>(PENDING_COUNT_SQL);
    this.quarantinedCountStmt = db.prepare<[], { n: number; oldest: number | null }>(
      `SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM outbox WHERE state = 'quarantined'`,
    );
    this.quarantinedStmt = db.prepare<[], QuarantineRow>(
      `SELECT pos, id, aggregate_id, seq, type, at, payload, error_code, error_message, attempts, state_at
       FROM outbox WHERE state = 'quarantined' ORDER BY pos`,
    );
    this.releaseStmt = db.prepare<[string]>(
      `UPDATE outbox SET state = 'pending', error_code = NULL, error_message = NULL, state_at = NULL WHERE id = ? AND state = 'quarantined'`,
    );
    this.anyPendingStmt = db.prepare<[], { one: number }>(`SELECT 1 AS one FROM outbox WHERE ${PENDING_FROM_MARK} LIMIT 1`);
    // The mark goes down to what rewind/release make pending, up to the first pending row after settle.
    this.lowerForRewindStmt = db.prepare<[string, number, number]>(
      `UPDATE outbox_cursor SET low = MIN(low, COALESCE(
         (SELECT MIN(pos) FROM outbox WHERE aggregate_id = ? AND seq >= ? AND seq < ? AND state = 'sent'), low))`,
    );
    this.lowerForReleaseStmt = db.prepare<[string]>(
      `UPDATE outbox_cursor SET low = MIN(low, COALESCE((SELECT pos FROM outbox WHERE id = ? AND state = 'quarantined'), low))`,
    );
    this.raiseMarkStmt = db.prepare(
      `UPDATE outbox_cursor SET low = COALESCE(
         (SELECT pos FROM outbox WHERE pos >= outbox_cursor.low AND state = 'pending' ORDER BY pos LIMIT 1),
         (SELECT COALESCE(MAX(pos), 0) + 1 FROM outbox))`,
    );
    this.lastPosStmt = db.prepare<[], { last: number | null }>(`SELECT MAX(pos) AS last FROM outbox`);
  }

  nextBatch(limit: number): PendingEvent[] {
    return this.batch.all(limit).map(toEvent);
  }

  hasPending(): boolean {
    return this.anyPendingStmt.get() !== undefined;
  }

  /**
   * Applies one HQ answer atomically: acknowledged events become sent, poison events are
   * quarantined with their reason, retried events have their attempt counted.
   */
  settle(
    at: string,
    acked: readonly PendingEvent[],
    quarantine: ReadonlyArray<{ event: PendingEvent; code: string; message: string }>,
    retried: readonly PendingEvent[],
  ): void {
    this.db.transaction(() => {
      for (const e of acked) this.markSentStmt.run(at, e.pos);
      for (const q of quarantine) this.quarantineStmt.run(q.code, q.message, at, q.event.pos);
      for (const e of retried) this.bumpAttemptsStmt.run(e.pos);
      this.raiseMarkStmt.run();
    })();
  }

  /**
   * HQ says it lacks seq `fromSeq` of an aggregate the store believes it sent
   * (HQ restored from a backup, or pointed at a fresh database): send them again.
   * Returns how many events went back to pending.
   */
  rewind(aggregateId: string, fromSeq: number, beforeSeq: number): number {
    return this.db.transaction(() => {
      this.lowerForRewindStmt.run(aggregateId, fromSeq, beforeSeq);
      return this.rewindStmt.run(aggregateId, fromSeq, beforeSeq).changes;
    })();
  }

  counts(): BacklogCounts {
    const p = this.pendingCountStmt.get() ?? { n: 0, oldest: null };
    const q = this.quarantinedCountStmt.get() ?? { n: 0, oldest: null };
    const oldest = [p.oldest, q.oldest].filter((v): v is number => v !== null);
    return { pending: p.n, quarantined: q.n, oldestAtMs: oldest.length > 0 ? Math.min(...oldest) : null };
  }

  quarantined(): QuarantinedEvent[] {
    return this.quarantinedStmt.all().map((r) => {
      const { pos: _pos, ...event } = toEvent(r);
      return {
        ...event,
        code: r.error_code ?? 'UNKNOWN',
        message: r.error_message ?? '',
        attempts: r.attempts,
        quarantinedAt: r.state_at ?? '',
      };
    });
  }

  /** Puts a quarantined event back in the queue; false if there is no such quarantined event. */
  release(id: string): boolean {
    return this.db.transaction(() => {
      this.lowerForReleaseStmt.run(id);
      return this.releaseStmt.run(id).changes === 1;
    })();
  }

  /** The latest append position: its rise over time is the arrival rate behind the count cap's countdown. */
  lastPos(): number {
    return this.lastPosStmt.get()?.last ?? 0;
  }
}
