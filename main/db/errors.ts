/** Why the database could not be opened, in words a support engineer can act on. */
export type DbErrorKind = 'LOCKED' | 'READ_ONLY' | 'CORRUPT' | 'NO_SPACE' | 'CANNOT_OPEN' | 'TOO_NEW';

export class DatabaseOpenError extends Error {
  constructor(
    readonly kind: DbErrorKind,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseOpenError';
  }
}
