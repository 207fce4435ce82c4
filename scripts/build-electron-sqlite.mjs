// Builds better-sqlite3 for Electron's ABI into build/electron-sqlite/better_sqlite3.node,
// leaving node_modules' copy (Node's ABI) alone for tests and `npm run serve`.
// main/electron-sqlite.ts loads it through better-sqlite3's `nativeBinding` option.
//
// Needs Electron's headers, which node-gyp downloads from Electron's site: run it on a
// machine with internet access (`npm start` runs it once). A `nodedir` npm setting
// (as on our CI machines) would point node-gyp at Node's headers and produce a Node-ABI
// binary, so it is removed from the environment here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const src = path.join(root, 'node_modules', 'better-sqlite3');
const work = path.join(root, 'build', 'electron-sqlite', 'src');
const out = path.join(root, 'build', 'electron-sqlite', 'better_sqlite3.node');

fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_nodedir$/i.test(k)));
const gyp = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const args = fs.existsSync(gyp) ? [gyp] : [path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
console.log(`building better-sqlite3 for Electron ${electronVersion} …`);
const r = spawnSync(
  process.execPath,
  [...args, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
  { cwd: work, stdio: 'inherit', env },
);
if (r.status !== 0) {
  console.error('Could not build better-sqlite3 for Electron (this needs internet access for Electron\'s headers). `npm run serve` works without it.');
  process.exit(r.status ?? 1);
}
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), out);
fs.rmSync(work, { recursive: true, force: true });
console.log(`wrote ${path.relative(root, out)}`);
