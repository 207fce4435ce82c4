import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair } from './pty-pair';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'posdesk-links-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(!hasSocat())('openPtyPair with fixed link paths', () => {
  it('a new pair on the same paths replaces a stale link, and close() removes only the links', async () => {
    const dir = tempDir();
    const links = { a: join(dir, 'host'), b: join(dir, 'sim') };
    // Links a killed socat left behind, pointing at pts numbers now in use by another pair:
    // "both links exist" must not hand those out as the new pair.
    const other = await openPtyPair();
    cleanups.push(() => other.close());
    symlinkSync(realpathSync(other.a), links.a);
    symlinkSync(realpathSync(other.b), links.b);

    const taken = new Set([realpathSync(other.a), realpathSync(other.b)]);
    const pair = await openPtyPair({ links });
    cleanups.push(() => pair.close()); // a failed assertion must not leave socat running
    // Read at once: a pair handed out early would still show the stale targets here.
    const got = [realpathSync(pair.a), realpathSync(pair.b)];
    expect([pair.a, pair.b]).toEqual([links.a, links.b]);
    expect(got.filter((p) => taken.has(p))).toEqual([]);
    await pair.close();
    expect(existsSync(links.a) || existsSync(links.b)).toBe(false);
    expect(existsSync(dir)).toBe(true);

    // Plugged back in: the same paths again.
    const again = await openPtyPair({ links });
    cleanups.push(() => again.close());
    expect(realpathSync(again.b)).toMatch(/^\/dev\/pts\/\d+$/);
  });
});
