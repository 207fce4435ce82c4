/**
 * Composition root: builds every service from config. Used by the headless server
 * (main/cli.ts) and the Electron entry (main/index.ts) alike, so both run the same core.
 */
import fs from 'node:fs';
import type { AppInfo } from '../preload/api';
import { CatalogRepo } from './catalog/catalog-repo';
import { CartState } from './checkout/cart';
import { Checkout } from './checkout/checkout';
import { OrdersRepo } from './checkout/orders-repo';
import type { CoreConfig } from './config';
import { createDispatch, type Dispatch } from './contract/dispatch';
import { type Db, openDatabase } from './db/open';
import { ReceiptService } from './devices/receipt-service';
import { DeviceRegistry } from './devices/registry';
import { EventBus } from './events';
import { createHandlers } from './handlers';
import { createLogger, type Logger } from './log';
import { VERSION } from './version';

export interface Core {
  config: CoreConfig;
  db: Db;
  bus: EventBus;
  log: Logger;
  dispatch: Dispatch;
  info(): AppInfo;
  close(): Promise<void>;
}

export interface CoreOptions {
  mode: AppInfo['mode'];
  nativeBinding?: string;
  now?: () => Date;
}

export async function createCore(config: CoreConfig, opts: CoreOptions): Promise<Core> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logger = createLogger(config.dataDir);
  const log = logger.log;
  const db = openDatabase(config.dbPath, { nativeBinding: opts.nativeBinding });
  const now = opts.now ?? (() => new Date());
  const bus = new EventBus();
  const catalog = new CatalogRepo(db);
  const seeded = catalog.seedIfEmpty();
  const orders = new OrdersRepo(db);
  const devices = new DeviceRegistry(bus);
  // The keyboard-wedge scanner is read by the window itself (renderer/src/scanner.ts).
  devices.upsert({
    id: 'scanner-wedge',
    role: 'scanner',
    name: '扫码枪 (键盘模式)',
    link: 'keyboard wedge (HID)',
    simulated: false,
    status: 'ready',
    detail: 'burst detector: 35 ms between keys, Enter suffix',
  });
  const receipts = new ReceiptService({ db, bus, log, devices, storeName: config.storeName, now });
  const checkout = new Checkout({
    db,
    catalog,
    orders,
    cart: new CartState(),
    bus,
    log,
    printer: receipts,
    lane: config.lane,
    cashier: config.cashier,
    now,
  });
  const startedAt = now().toISOString();
  const info = (): AppInfo => ({
    version: VERSION,
    mode: opts.mode,
    dataDir: config.dataDir,
    dbPath: config.dbPath,
    storeName: config.storeName,
    cashier: config.cashier,
    startedAt,
  });
  const dispatch = createDispatch(createHandlers({ info, catalog, checkout, orders, receipts, devices }), (call, err) =>
    log.error({ call, err: err instanceof Error ? err.message : String(err) }, 'call failed'),
  );
  log.info({ dbPath: config.dbPath, seeded, mode: opts.mode }, 'core ready');
  let closed = false;
  return {
    config,
    db,
    bus,
    log,
    dispatch,
    info,
    async close() {
      if (closed) return;
      closed = true;
      await receipts.close();
      db.close();
      logger.close();
    },
  };
}
