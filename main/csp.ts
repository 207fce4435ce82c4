/**
 * The pages' Content-Security-Policy and the other security headers, in one place for both
 * ways the renderer is loaded: the Electron window (main/index.ts sets it on every response)
 * and the headless server (main/server.ts sends it on every response, errors included).
 *
 * Scripts only from our own files; no eval, no remote code; previews are data: SVG images.
 * `frame-ancestors 'none'` because a foreign page that frames the counter could trick the
 * cashier's clicks (it only works as a header: browsers ignore it in a <meta> tag).
 */

const BASE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
];

/** The Electron window talks to the core over IPC: no network connections at all beyond 'self'. */
export const ELECTRON_CSP = [...BASE_DIRECTIVES, "connect-src 'self'"].join('; ');

/** A Host header we may echo into a policy: a host name or address and a port, nothing else. */
const PLAIN_HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * The headless page connects to this server's own WebSocket and nothing else. The origin is
 * the Host the page was loaded from (the guard has already checked it), so a page opened as
 * localhost:8420 may connect to ws://localhost:8420 — not to any `ws:` host as before.
 */
export function serverCsp(host: string | undefined): string {
  const ws = host && PLAIN_HOST.test(host) ? ` ws://${host}` : '';
  return [...BASE_DIRECTIVES, `connect-src 'self'${ws}`].join('; ');
}

/** Sent on every headless response (files, API answers and errors alike). */
export function securityHeaders(host: string | undefined): Record<string, string> {
  return {
    'content-security-policy': serverCsp(host),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
  };
}
