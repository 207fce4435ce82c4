/**
 * Composition root: builds every service from config. Used by the headless server
 * (main/cli.ts) and the Electron entry (main/index.ts) alike, so both run the same core.
 */
import fs from 'node:fs';
import type { AppInfo } from '../preload/contract';
import { CatalogRepo } from './catalog/catalog-repo';
import { readChannelCa, startChannels } from './channels/channel-setup';
import { ChannelSettingsService } from './channels/channel-settings';
import { CredentialStore, type MerchantCredentials } from './channels/credentials';
import { defaultKeyFile, keyFileBox, type SecretBox } from './channels/secret-box';
import { CartState } from './checkout/cart';
import { Checkout } from './checkout/checkout';
import { OrdersRepo } from './checkout/orders-repo';
import { CardPort } from './checkout/payments/card-port';
import { CashPort } from './checkout/payments/cash-port';
import { PaymentEngine } from './checkout/payments/engine';
import { LegNotes } from './checkout/payments/leg-notes';
import { PaymentsRepo } from './checkout/payments/payments-repo';
import { DEFAULT_QR_POLICY, scalePolicy } from './checkout/payments/qr-policy';
import { QrPort } from './checkout/payments/qr-port';
import { StoredValue, StoredValuePort } from './checkout/payments/stored-value-port';
import { RefundsRepo } from './checkout/refunds-repo';
import { ShiftsRepo } from './checkout/shifts-repo';
import type { CoreConfig } from './config';
import { createDispatch, type Dispatch } from './contract/dispatch';
import { type Db, openDatabase } from './db/open';
import { DEFAULT_PROFILE } from '../drivers/printer/profile';
import { DEFAULT_MAX_INTER_KEY_MS } from '../drivers/scanner/burst-detector';
import { deviceHandlers } from './devices/device-handlers';
import { DeviceService } from './devices/device-service';
import { Shifts } from './checkout/shift';
import { ReceiptService } from './devices/receipt-service';
import { DeviceRegistry } from './devices/registry';
import { startTerminal } from './devices/terminal-service';
import { EventBus } from './events';
import { createHandlers } from './handlers';
import { createLogger, type Logger } from './log';
import { dayClosedEvent, orderClosedEvent, orderCompletedEvent, paymentStateEvent, refundEvent, reversalEvent } from './outbox/projections';
import { QueueService } from './outbox/queue-service';
import { reconHandlers } from './recon/recon-handlers';
import { simHandlers, simState } from './sim/sim-handlers';
import { VERSION } from './version';
import { both } from '../preload/bilingual';

export interface Core {
  config: CoreConfig;
  db: Db;
  bus: EventBus;
  log: Logger;
  dispatch: Dispatch;
  info(): AppInfo;
  /** Test benches and the simulator page reach the embedded simulators here. */
  sims: {
    terminal?: Awaited<ReturnType<typeof startTerminal>>['sim'];
    gateway?: Awaited<ReturnType<typeof startChannels>>['sim'];
    printer?: DeviceService['virtualPrinter'];
  };
  close(): Promise<void>;
}

export interface CoreOptions {
  mode: AppInfo['mode'];
  /** Seals the merchant's credentials: the OS keychain in Electron; a key file headless. */
  secretBox?: SecretBox;
  nativeBinding?: string;
  now?: () => Date;
}

