/**
 * Electron entry: the ONLY file in main/ that imports 'electron' (DESIGN rule 1).
 * It builds the same core as the headless server and wires it to one window
 * through two allow-listed IPC channels; every payload is validated by the core's
 * dispatcher against the contract (preload/contract/).
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron';
import { IPC_CALL, IPC_EVENT } from '../preload/contract';
import { type Core, createCore } from './app';
import { loadConfig, ownFlags } from './config';
import { createIpcCallHandler } from './ipc';
import { electronNativeBinding } from './electron-sqlite';
import { keychainBox } from './channels/secret-box';
import { ELECTRON_CSP } from './csp';

let core: Core | undefined;

async function boot(): Promise<void> {
  const config = loadConfig(ownFlags(process.argv), process.env, {
    dataDir: app.getPath('userData'),
  });
  // The OS keychain seals the merchant's credentials; without one (a Linux desktop with no
  // keyring) safeStorage would fall back to a hard-coded key, so the key file is used instead.
  const basicText = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  const secretBox = safeStorage.isEncryptionAvailable() && !basicText ? keychainBox(safeStorage) : undefined;
  core = await createCore(config, { mode: 'electron', nativeBinding: electronNativeBinding(app.getAppPath()), ...(secretBox ? { secretBox } : {}) });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'PosDesk',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());

  // No navigation away from the app and no new windows; external links go to the OS browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  const c = core;
  ipcMain.handle(IPC_CALL, createIpcCallHandler(c.dispatch, (sender) => sender === win.webContents));
  c.bus.subscribe((e) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, e);
  });

  if (process.env.ELECTRON_RENDERER_URL) await win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else await win.loadFile(path.join(__dirname, '../renderer/index.html'));
}

app.whenReady().then(boot, (err: unknown) => {
  console.error(err);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void core?.close();
});
