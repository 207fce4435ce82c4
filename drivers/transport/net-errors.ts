/**
 * Maps Node socket and serial errors to TransportError codes with words a
 * cashier or QA engineer can act on.
 */
import { TransportError } from './transport';

/** The `code` ("ECONNREFUSED") of a Node system error, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function socketErrorToTransportError(error: unknown, address: string): TransportError {
  const errno = errnoOf(error);
  const cause = { cause: error };
  switch (errno) {
    case 'ECONNREFUSED':
      return new TransportError('NOT_FOUND', 'connection refused: nothing is listening there (is the terminal or simulator running?)', address, cause);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EADDRNOTAVAIL':
      return new TransportError('NOT_FOUND', `host unreachable (${errno}): check the address and the network`, address, cause);
    case 'ECONNRESET':
      return new TransportError('DISCONNECTED', 'the peer reset the connection', address, cause);
    case 'EPIPE':
      return new TransportError('DISCONNECTED', 'the peer closed the connection while we were writing', address, cause);
    case 'ETIMEDOUT':
      return new TransportError('TIMEOUT', 'the connection timed out', address, cause);
    case 'EACCES':
    case 'EPERM':
      return new TransportError('PERMISSION', `not permitted (${errno})`, address, cause);
    case 'EADDRINUSE':
      return new TransportError('LOCKED', 'the address is already in use by another program', address, cause);
    default:
      return new TransportError('IO', `socket error: ${messageOf(error)}`, address, cause);
  }
}
