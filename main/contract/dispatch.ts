/**
 * The one place inbound calls enter the core. IPC (main/index.ts), WebSocket and
 * HTTP (main/server.ts) all hand raw, untrusted payloads to `dispatch`, which
 * validates them against the contract in preload/api.ts before any handler runs.
 * An invalid payload never reaches a handler, so nothing is written.
 */
import type { z } from 'zod';
import {
  type ApiError,
  type CallName,
  type CallOutput,
  type CallResult,
  calls,
  type ErrorCode,
  isCallName,
} from '../../preload/api';
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
    const parsed = calls[name].input.safeParse(rawInput ?? {});
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
  const code: ErrorCode = isSqliteError(err) ? 'STORAGE' : 'INTERNAL';
  const message = err instanceof Error ? err.message : String(err);
  return { code, message: code === 'STORAGE' ? `storage error: ${message}` : message };
}

function isSqliteError(err: unknown): boolean {
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
