/**
 * Which request targets the headless server routes at all.
 *
 * The guard decides on the *routed* path, but the router is generous: it decodes `%xx`
 * (`/%61pi/call/…` is `/api/call/…`) and Node accepts absolute-form targets
 * (`POST http://evil.example/api/call/…`). A check on the raw text and a router that reads it
 * differently is how a guard gets walked around, so the two must never disagree: anything
 * the two could read differently is refused before routing.
 *
 *  - only origin-form targets (`/path?query`): absolute-form is for proxies, `*` for OPTIONS
 *    to a proxy; a browser or an SDK talking to us directly sends neither;
 *  - no percent-encoding in the path: our routes and the renderer's files are plain ASCII
 *    names, so `%` there is only ever a disguise (the query may carry encoded values);
 *  - no `.`/`..` segments, empty segments or backslashes, which file servers and routers
 *    normalise in different ways.
 */

/** Why this target is refused, or null when it is an ordinary origin-form path. */
export function targetProblem(rawUrl: string): string | null {
  if (!rawUrl.startsWith('/')) {
    return `拒绝访问：只接受 /路径 形式的请求目标 / refused: only origin-form request targets (/path) are served, not "${clip(rawUrl)}"`;
  }
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  if (path.includes('%')) {
    return `拒绝访问：路径中不接受百分号编码 / refused: percent-encoded characters in the path ("${clip(path)}")`;
  }
  if (path.includes('\\') || path.includes('//') || /\/\.\.?(\/|$)/.test(path)) {
    return `拒绝访问：路径不规范 / refused: a path with empty, "." or ".." segments or backslashes ("${clip(path)}")`;
  }
  return null;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
