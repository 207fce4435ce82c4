/**
 * `posdesk gateway-sim` (main/cli.ts dispatches here). Starts the simulator and keeps it
 * running until SIGINT / SIGTERM.
 *
 * The merchant identity is configurable (--wechat-appid, --wechat-mchid, --alipay-appid,
 * --alipay-pid, or the same names in a --config JSON file) so a merchant's own app works
 * against it unchanged. Keys are never printed: with --keys-dir they are read from / written
 * to files there (sim-keys.ts says which key is whose) so clients can be configured and
 * restarts keep them; without it the Alipay key pairs are fresh for this run and the WeChat
 * key is the documented sample.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_SIM_PORT } from '../defaults';
import { type GatewaySim, type GatewaySimOptions, SIM_ALIPAY_APP_ID, SIM_ALIPAY_PID, SIM_WECHAT_MERCHANT, startGatewaySim } from './server';
import { loadSimKeys, SIM_KEY_FILES, SimKeysError } from './sim-keys';

export const GATEWAY_SIM_USAGE = `usage: posdesk gateway-sim [--port ${DEFAULT_SIM_PORT}] [--host 127.0.0.1] [--db trades.sqlite] [--seed 1] [--keys-dir dir] [--control-token t]
                           [--wechat-appid ${SIM_WECHAT_MERCHANT.appId}] [--wechat-mchid ${SIM_WECHAT_MERCHANT.mchId}] [--alipay-appid ${SIM_ALIPAY_APP_ID}] [--alipay-pid ${SIM_ALIPAY_PID}]
                           [--config sim.json]   (the same names as JSON keys; flags win; paths relative to the file)
  WeChat Pay v2:  POST <url>/pay/micropay, /pay/orderquery, /secapi/pay/reverse, /secapi/pay/refund, /pay/unifiedorder, /pay/downloadbill
  Alipay OpenAPI: GET or POST <url>/gateway.do   (trade.pay/query/cancel/refund/precreate, bill.downloadurl.query)
  Statements:     GET  <url>/statements/wechat/yyyyMMdd?type=ALL, GET <url>/statements/alipay/yyyy-MM-dd
  Control:        POST <url>/_sim/outcome|fault|rules|scan|reset, GET <url>/_sim/trades
  Keys (--keys-dir): ${SIM_KEY_FILES.appPublic} (the app's 应用公钥: verifies requests; put the merchant's own here),
                     ${SIM_KEY_FILES.platformPublic} (the app's 支付宝公钥), ${SIM_KEY_FILES.wechatApiKey} (the WeChat API key)`;

export interface GatewaySimCliIo {
  out?: (line: string) => void;
  /** Install SIGINT/SIGTERM handlers that close the simulator (default true). */
  handleSignals?: boolean;
}

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  seed: { type: 'string' },
  'keys-dir': { type: 'string' },
  'control-token': { type: 'string' },
  'wechat-appid': { type: 'string' },
  'wechat-mchid': { type: 'string' },
  'alipay-appid': { type: 'string' },
  'alipay-pid': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Setting = Exclude<keyof typeof OPTIONS, 'config' | 'help'>;

/**
 * The ids' shapes as the vendors issue them (WeChat appid String(32), mch_id digits; Alipay
 * app_id digits, pid 2088 + 12 digits), loose enough for sandbox accounts: a value that fails
 * is a typo or two flags swapped, which would otherwise show up only as every request refused.
 */
const ID_RULES: Partial<Record<Setting, [RegExp, string]>> = {
  'wechat-appid': [/^[0-9A-Za-z_]{1,32}$/, 'a WeChat AppID (e.g. wx followed by 16 letters/digits)'],
  'wechat-mchid': [/^\d{1,32}$/, 'a WeChat Pay 商户号 (digits)'],
  'alipay-appid': [/^\d{1,32}$/, 'an Alipay APPID (digits, e.g. 2021…)'],
  'alipay-pid': [/^2088\d{12}$/, 'an Alipay PID (2088 followed by 12 digits)'],
};

/** A --config file: the long flag names as keys; numbers may be numbers. */
const configSchema = z
  .object({
    port: z.union([z.string(), z.number().int()]),
    host: z.string(),
    db: z.string(),
    seed: z.union([z.string(), z.number().int()]),
    'keys-dir': z.string(),
    'control-token': z.string(),
    'wechat-appid': z.string(),
    'wechat-mchid': z.union([z.string(), z.number().int()]),
    'alipay-appid': z.union([z.string(), z.number().int()]),
    'alipay-pid': z.union([z.string(), z.number().int()]),
  })
  .partial()
  .strict();

