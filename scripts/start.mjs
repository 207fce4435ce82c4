// `npm start`: build, make sure better-sqlite3 has an Electron-ABI copy, open the window.
// Where Electron's binary is not installed (CI, build machines) it says so in one
// sentence and exits non-zero: `npm run serve` runs the same app in a browser.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary's path, read the way the electron package does, without triggering its download. */
function electronBinary() {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

const bin = electronBinary();
if (!bin) {
  console.error('PosDesk cannot open its window because no Electron binary is installed on this machine; run `npm run serve` to use PosDesk in a browser instead.');
  process.exit(1);
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!fs.existsSync(path.join(root, 'build', 'electron-sqlite', 'better_sqlite3.node'))) {
  run(process.execPath, [path.join(root, 'scripts', 'build-electron-sqlite.mjs')]);
}
run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
const child = spawn(bin, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
