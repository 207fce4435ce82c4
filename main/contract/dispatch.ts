/**
 * The one place inbound calls enter the core. IPC (main/index.ts), WebSocket and
 * HTTP (main/server.ts) all hand raw, untrusted payloads to `dispatch`, which
 * validates them against the contract in preload/contract/ before any handler runs.
 * An invalid payload never reaches a handler, so nothing is written.
 */
import type { z } from 'zod';
import {
  type ApiError,
  type CallName,
  type CallOutput,
  type CallResult,
  calls,
  isCallName,
} from '../../preload/contract';
import { both } from '../../preload/bilingual';
import { ApiFailure } from './errors';

type ParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;

export type Handlers = {
  [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;
};

export type Dispatch = (name: string, rawInput: unknown) => Promise<CallResult<unknown>>;

/** Formats a zod error as one sentence that names the first offending field. */
export function describeInvalid(call: string, error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const what = issue ? issue.message : 'invalid input';
  return {
    code: 'INVALID_INPUT',
    message: field ? `${call}: ${field}: ${what}` : `${call}: ${what}`,
    ...(field ? { field } : {}),
  };
}

export function createDispatch(handlers: Handlers, onError?: (call: string, err: unknown) => void): Dispatch {
  return async (name, rawInput) => {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'UNKNOWN_CALL', message: `unknown call "${String(name).slice(0, 64)}"` } };
    }
    // An absent input is an empty one; `null` is a value, validated like any other.
    const parsed = calls[name].input.safeParse(rawInput === undefined ? {} : rawInput);
    if (!parsed.success) return { ok: false, error: describeInvalid(name, parsed.error) };
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (err) {
      onError?.(name, err);
      return { ok: false, error: toApiError(err) };
    }
  };
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  const message = err instanceof Error ? err.message : String(err);
  const sqlite = sqliteCode(err);
  if (!sqlite) return { code: 'INTERNAL', message };
  return { code: 'STORAGE', message: storageMessage(sqlite, message) };
}

function sqliteCode(err: unknown): string | undefined {
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * What the cashier reads when a write fails mid-shift. SQLite rolled the transaction back,
 * so the operation left nothing behind; and since every leg is written before its terminal
 * or channel is asked, a charge that could not be written was never sent.
 */
function storageMessage(code: string, message: string): string {
  if (code === 'SQLITE_FULL') {
    return both('磁盘已满：这笔操作没有保存。请清理磁盘空间后重试，已保存的交易不受影响', `The disk is full: this was not saved. Free some disk space and try again; what was saved before is safe (${code})`);
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return both('无法写入数据库：这笔操作没有保存。请检查磁盘后重试', `Cannot write the database: this was not saved. Check the disk and try again (${code}: ${message})`);
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return both('数据库正忙：这笔操作没有保存，请重试', `The database is busy: this was not saved; try again (${code})`);
  }
  return both('存储错误：这笔操作没有保存', `storage error: ${message} (${code})`);
}
