/**
 * The Electron window itself, where an Electron binary is installed (a developer's or a
 * user's machine). On machines where Electron's binary cannot be downloaded (our CI) this
 * test is skipped with a line saying so; the same renderer and core are covered there by the
 * Chromium specs beside this one and the preload bridge by test/core/contract-validation.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { scanWithGun } from './support/counter';
import { newDataDir, ROOT } from './support/server';

/** The binary's path, read as the electron package does, without triggering its download. */
function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

const BIN = electronBinary();
if (!BIN) {
  console.log('SKIP electron.spec.ts: no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the renderer is tested in Chromium against the same core.');
}

test('Electron: the sandboxed window opens the counter and sells over IPC', async () => {
  test.skip(!BIN, 'no Electron binary installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD=1): run where `npm ci` could fetch it');
  if (!fs.existsSync(path.join(ROOT, 'build', 'electron-sqlite', 'better_sqlite3.node'))) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-electron-sqlite.mjs')], { cwd: ROOT, stdio: 'inherit' });
    expect(r.status, 'build better-sqlite3 for Electron (needs internet for its headers)').toBe(0);
  }
  const app = await electron.launch({
    executablePath: BIN as string,
    args: [ROOT, '--data-dir', newDataDir()],
    cwd: ROOT,
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByText('请扫描商品条码')).toBeVisible();
    // contextIsolation + sandbox + no nodeIntegration: no Node in the page, only the bridge.
    const surface = await win.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, bridge: Object.keys((w.posdeskBridge as object | undefined) ?? {}).sort() };
    });
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', bridge: ['call', 'subscribe'] });
    await win.locator('body').click({ position: { x: 5, y: 700 } });
    await scanWithGun(win, '6901234000016');
    await expect(win.getByTestId('cart-line')).toHaveCount(1);
    await win.keyboard.press('F4');
    await win.keyboard.press('Enter');
    await expect(win.getByTestId('receipt-preview')).toBeVisible();
  } finally {
    await app.close();
  }
});
