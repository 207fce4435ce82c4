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

export const SERVE_FLAGS = ['data-dir', 'db', 'host', 'port', 'token', 'lane', 'store-name', 'cashier', 'renderer'] as const;

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
  };
}

export const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
