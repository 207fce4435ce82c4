/**
 * `npx posdesk help` works from an installed package: `npm pack` the project (its `files`
 * ship bin/ and the built out/), install the tarball into an empty temp project, and run the
 * bin the way an installer would. Needs `npm run build` first (npm test builds before vitest).
 * The install takes the registry's metadata and the local npm cache's tarballs; install
 * scripts are skipped (no native rebuild: `help` needs none).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';

const ROOT = path.resolve(__dirname, '../..');
const work = tempDir();
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('the installed package', () => {
  it('packs bin/ and out/, and `npx posdesk help` runs after installing the tarball', () => {
    expect(fs.existsSync(path.join(ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true);
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const entry = packed[0];
    if (!entry) throw new Error('npm pack printed nothing');
    const files = entry.files.map((f) => f.path);
    expect(files).toContain('bin/posdesk.js');
    expect(files).toContain('out/main/cli.js');
    expect(files.some((f) => f.startsWith('out/renderer/'))).toBe(true);
    // Nothing but the shipped parts: no sources, tests or local databases.
    expect(files.filter((f) => /^(test|main|drivers|renderer)\//.test(f))).toEqual([]);

    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'installer', version: '1.0.0', private: true }));
    npm(['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', path.join(work, entry.filename)], app);
    const help = execFileSync('npx', ['--offline', 'posdesk', 'help'], { cwd: app, encoding: 'utf8' });
    expect(help).toMatch(/^usage: posdesk <command>/);
    expect(help).toContain('gateway-sim');
  }, 240_000);
});
