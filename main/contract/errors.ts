import type { ErrorCode } from '../../preload/contract';

/** A failure a handler reports on purpose, with a code the client can act on. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export const notFound = (message: string) => new ApiFailure('NOT_FOUND', message);
