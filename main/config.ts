/**
 * Runtime configuration from command-line flags and environment, with embedded
 * defaults so a fresh install runs with no set-up: a SQLite file under the user's
 * data directory and simulated devices.
 */
import os from 'node:os';
import path from 'node:path';

export interface CoreConfig {
  dataDir: string;
  dbPath: string;
  host: string;
  port: number;
  /** Required when host is not loopback (DESIGN rule 7). */
  token: string | undefined;
  lane: string;
  storeName: string;
  cashier: string;
  /** Directory of the built renderer to serve (headless mode). */
  rendererDir: string | undefined;
  /** sim[:vendor] | tcp://host:port | serial:/path[@baud] */
  terminal: string;
  terminalVendor: string | undefined;
  /** Card transaction timeout override (ms); the vendor profile's by default. */
  terminalTxnMs: number | undefined;
  /** Pause between the simulated terminal's card stages, so a person sees them. */
  simStageDelayMs: number;
  /** The simulated terminal holds every sale for approve/decline on the Simulator page. */
  simManual: boolean;
  /** 'sim' (embedded gateway simulator) or a gateway URL. */
  gateway: string;
  gatewayKeys: string | undefined;
  /** PEM file of extra CA certificates trusted for the merchant's own channel endpoints. */
  channelCa: string | undefined;
  /** Shrinks the QR channels' waiting rules (tests); 1 = the channels' own timing. */
  qrTimeScale: number;
  /** How long one QR channel call may take before its answer counts as unknown. */
  qrTimeoutMs: number | undefined;
  /** Head office receiver for the offline queue (posdesk hq); none = keep events locally. */
  hqUrl: string | undefined;
  hqToken: string | undefined;
  storeId: string;
  /** Store-and-forward caps: events held, and age of the oldest, before warnings turn hard. */
  queueMaxEvents: number;
  queueMaxAgeHours: number;
  /** Serial (USB-CDC) scanners on known ports, e.g. /dev/ttyACM0@9600. */
  serialScanners: string[];
}

/** The platform's per-user data directory, as Electron's app.getPath('userData') would give. */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'PosDesk');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'PosDesk');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'posdesk');
}

export class ConfigError extends Error {}

/** Reads `--name value` / `--name=value` flags. Unknown flags are an error, not ignored. */
export function parseFlags(argv: string[], known: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!known.includes(name)) throw new ConfigError(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`--${name} needs a value`);
      i++;
    }
    out.set(name, value);
  }
  return out;
}

export const SERVE_FLAGS = [
  'data-dir',
  'db',
  'host',
  'port',
  'token',
  'lane',
  'store-name',
  'cashier',
  'renderer',
  'terminal',
  'terminal-vendor',
  'terminal-txn-ms',
  'sim-stage-delay-ms',
  'sim-manual',
  'gateway',
  'gateway-keys',
  'channel-ca',
  'qr-time-scale',
  'qr-timeout-ms',
  'hq',
  'hq-token',
  'store-id',
  'queue-max-events',
  'queue-max-age-hours',
  'serial-scanner',
] as const;

function numberFlag(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  return n;
}

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, defaults: Partial<CoreConfig> = {}): CoreConfig {
  const f = parseFlags(argv, SERVE_FLAGS);
  const dataDir = path.resolve(f.get('data-dir') ?? env.POSDESK_DATA_DIR ?? defaults.dataDir ?? defaultDataDir());
  const dbPath = path.resolve(f.get('db') ?? env.POSDESK_DB ?? path.join(dataDir, 'posdesk.db'));
  const portText = f.get('port') ?? env.POSDESK_PORT ?? String(defaults.port ?? 8420);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be 0-65535, got "${portText}"`);
  const lane = f.get('lane') ?? env.POSDESK_LANE ?? '01';
  if (!/^\d{2}$/.test(lane)) throw new ConfigError(`--lane must be two digits, got "${lane}"`);
  return {
    dataDir,
    dbPath,
    host: f.get('host') ?? env.POSDESK_HOST ?? '127.0.0.1',
    port,
    token: f.get('token') ?? env.POSDESK_TOKEN ?? undefined,
    lane,
    storeName: f.get('store-name') ?? env.POSDESK_STORE_NAME ?? '便民超市 · 加油站',
    cashier: f.get('cashier') ?? env.POSDESK_CASHIER ?? '001',
    rendererDir: f.get('renderer') ?? defaults.rendererDir,
    terminal: f.get('terminal') ?? env.POSDESK_TERMINAL ?? 'sim:wangpos',
    terminalVendor: f.get('terminal-vendor') ?? env.POSDESK_TERMINAL_VENDOR,
    terminalTxnMs: numberFlag('terminal-txn-ms', f.get('terminal-txn-ms'), 100, 600_000),
    simStageDelayMs: numberFlag('sim-stage-delay-ms', f.get('sim-stage-delay-ms') ?? env.POSDESK_SIM_STAGE_DELAY_MS, 0, 10_000) ?? 400,
    simManual: (f.get('sim-manual') ?? env.POSDESK_SIM_MANUAL ?? 'false') === 'true',
    gateway: f.get('gateway') ?? env.POSDESK_GATEWAY ?? 'sim',
    gatewayKeys: f.get('gateway-keys') ?? env.POSDESK_GATEWAY_KEYS,
    channelCa: f.get('channel-ca') ?? env.POSDESK_CHANNEL_CA,
    qrTimeScale: numberFlag('qr-time-scale', f.get('qr-time-scale') ?? env.POSDESK_QR_TIME_SCALE, 0.0001, 10) ?? 1,
    qrTimeoutMs: numberFlag('qr-timeout-ms', f.get('qr-timeout-ms'), 50, 120_000),
    hqUrl: f.get('hq') ?? env.POSDESK_HQ,
    hqToken: f.get('hq-token') ?? env.POSDESK_HQ_TOKEN,
    storeId: f.get('store-id') ?? env.POSDESK_STORE_ID ?? 'store-001',
    queueMaxEvents: numberFlag('queue-max-events', f.get('queue-max-events'), 10, 10_000_000) ?? 50_000,
    queueMaxAgeHours: numberFlag('queue-max-age-hours', f.get('queue-max-age-hours'), 0.01, 24 * 30) ?? 72,
    serialScanners: (f.get('serial-scanner') ?? env.POSDESK_SERIAL_SCANNER ?? '').split(',').filter((x) => x.trim() !== ''),
  };
}

/**
 * PosDesk's own flags (with their values) out of an argv that also carries other
 * programs' switches — Electron and Chromium add their own to the main process's argv.
 */
export function ownFlags(argv: string[], known: readonly string[] = SERVE_FLAGS): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (!known.includes(name)) continue;
    if (eq !== -1) out.push(a);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out.push(a, argv[++i]);
  }
  return out;
}

export const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
