/**
 * Exactly-once receipt printing over a printer Transport.
 *
 * The rules (field-notes §2 "Receipt printers", §5 item 4):
 * - A job is a row in print_jobs (state 'pending', its exact bytes) before a byte is sent, and
 *   'printing' is committed before the first byte goes out (write-ahead, DESIGN rule 4).
 * - Status is read (DLE EOT 1..4) before and after every job. Paper out, cover open, offline,
 *   an error or no answer *before* the job holds it with nothing sent; the cashier fixes the
 *   printer and presses 继续 (resume()), and it prints once.
 * - Trouble *after* bytes went out (paper ran out mid-job, the link dropped, no status after,
 *   a restart while 'printing') holds the job as "may be incomplete". It is NEVER sent again
 *   on its own: the cashier either confirms a reprint (sent again, marked 重打印 COPY) or marks
 *   it printed. So a paper refill can never replay a pile of jobs (node-thermal-printer#78).
 * One job at a time, oldest first; every failure is caught and recorded, none escapes.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PrinterProfile } from '../../../drivers/printer/profile';
import { ENABLE_ASB, type PrinterStatus } from '../../../drivers/printer/status';
import type { PrintDocument } from '../../../drivers/printer/templates/documents';
import type { Transport } from '../../../drivers/transport/transport';
import type { Db } from '../../db/open';
import { withCopyMark } from './copy-mark';
import { type HoldCode, holdFromStatus, holdReason, isSafeToResend } from './hold-reasons';
import { type JobRow, type PrintJob, PrintQueueError, parseHoldCode, rowToJob } from './job';
import { realSetTimer, type SetTimer, StatusReader, StatusTimeoutError } from './status-reader';

/**
 * DLE EOT is answered in real time (microseconds on the printer); 2 s covers a USB-serial
 * adapter at 9600 baud behind a busy hub and a Wi-Fi printer waking from power save.
 */
export const DEFAULT_STATUS_TIMEOUT_MS = 2_000;
/**
 * Bytes per write. Small enough that a dropped link or an ASB "paper out" stops the job
 * within a fraction of a receipt (a 9600-baud line drains 512 bytes in ~0.5 s); large enough
 * that a typical 2-4 KB receipt is a handful of writes.
 */
export const DEFAULT_CHUNK_SIZE = 512;

/** pino-compatible subset. */
export interface QueueLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface PrintQueueOptions {
  db: Db;
  transport: Transport;
  /** Which printer's jobs this queue owns (print_jobs.device_id). Default 'printer'. */
  deviceId?: string;
  statusTimeoutMs?: number;
  chunkSize?: number;
  /** Turn on ASB (GS a) after opening, so paper out mid-job stops the sending early. Default true. */
  useAsb?: boolean;
  now?: () => Date;
  setTimer?: SetTimer;
  newId?: () => string;
  log?: QueueLog;
}

export interface EnqueueInput {
  orderNo?: string | null;
  /** 'sale', 'refund', 'cardSlip', 'settlement', 'shift', 'test'... */
  kind: string;
  /** The exact ESC/POS bytes, as printed. */
  bytes: Uint8Array;
  /** The same receipt rendered with copy: true; sent on a confirmed reprint (else a mark is prepended). */
  copyBytes?: Uint8Array;
  /** The job itself is a copy (the cashier asked for a reprint of an old receipt). */
  copy?: boolean;
  /**
   * Idempotency key: a job with this key is made once. Enqueueing it again (a retry, or the
   * same transaction replayed after a restart) returns the first job's id and sends nothing.
   */
  key?: string;
  /** The printer profile the bytes were encoded for (the preview is drawn with it). */
  profile?: PrinterProfile;
  /** The document as data, for a reprint encoded for the printer of the day. */
  document?: PrintDocument;
}

/** A job's stored inputs, for previews and reprints. */
export interface StoredJob {
  id: string;
  key: string | null;
  orderNo: string | null;
  kind: string;
  bytes: Buffer;
  createdAt: string;
  printedAt: string | null;
  profile: PrinterProfile | null;
  /** Unparsed: the caller validates it against the template it expects. */
  document: unknown;
}

