/**
 * A virtual null-modem cable: two linked ptys from socat, for tests and for
 * running a simulated terminal against the app on one machine.
 *
 * Needs socat (apt-get install socat). Stable link names live in a temp dir;
 * close() kills socat itself (not a shell around it) and removes the dir.
 * With `links`, the caller names both link paths instead: a new socat on the same paths is the
 * same cable plugged back in (replug tests), so close() removes only the links, never a dir.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Path of one end, e.g. /tmp/posdesk-pty-XXXX/ttyV0 */
  readonly a: string;
  readonly b: string;
  readonly pid: number;
  /** Kills socat (both ends then see the line go away) and removes the links. */
  close(): Promise<void>;
}

/** socat normally creates both links within ~50 ms; 5 s covers a loaded CI box. */
const LINK_WAIT_MS = 5_000;
const POLL_MS = 20;
const KILL_GRACE_MS = 2_000;

export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface PtyPairOptions {
  /**
   * Fixed paths for the two links (their directory must exist). socat replaces a dangling
   * link left by a killed socat, so a new pair on the same paths stands in for a replugged cable.
   * close() the old pair before opening the next one: its close() removes the links.
   */
  links?: { a: string; b: string };
}

function linkPaths(options: PtyPairOptions): { a: string; b: string; dir?: string } {
  if (options.links) {
    const { a, b } = options.links;
    // A link a killed socat left behind may point at a pts number the kernel has since given
    // to another pair: waiting for "the link exists" would then hand out the wrong pty.
    for (const link of [a, b]) if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(link);
    return { a, b };
  }
  const dir = mkdtempSync(join(tmpdir(), 'posdesk-pty-'));
  return { a: join(dir, 'ttyV0'), b: join(dir, 'ttyV1'), dir };
}

export async function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const { a, b, dir } = linkPaths(options);
  // socat removes its links when it exits cleanly; after a SIGKILL they would dangle.
  const removeLinks = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    else for (const link of [a, b]) rmSync(link, { force: true });
  };
  const child: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + LINK_WAIT_MS;
  while (!(existsSync(a) && existsSync(b))) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(r, POLL_MS, undefined))]);
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      removeLinks();
      throw new Error(`socat did not create the pty pair: ${failed?.message ?? (stderr.trim() || 'timed out')}`);
    }
  }
  const pid = child.pid ?? -1;
  let closed = false;
  return {
    a,
    b,
    pid,
    async close() {
      if (closed) return;
      closed = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // socat exits on SIGTERM at once; a wedged one must not hang whoever closes the cable.
        const force = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
        await exited;
        clearTimeout(force);
      }
      removeLinks();
    },
  };
}
