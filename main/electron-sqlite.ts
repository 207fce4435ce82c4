/**
 * better-sqlite3 is a native addon: the copy in node_modules is built for Node's ABI
 * (tests, the headless server). Electron needs one built for its own ABI. That copy
 * is built by `npm run build:electron-sqlite` (run by `npm start`) into
 * build/electron-sqlite/better_sqlite3.node and loaded through better-sqlite3's
 * `nativeBinding` option, so both builds live side by side.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ELECTRON_SQLITE_RELATIVE = path.join('build', 'electron-sqlite', 'better_sqlite3.node');

export function electronNativeBinding(appPath: string): string | undefined {
  const candidate = path.join(appPath, ELECTRON_SQLITE_RELATIVE);
  return fs.existsSync(candidate) ? candidate : undefined;
}