/** Retry delay for starting the worker while the caller's transaction is still open. */
const IN_TRANSACTION_RETRY_MS = 5;

const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes (Uint8Array)');
const enqueueSchema = z.object({
  orderNo: z.string().min(1).max(64).nullish(),
  kind: z.string().min(1).max(32),
  bytes: bytesSchema.refine((b) => b.length > 0, 'a print job needs at least one byte'),
  copyBytes: bytesSchema.optional(),
  copy: z.boolean().optional(),
  key: z.string().min(1).max(160).optional(),
  profile: z.custom<PrinterProfile>((v) => typeof v === 'object' && v !== null).optional(),
  document: z.custom<PrintDocument>((v) => typeof v === 'object' && v !== null).optional(),
});

const SELECT = `SELECT id, order_no, kind, state, copy, bytes, copy_bytes, created_at, printed_at, error, hold_code, attempts, reprints FROM print_jobs`;

export class PrintQueue {
  readonly #db: Db;
  readonly #transport: Transport;
  readonly #deviceId: string;
  readonly #chunkSize: number;
  readonly #useAsb: boolean;
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #log: QueueLog | undefined;
  readonly #reader: StatusReader;
  readonly #listeners = new Set<(job: PrintJob) => void>();
  #running: Promise<void> | undefined;
  #closed = false;
  /** Set by an ASB packet that reports a stop condition while a job is being sent. */
  #asbStop: PrinterStatus | undefined;
  #asbOnFor: Transport | undefined;
  #lastStatus: PrinterStatus | undefined;

