/**
 * Starts the built headless core (`node out/main/cli.js serve`) on a free port with
 * its own data directory, and waits for the line it prints when ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'out/main/cli.js');

export interface ServedCore {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'posdesk-e2e-'));
}

export async function serveCore(dataDir: string, extraArgs: string[] = []): Promise<ServedCore> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Saved channel credentials are sealed with a key kept beside the data dir, not in ~/.config.
    env: { ...process.env, POSDESK_SECRET_KEY_FILE: process.env.POSDESK_SECRET_KEY_FILE ?? `${dataDir}.secret.key` },
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`core did not start in 20 s\n${out}\n${stderr}`)), 20_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`core exited with ${code}\n${out}\n${stderr}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      }),
  };
}
