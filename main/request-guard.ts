/**
 * Refuses requests a web page made behind the cashier's back.
 *
 * A browser lets any page send requests to 127.0.0.1: a page on the internet, open in the
 * cashier PC's browser, could open ws://127.0.0.1:8420/api/ws (WebSockets are not covered by
 * CORS) and start charges, refunds or swap the merchant's credentials; DNS rebinding would
 * even give it "same-origin" HTTP. So:
 *  - an Origin header, which browsers send on every WebSocket and on cross-site requests,
 *    must be this server's own origin;
 *  - a server bound to loopback only answers to a loopback Host name (127.0.0.1,
 *    localhost, [::1]), which a rebound attacker domain is not.
 * Test benches, curl and the Node clients send no Origin and a loopback Host: unaffected.
 * Beyond loopback the token is the guard, and the Origin rule still applies.
 */

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Host header value -> host name without the port ("[::1]:8420" -> "[::1]"). */
function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
}

/** Why this request must be refused, or null. */
export function crossSiteProblem(headers: { origin?: string | undefined; host?: string | undefined }, loopbackOnly: boolean): string | null {
  const host = headers.host ?? '';
  if (loopbackOnly && !LOOPBACK_NAMES.has(hostName(host).toLowerCase())) {
    return `拒绝访问：主机名 ${host || '(无)'} 不是本机 / refused: Host "${host}" is not this machine`;
  }
  const origin = headers.origin;
  if (origin === undefined) return null;
  let originHost: string | null = null;
  try {
    originHost = origin === 'null' ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost === null || originHost.toLowerCase() !== host.toLowerCase()) {
    return `拒绝访问：来自其他网站的请求 (${origin}) / refused: a request from another site (${origin})`;
  }
  return null;
}