  constructor(options: PrintQueueOptions) {
    this.#db = options.db;
    this.#transport = options.transport;
    this.#deviceId = options.deviceId ?? 'printer';
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isInteger(this.#chunkSize) || this.#chunkSize < 1) throw new TypeError(`chunkSize must be a positive integer, got ${this.#chunkSize}`);
    this.#useAsb = options.useAsb ?? true;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? randomUUID;
    this.#log = options.log;
    this.#reader = new StatusReader(options.transport, {
      timeoutMs: options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS,
      setTimer: options.setTimer ?? realSetTimer,
      onNoise: (byte) => this.#log?.warn({ deviceId: this.#deviceId, byte }, 'printer sent a byte that is not a status reply'),
    });
    // A link that closed (and was reopened by us or by the device manager) has lost GS a.
    options.transport.onClose(() => {
      this.#asbOnFor = undefined;
    });
    this.#reader.onAsb((s) => {
      this.#lastStatus = s;
      if (holdFromStatus(s)) this.#asbStop = s;
    });
    this.recover();
  }

  /** The last status read or pushed, for the device panel. */
  get lastStatus(): PrinterStatus | undefined {
    return this.#lastStatus;
  }

  /**
   * After a crash: a job left 'printing' may be on paper, in part or whole. It is held as
   * interrupted for the cashier to decide; it is not re-sent. Returns how many were found.
   */
  recover(): number {
    const rows = this.#rows(`WHERE device_id = ? AND state = 'printing'`, this.#deviceId);
    for (const r of rows) this.#hold(r.id, 'interrupted');
    return rows.length;
  }

  /** Prints pending jobs left from before a restart (they were never sent). */
  start(): void {
    this.#kick();
  }

  /**
   * Writes the job (before any byte is sent) and starts the worker. Safe inside the caller's
   * SQLite transaction: the job then commits or rolls back with it, and the worker and the
   * change listeners only see it once that transaction has ended.
   */
  enqueue(input: EnqueueInput): string {
    if (this.#closed) throw new PrintQueueError('CLOSED', 'the print queue is closed');
    const parsed = enqueueSchema.safeParse(input);
    if (!parsed.success) {
      throw new PrintQueueError('INVALID', `print job: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    const j = parsed.data;
    if (j.key !== undefined) {
      const existing = this.#db.prepare<[string], { id: string }>(`SELECT id FROM print_jobs WHERE job_key = ?`).get(j.key);
      if (existing) {
        this.#log?.info({ deviceId: this.#deviceId, jobId: existing.id, key: j.key }, 'print job already queued under this key; not queued again');
        return existing.id;
      }
    }
    const id = this.#newId();
    const at = this.#now().toISOString();
    this.#db
      .prepare(
        `INSERT INTO print_jobs (id, order_no, kind, state, copy, bytes, copy_bytes, created_at, updated_at, device_id, job_key, profile_json, document_json)
         VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        j.orderNo ?? null,
        j.kind,
        j.copy ? 1 : 0,
        Buffer.from(j.bytes),
        j.copyBytes ? Buffer.from(j.copyBytes) : null,
        at,
        at,
        this.#deviceId,
        j.key ?? null,
        j.profile ? JSON.stringify(j.profile) : null,
        j.document ? JSON.stringify(j.document) : null,
      );
    this.#log?.info({ deviceId: this.#deviceId, jobId: id, kind: j.kind, orderNo: j.orderNo, key: j.key, bytes: j.bytes.length }, 'print job queued');
    this.#afterCommit(() => {
      this.#emit(id);
      this.#kick();
    });
    return id;
  }

  /** The stored inputs of a job of this printer. */
  stored(id: string): StoredJob | undefined {
    const r = this.#db
      .prepare<[string, string], StoredRow>(`SELECT ${STORED_COLUMNS} FROM print_jobs WHERE id = ? AND device_id = ?`)
      .get(id, this.#deviceId);
    return r ? toStored(r) : undefined;
  }

  /** Jobs whose key starts with `prefix` (one document set: a refund's slip and card slips), oldest first. */
  storedByKeyPrefix(prefix: string): StoredJob[] {
    return this.#db
      .prepare<[number, string], StoredRow>(`SELECT ${STORED_COLUMNS} FROM print_jobs WHERE substr(job_key, 1, ?) = ? ORDER BY created_at, rowid`)
      .all(prefix.length, prefix)
      .map(toStored);
  }

  /** The newest keyed job of an order whose key starts with one of `prefixes`. */
  newestKeyed(orderNo: string, prefixes: string[]): StoredJob | undefined {
    const like = prefixes.map(() => 'substr(job_key, 1, ?) = ?').join(' OR ');
    const r = this.#db
      .prepare<Array<string | number>, StoredRow>(
        `SELECT ${STORED_COLUMNS} FROM print_jobs WHERE order_no = ? AND job_key IS NOT NULL AND (${like}) ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .get(orderNo, ...prefixes.flatMap((p) => [p.length, p]));
    return r ? toStored(r) : undefined;
  }

  onChange(listener: (job: PrintJob) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** This printer's jobs, oldest first. */
  list(): PrintJob[] {
    return this.#rows(`WHERE device_id = ? ORDER BY created_at, rowid`, this.#deviceId).map(rowToJob);
  }

  get(id: string): PrintJob | undefined {
    const r = this.#row(id);
    return r ? rowToJob(r) : undefined;
  }

  /**
   * 继续: the cashier fixed the printer. Jobs held before any byte was sent go back to
   * pending and print once. Jobs that may be on paper are left for confirmReprint/markPrinted.
   */
  resume(jobId?: string): number {
    const held = jobId ? [this.#mustBe(jobId, ['held'])] : this.#rows(`WHERE device_id = ? AND state = 'held'`, this.#deviceId);
    const safe = held.filter((r) => {
      const code = parseHoldCode(r.hold_code);
      return code !== null && isSafeToResend(code);
    });
    if (jobId && safe.length === 0) {
      throw new PrintQueueError('WRONG_STATE', `job ${jobId} may already be on paper: confirm a reprint or mark it printed`);
    }
    for (const r of safe) this.#set(r.id, { state: 'pending', hold_code: null, error: null });
    if (safe.length > 0) this.#kick();
    return safe.length;
  }

  /** The cashier saw an incomplete receipt: send it again, marked 重打印 COPY. */
  confirmReprint(jobId: string): void {
    const r = this.#mustBeUnsure(jobId);
    this.#db
      .prepare(`UPDATE print_jobs SET state = 'pending', hold_code = NULL, error = NULL, copy = 1, reprints = reprints + 1, updated_at = ? WHERE id = ?`)
      .run(this.#now().toISOString(), r.id);
    this.#log?.info({ deviceId: this.#deviceId, jobId }, 'reprint confirmed by the cashier');
    this.#emit(r.id);
    this.#kick();
  }

  /** The cashier saw the receipt came out whole: done, nothing is sent. */
  markPrinted(jobId: string): void {
    const r = this.#mustBeUnsure(jobId);
    const at = this.#now().toISOString();
    this.#set(r.id, { state: 'done', hold_code: null, error: 'marked printed by the cashier', printed_at: at });
  }

  /** Drop a job that has not printed (pending, or held): it becomes 'failed' with the reason. */
  cancel(jobId: string): void {
    const r = this.#mustBe(jobId, ['pending', 'held']);
    this.#set(r.id, { state: 'failed', hold_code: null, error: 'cancelled by the cashier' });
  }

  /** Resolves when nothing is being printed. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stops taking jobs and waits for the current one. The transport is the caller's to close. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
    this.#reader.dispose();
  }

  // ---- the worker -----------------------------------------------------------------------

  /** Runs `fn` now, or once the caller's open transaction has ended (committed or rolled back). */
  #afterCommit(fn: () => void): void {
    if (!this.#db.inTransaction) {
      fn();
      return;
    }
    const retry = () => (this.#db.inTransaction ? setTimeout(retry, IN_TRANSACTION_RETRY_MS) : fn());
    setTimeout(retry, 0);
  }

  #kick(): void {
    if (this.#closed || this.#running) return;
    if (this.#db.inTransaction) {
      // A transaction spanning awaits (recovery's group commit) must not take our writes with it.
      this.#afterCommit(() => this.#kick());
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#closed) return;
      const next = this.#rows(`WHERE device_id = ? AND state = 'pending' ORDER BY created_at, rowid LIMIT 1`, this.#deviceId)[0];
      if (!next) return;
      try {
        await this.#print(next);
      } catch (error) {
        // #print records every failure it knows; this is a bug guard so the queue never wedges.
        this.#set(next.id, { state: 'held', hold_code: 'maybeIncomplete', error: holdReason('maybeIncomplete', messageOf(error)).message });
      }
    }
  }

  async #print(job: JobRow): Promise<void> {
    try {
      await this.#ensureOpen();
    } catch (error) {
      this.#hold(job.id, 'disconnected', messageOf(error));
      return;
    }
    let before: PrinterStatus;
    try {
      before = await this.#reader.query();
    } catch (error) {
      this.#hold(job.id, error instanceof StatusTimeoutError ? 'noStatus' : 'disconnected', messageOf(error));
      return;
    }
    this.#lastStatus = before;
    const stop = holdFromStatus(before);
    if (stop) {
      this.#hold(job.id, stop);
      return;
    }

    // Write-ahead: from here on, bytes may reach paper.
    this.#db
      .prepare(`UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ?`)
      .run(this.#now().toISOString(), job.id);
    this.#emit(job.id);
    const payload = job.reprints > 0 && job.copy_bytes ? job.copy_bytes : job.reprints > 0 ? withCopyMark(job.bytes) : job.bytes;
    this.#asbStop = undefined;
    let sent = 0;
    while (sent < payload.length) {
      const asb = this.#asbStop;
      if (asb) {
        this.#hold(job.id, 'maybeIncomplete', `${stopWords(asb)} after ${sent} of ${payload.length} bytes`);
        return;
      }
      const chunk = payload.subarray(sent, sent + this.#chunkSize);
      try {
        await this.#transport.write(chunk);
      } catch (error) {
        this.#hold(job.id, 'maybeIncomplete', `the link dropped after ${sent} of ${payload.length} bytes (${messageOf(error)})`);
        return;
      }
      sent += chunk.length;
    }

    let after: PrinterStatus;
    try {
      after = await this.#reader.query();
    } catch (error) {
      this.#hold(job.id, 'maybeIncomplete', `no status after the job (${messageOf(error)})`);
      return;
    }
    this.#lastStatus = after;
    if (holdFromStatus(after)) {
      this.#hold(job.id, 'maybeIncomplete', `${stopWords(after)} when the job ended`);
      return;
    }
    this.#set(job.id, { state: 'done', hold_code: null, error: null, printed_at: this.#now().toISOString() });
    this.#log?.info({ deviceId: this.#deviceId, jobId: job.id, bytes: payload.length }, 'print job done');
  }

  async #ensureOpen(): Promise<void> {
    if (!this.#transport.isOpen) await this.#transport.open();
    if (this.#useAsb && this.#asbOnFor !== this.#transport) {
      await this.#transport.write(ENABLE_ASB);
      this.#asbOnFor = this.#transport;
    }
  }

  // ---- rows -----------------------------------------------------------------------------

  #hold(id: string, code: HoldCode, detail?: string): void {
    const reason = holdReason(code, detail);
    this.#set(id, { state: 'held', hold_code: code, error: reason.message });
    this.#log?.warn({ deviceId: this.#deviceId, jobId: id, hold: code, detail }, reason.message);
  }

  #set(id: string, patch: { state: PrintJob['state']; hold_code: HoldCode | null; error: string | null; printed_at?: string }): void {
    this.#db
      .prepare(`UPDATE print_jobs SET state = ?, hold_code = ?, error = ?, printed_at = COALESCE(?, printed_at), updated_at = ? WHERE id = ?`)
      .run(patch.state, patch.hold_code, patch.error, patch.printed_at ?? null, this.#now().toISOString(), id);
    this.#emit(id);
  }

  #emit(id: string): void {
    const job = this.get(id);
    if (!job) return;
    for (const l of [...this.#listeners]) {
      try {
        l(job);
      } catch (error) {
        this.#log?.warn({ error: messageOf(error) }, 'a print queue listener threw');
      }
    }
  }

  #rows(where: string, ...params: string[]): JobRow[] {
    return this.#db.prepare<string[], JobRow>(`${SELECT} ${where}`).all(...params);
  }

  #row(id: string): JobRow | undefined {
    return this.#db.prepare<[string, string], JobRow>(`${SELECT} WHERE id = ? AND device_id = ?`).get(id, this.#deviceId);
  }

  #mustBe(id: string, states: PrintJob['state'][]): JobRow {
    const r = this.#row(id);
    if (!r) throw new PrintQueueError('NOT_FOUND', `no print job ${id}`);
    if (!states.includes(r.state)) throw new PrintQueueError('WRONG_STATE', `job ${id} is ${r.state}, not ${states.join(' or ')}`);
    return r;
  }

  /** Held as "may be incomplete" or "interrupted": only those need the cashier's word. */
  #mustBeUnsure(id: string): JobRow {
    const r = this.#mustBe(id, ['held']);
    const code = parseHoldCode(r.hold_code);
    if (code === null || isSafeToResend(code)) {
      throw new PrintQueueError('WRONG_STATE', `job ${id} was never sent (${code ?? 'no reason'}): use resume, not reprint`);
    }
    return r;
  }
}

const STORED_COLUMNS = 'id, job_key, order_no, kind, bytes, created_at, printed_at, profile_json, document_json';

interface StoredRow {
  id: string;
  job_key: string | null;
  order_no: string | null;
  kind: string;
  bytes: Buffer;
  created_at: string;
  printed_at: string | null;
  profile_json: string | null;
  document_json: string | null;
}

function toStored(r: StoredRow): StoredJob {
  return {
    id: r.id,
    key: r.job_key,
    orderNo: r.order_no,
    kind: r.kind,
    bytes: r.bytes,
    createdAt: r.created_at,
    printedAt: r.printed_at,
    profile: parseJson<PrinterProfile>(r.profile_json),
    document: parseJson<unknown>(r.document_json),
  };
}

/** A column edited into nonsense reads as absent (the preview falls back), never as a crash. */
function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function stopWords(s: PrinterStatus): string {
  const code = holdFromStatus(s);
  return code ? holdReason(code).message : 'printer not ready';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
