/**
 * `posdesk gateway-sim --port n [--host 127.0.0.1] [--db file] [--seed n] [--keys-dir dir]`
 * (main/cli.ts dispatches here). Starts the simulator and keeps it running until SIGINT /
 * SIGTERM. Keys are never printed: with --keys-dir they are read from / written to files
 * there (mode 0600) so clients can be configured and restarts keep them; without it the
 * Alipay key pairs are fresh for this run and the WeChat key is the documented sample.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SIM_PORT } from '../defaults';
import { type GatewaySim, type GatewaySimOptions, SIM_WECHAT_MERCHANT, startGatewaySim } from './server';

export const GATEWAY_SIM_USAGE = `usage: posdesk gateway-sim [--port ${DEFAULT_SIM_PORT}] [--host 127.0.0.1] [--db trades.sqlite] [--seed 1] [--keys-dir dir] [--control-token t]
  WeChat Pay v2:  POST <url>/pay/micropay, /pay/orderquery, /secapi/pay/reverse, /secapi/pay/refund, /pay/unifiedorder, /pay/downloadbill
  Alipay OpenAPI: POST <url>/gateway.do   (trade.pay/query/cancel/refund/precreate, bill.downloadurl.query)
  Statements:     GET  <url>/statements/wechat/yyyyMMdd?type=ALL, GET <url>/statements/alipay/yyyy-MM-dd
  Control:        POST <url>/_sim/outcome|fault|rules|scan|reset, GET <url>/_sim/trades`;

export interface GatewaySimCliIo {
  out?: (line: string) => void;
  /** Install SIGINT/SIGTERM handlers that close the simulator (default true). */
  handleSignals?: boolean;
}

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

function intArg(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliUsageError(`--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function pemPair(dir: string, name: string): { privateKey: string; publicKey: string } {
  const priv = join(dir, `${name}-private.pem`);
  const pub = join(dir, `${name}-public.pem`);
  if (existsSync(priv) && existsSync(pub)) {
    return { privateKey: readFileSync(priv, 'utf8'), publicKey: readFileSync(pub, 'utf8') };
  }
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  writeFileSync(priv, pair.privateKey, { mode: 0o600 });
  writeFileSync(pub, pair.publicKey, { mode: 0o600 });
  return pair;
}

/** Parses argv (without "gateway-sim" itself) and starts the simulator. Throws CliUsageError on bad flags. */
export async function runGatewaySim(argv: string[], io: GatewaySimCliIo = {}): Promise<GatewaySim> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (err) {
    throw new CliUsageError(`${err instanceof Error ? err.message : String(err)}\n${GATEWAY_SIM_USAGE}`);
  }
  const v = parsed.values;
  if (v.help) {
    out(GATEWAY_SIM_USAGE);
    throw new CliUsageError('help shown');
  }
  const options: GatewaySimOptions = {
    host: v.host ?? '127.0.0.1',
    port: intArg('port', v.port, DEFAULT_SIM_PORT, 0, 65_535),
    seed: intArg('seed', v.seed, 1, 0, 2 ** 32 - 1),
  };
  if (v.db) options.dbPath = v.db;
  if (v['control-token']) options.controlToken = v['control-token'];
  const keysDir = v['keys-dir'];
  if (keysDir) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const app = pemPair(keysDir, 'alipay-app');
    const platform = pemPair(keysDir, 'alipay-platform');
    const wxKeyFile = join(keysDir, 'wechat-api-key.txt');
    if (!existsSync(wxKeyFile)) writeFileSync(wxKeyFile, SIM_WECHAT_MERCHANT.apiKey, { mode: 0o600 });
    options.alipay = { appPublicKey: app.publicKey, alipayPrivateKey: platform.privateKey };
    options.wechat = { apiKey: readFileSync(wxKeyFile, 'utf8').trim() };
  }

  const sim = await startGatewaySim(options);
  out(`gateway-sim listening on ${sim.url}`);
  out(`  WeChat: appid=${sim.wechat.appId} mch_id=${sim.wechat.mchId} base=${sim.wechat.baseUrl}`);
  out(`  Alipay: app_id=${sim.alipay.appId} pid=${sim.alipay.pid} gateway=${sim.alipay.gateway}`);
  out(keysDir ? `  keys: in ${keysDir} (not printed)` : '  keys: Alipay key pairs are new for this run; pass --keys-dir to keep and share them');
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

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  seed: { type: 'string' },
  'keys-dir': { type: 'string' },
  'control-token': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