export async function createCore(config: CoreConfig, opts: CoreOptions): Promise<Core> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logger = createLogger(config.dataDir);
  const log = logger.log;
  const db = openDatabase(config.dbPath, { nativeBinding: opts.nativeBinding });
  const closers: Array<() => Promise<void> | void> = [];
  try {
    const now = opts.now ?? (() => new Date());
    const bus = new EventBus();
    const catalog = new CatalogRepo(db);
    const seeded = catalog.seedIfEmpty();
    const payments = new PaymentsRepo(db);
    const orders = new OrdersRepo(db, payments);
    const refunds = new RefundsRepo(db);
    const devices = new DeviceRegistry(bus);
    // The keyboard-wedge scanner is read by the window itself (renderer/src/scanner.ts).
    devices.upsert({
      id: 'scanner-wedge',
      role: 'scanner',
      name: '扫码枪 (键盘模式)',
      link: both('键盘模式 (HID)', 'keyboard wedge (HID)'),
      simulated: false,
      status: 'ready',
      detail: both(
        `连续按键间隔 ≤ ${DEFAULT_MAX_INTER_KEY_MS} ms、以回车结尾即为扫码`,
        `burst detector: ${DEFAULT_MAX_INTER_KEY_MS} ms between keys, Enter suffix`,
      ),
    });
    const deviceService = await DeviceService.start({ db, bus, log, registry: devices, baseProfile: DEFAULT_PROFILE });
    closers.push(() => deviceService.close());
    // Each print asks the device's settings (model, paper, encoding) for its profile.
    const receipts = new ReceiptService({
      db,
      bus,
      log,
      queue: deviceService.printQueue,
      storeName: config.storeName,
      cashier: config.cashier,
      printerProfile: () => deviceService.printerProfile(),
      printerWarnings: () => deviceService.resolvedPrinter().warnings,
    });

    const queue = new QueueService(
      db,
      bus,
      {
        hqUrl: config.hqUrl,
        storeId: config.storeId,
        token: config.hqToken,
        caps: { maxEvents: config.queueMaxEvents, maxAgeMs: config.queueMaxAgeHours * 3_600_000 },
      },
      log,
    );
    closers.push(() => queue.stop());

    // Payment legs note things in their own history by reference (e.g. a reversal about to
    // be sent: written, with its outbox event, before the driver sends a byte of it).
    const legNotes = new LegNotes({ db, payments, now, onReversal: (e) => queue.record(reversalEvent(e)) });
    let cardPort: CardPort | undefined;
    const terminal = await startTerminal(
      {
        link: config.terminal,
        vendor: config.terminalVendor,
        dataDir: config.dataDir,
        simStageDelayMs: config.simStageDelayMs,
        simManual: config.simManual,
        ...(config.terminalTxnMs ? { timeouts: { txnMs: config.terminalTxnMs, queryMs: Math.min(config.terminalTxnMs, 10_000) } } : {}),
      },
      {
        journal: {
          reversalPending: (e) => cardPort?.journal.reversalPending(e),
          reversalDone: (e, r) => cardPort?.journal.reversalDone(e, r),
        },
        onProgress: (e, request) => cardPort?.onProgress(e, request),
        onLateResult: (late) => {
          log.warn({ orderNo: late.request.orderNo, outcome: late.result.outcome }, 'late terminal reply matched to its request (not charged again)');
          legNotes.add(late.request.orderNo, { text: `迟到的终端应答 / late reply: ${late.result.responseCode} ${late.result.message}`, reversal: false });
        },
      },
    );
    closers.push(() => terminal.close());
    devices.upsert(terminal.device);
    // The Simulator page follows the simulated terminal live (screen, held decisions, journal).
    terminal.sim?.onEvent((e) => {
      if (e.type === 'screen' || e.type === 'result' || e.type === 'connection') {
        const sim = terminal.sim;
        if (sim) bus.emit('sim.changed', simState(sim));
      }
    });
    cardPort = new CardPort({ driver: terminal.driver, note: (ref, note) => legNotes.add(ref, note) });

    const credentialStore = new CredentialStore(config.dataDir, opts.secretBox ?? keyFileBox(defaultKeyFile()));
    let credentials: MerchantCredentials = {};
    let credentialProblem: string | null = null;
    try {
      credentials = credentialStore.load();
    } catch (err) {
      // The counter still starts (cash, card and the simulators work); settings say why.
      credentialProblem = `已保存的收款凭据无法打开，请重新填写 / saved channel credentials could not be opened: ${err instanceof Error ? err.message : String(err)}`;
      log.warn({ file: credentialStore.file, err: err instanceof Error ? err.message : String(err) }, 'saved channel credentials could not be opened');
    }
    const channels = await startChannels({
      gateway: config.gateway,
      keysDir: config.gatewayKeys,
      dataDir: config.dataDir,
      timeoutMs: config.qrTimeoutMs,
      credentials,
      ...(config.channelCa ? { trustPem: readChannelCa(config.channelCa) } : {}),
    });
    closers.push(() => channels.close());
    const channelSettings = new ChannelSettingsService(credentialStore, channels, log, credentials, credentialProblem);
    const qrPort = new QrPort({
      client: channels.client,
      policy: scalePolicy(DEFAULT_QR_POLICY, config.qrTimeScale),
      subject: config.storeName,
      showCode: (leg, code) =>
        bus.emit('customer.display', code ? { mode: 'qr', orderNo: leg.orderNo, amountFen: leg.amountFen, qrCode: code.qrCode, channel: code.channel } : { mode: 'idle', orderNo: leg.orderNo, amountFen: 0, qrCode: null, channel: null }),
    });
    const storedValue = new StoredValue(db, now);
    const shifts = new Shifts({ db, shifts: new ShiftsRepo(db), orders, payments, refunds, cashier: config.cashier, now });
    shifts.current(); // a store's first start opens its first shift
    const engine = new PaymentEngine({
      db,
      payments,
      bus,
      log,
      now,
      onTransition: (e) => queue.record(paymentStateEvent(e)),
      ports: {
        cash: new CashPort(payments),
        card: cardPort,
        wechat: qrPort,
        alipay: qrPort,
        unionpay: qrPort,
        storedValue: new StoredValuePort(storedValue),
      },
    });
    closers.push(() => engine.stop());
    const checkout = new Checkout({
      db,
      catalog,
      orders,
      payments,
      refunds,
      cart: new CartState(),
      engine,
      bus,
      log,
      printer: receipts,
      lane: config.lane,
      cashier: config.cashier,
      now,
      hooks: {
        orderCompleted: (o) => queue.record(orderCompletedEvent(o, orders.getByOrderNo(o.orderNo))),
        orderClosed: (o) => queue.record(orderClosedEvent(o)),
        refunded: (r) => queue.record(refundEvent(r)),
      },
      qrAvailable: () => {
        const qr = queue.status().tenders.qr;
        return { ok: qr.available, reason: qr.reason };
      },
    });
    for (const spec of config.serialScanners) {
      await deviceService.attachSerialScanner(spec, (code) => {
        try {
          checkout.scan(code);
        } catch (err) {
          log.info({ code: code.slice(0, 32), err: err instanceof Error ? err.message : String(err) }, 'serial scan not added');
        }
      });
    }

    const startedAt = now().toISOString();
    const info = (): AppInfo => ({
      version: VERSION,
      mode: opts.mode,
      dataDir: config.dataDir,
      dbPath: config.dbPath,
      storeName: config.storeName,
      cashier: config.cashier,
      startedAt,
      simulators: { terminal: terminal.sim?.address ?? null, gateway: channels.sim?.url ?? null },
    });
    const dispatch = createDispatch(
      {
        ...createHandlers({
          info,
          catalog,
          checkout,
          orders,
          receipts,
          devices,
          storedValue,
          queue,
          shifts,
          channelSettings,
        }),
        ...deviceHandlers({ service: deviceService, registry: devices, receipts }),
        ...simHandlers(() => terminal.sim),
        ...reconHandlers({
          db,
          statements: (day) => channels.statements(day),
          driver: terminal.driver,
          printDocument: (kind, bytes) => receipts.printDocument(kind, bytes),
          printerProfile: () => receipts.profile(),
          storeName: config.storeName,
          cashier: config.cashier,
          now,
          dayClosed: (e) => queue.record(dayClosedEvent(e)),
        }),
      }, (call, err) =>
        log.error({ call, err: err instanceof Error ? err.message : String(err) }, 'call failed'),
    );
    // Crash recovery runs before the counter accepts a sale (calls answer CONFLICT meanwhile),
    // and before the upload worker starts, so it never reads recovery's uncommitted events.
    const recovered = await checkout.start();
    queue.start();
    log.info({ dbPath: config.dbPath, seeded, mode: opts.mode, recovered: recovered.length, terminal: terminal.device.link, gateway: channels.url }, 'core ready');
    let closed = false;
    return {
      config,
      db,
      bus,
      log,
      dispatch,
      info,
      sims: { terminal: terminal.sim, gateway: channels.sim, printer: deviceService.virtualPrinter },
      async close() {
        if (closed) return;
        closed = true;
        for (const c of closers.reverse()) await c();
        db.close();
        await logger.close();
      },
    };
  } catch (err) {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined);
    db.close();
    await logger.close();
    throw err;
  }
}