function readConfig(file: string): Partial<Record<Setting, string>> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliUsageError(`--config ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliUsageError(`--config ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  const out: Partial<Record<Setting, string>> = {};
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) out[k as Setting] = String(v);
  // Paths in the file mean paths next to it, wherever the simulator is started from.
  const base = dirname(resolve(file));
  if (out.db) out.db = resolve(base, out.db);
  if (out['keys-dir']) out['keys-dir'] = resolve(base, out['keys-dir']);
  return out;
}

function intArg(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliUsageError(`--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Parses argv (without "gateway-sim" itself) into simulator options. Throws CliUsageError on bad flags. */
export function gatewaySimOptions(argv: string[]): { options: GatewaySimOptions; keysDir?: string; written: string[]; help: boolean } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (err) {
    throw new CliUsageError(`${err instanceof Error ? err.message : String(err)}\n${GATEWAY_SIM_USAGE}`);
  }
  const { config, help, ...flags } = parsed.values;
  if (help) return { options: {}, written: [], help: true };
  const v: Partial<Record<Setting, string>> = { ...(config ? readConfig(config) : {}) };
  for (const [k, value] of Object.entries(flags)) if (typeof value === 'string') v[k as Setting] = value;

  for (const [name, rule] of Object.entries(ID_RULES)) {
    const value = v[name as Setting];
    if (rule && value !== undefined && !rule[0].test(value)) throw new CliUsageError(`--${name} must be ${rule[1]}, got ${JSON.stringify(value)}`);
  }

  const options: GatewaySimOptions = {
    host: v.host ?? '127.0.0.1',
    port: intArg('port', v.port, DEFAULT_SIM_PORT, 0, 65_535),
    seed: intArg('seed', v.seed, 1, 0, 2 ** 32 - 1),
    wechat: {
      ...(v['wechat-appid'] ? { appId: v['wechat-appid'] } : {}),
      ...(v['wechat-mchid'] ? { mchId: v['wechat-mchid'] } : {}),
    },
    alipay: {
      ...(v['alipay-appid'] ? { appId: v['alipay-appid'] } : {}),
      ...(v['alipay-pid'] ? { pid: v['alipay-pid'] } : {}),
    },
  };
  if (v.db) options.dbPath = v.db;
  if (v['control-token']) options.controlToken = v['control-token'];
  const keysDir = v['keys-dir'];
  let written: string[] = [];
  if (keysDir) {
    try {
      const keys = loadSimKeys(keysDir, SIM_WECHAT_MERCHANT.apiKey);
      written = keys.written;
      options.alipay = { ...options.alipay, appPublicKey: keys.appPublicKey, alipayPrivateKey: keys.alipayPrivateKey };
      options.wechat = { ...options.wechat, apiKey: keys.wechatApiKey };
    } catch (err) {
      if (err instanceof SimKeysError) throw new CliUsageError(`--keys-dir: ${err.message}`);
      throw err;
    }
  }
  return { options, ...(keysDir ? { keysDir } : {}), written, help: false };
}

/** Parses argv (without "gateway-sim" itself) and starts the simulator. Throws CliUsageError on bad flags. */
export async function runGatewaySim(argv: string[], io: GatewaySimCliIo = {}): Promise<GatewaySim> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { options, keysDir, written, help } = gatewaySimOptions(argv);
  if (help) {
    out(GATEWAY_SIM_USAGE);
    throw new CliUsageError('help shown');
  }

  const sim = await startGatewaySim(options);
  // Test benches wait for this exact first line.
  out(`gateway-sim listening on ${sim.url}`);
  out(`  WeChat: appid=${sim.wechat.appId} mch_id=${sim.wechat.mchId} base=${sim.wechat.baseUrl}`);
  out(`  Alipay: app_id=${sim.alipay.appId} pid=${sim.alipay.pid} gateway=${sim.alipay.gateway} (GET or POST)`);
  if (keysDir) {
    out(`  keys: in ${keysDir} (not printed)${written.length ? `; created ${written.join(', ')}` : '; all read as they are'}`);
    out(`    requests verified with ${SIM_KEY_FILES.appPublic} (the app's 应用公钥); answers signed with ${SIM_KEY_FILES.platformPrivate}`);
    out(`    the app's 支付宝公钥 (alipayPublicKey) is ${SIM_KEY_FILES.platformPublic}; the WeChat API key is ${SIM_KEY_FILES.wechatApiKey}`);
  } else {
    out('  keys: Alipay key pairs are new for this run and the WeChat key is the documented sample; pass --keys-dir to keep, share or bring your own');
  }
  if (options.dbPath) out(`  trades persisted in ${options.dbPath}`);

  if (io.handleSignals !== false) {
    const stop = () => {
      void sim.close().then(() => out('gateway-sim stopped'));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return sim;
}
