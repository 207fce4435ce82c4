/**
 * posdesk <command> — the headless entry (plain Node, no Electron).
 *
 *   posdesk serve [--port 8420] [--host 127.0.0.1] [--data-dir d] [--db file] ...
 *       the counter core + the renderer in a browser, printing the URL
 *
 * and sim, gateway-sim, hq, recon: each is listed by `posdesk help`. Installed as a
 * package, bin/posdesk.js runs this file's built form (out/main/cli.js).
 */
import path from 'node:path';
import { createCore } from './app';
import { CliUsageError, GATEWAY_SIM_USAGE, runGatewaySim } from './channels/gateway-sim/cli';
import { ConfigError, loadConfig } from './config';
import { DatabaseOpenError } from './db/errors';
import { openDatabase } from './db/open';
import { runHq } from './hq/run-hq';
import { runRecon } from './recon/cli';
import { SqliteJournal } from './recon/journal-source';
import { runSim, SIM_USAGE, SimUsageError } from './sim/cli';
import { ServerConfigError, startServer } from './server';

const USAGE = `usage: posdesk <command> [options]

commands:
  serve    run the counter core headless and serve the UI at http://127.0.0.1:8420/
           --port n (0 = any free port)  --host 127.0.0.1  --token t (required off loopback)
           --data-dir dir  --db file  --lane 01  --store-name name  --cashier id
  sim      a vendor's simulated acquiring app on a serial port or TCP, with an HTTP control API
           --vendor wangpos|lakala|newland|landi-a8|sunmi|mispos|pax-poslink|ingenico-concert
           (--serial /dev/ttyX [--baud n] | --tcp 127.0.0.1:port) [--scenario file] [--seed n]
           [--control-port n] [--state file] [--manual] [--stage-delay-ms n] [--pace] [--profile file]
  gateway-sim  the WeChat Pay / Alipay gateway simulator (QA, test benches, merchants' own apps)
           --port 8780 --host 127.0.0.1 --db trades.sqlite --seed n --keys-dir dir
           --wechat-appid id --wechat-mchid n --alipay-appid id --alipay-pid 2088… --config sim.json
  hq       the reference head-office receiver for the stores' offline queues
           --port 8430 --host 127.0.0.1 --db posdesk-hq.db --token t
  recon    reconcile a day against channel statements (WeChat CSV, Alipay zip, acquirer file)
           --date YYYY-MM-DD --statement file… [--csv out.csv] [--chart out.svg] [--json]
           [--data-dir dir | --db file]  (the store's database; the defaults as for serve)
  help     this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'gateway-sim':
      return gatewaySim(rest);
    case 'hq':
      return runHq(rest);
    case 'sim':
      return terminalSim(rest);
    case 'recon':
      return recon(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`posdesk: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

async function serve(argv: string[]): Promise<number> {
  const config = loadConfig(argv, process.env, { rendererDir: path.resolve(__dirname, '../renderer') });
  const core = await createCore(config, { mode: 'headless' });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(core);
  } catch (err) {
    await core.close();
    throw err;
  }
  // Test benches wait for this exact line.
  process.stdout.write(`PosDesk is serving at ${server.url} (data: ${config.dataDir})\n`);
  await untilSignal();
  // Close gracefully (the database last, every committed sale is already on disk), but never
  // hang on the way out: a client holding a connection open must not keep the till running.
  const closed = (async () => {
    await server.close();
    await core.close();
  })();
  const late = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), SHUTDOWN_LIMIT_MS).unref())]);
  if (late) process.stderr.write(`posdesk: still closing after ${SHUTDOWN_LIMIT_MS / 1000} s; exiting anyway (committed data is safe)\n`);
  return 0;
}

/** How long `serve` waits for connections and devices to close after SIGTERM/SIGINT. */
const SHUTDOWN_LIMIT_MS = 10_000;

async function gatewaySim(argv: string[]): Promise<number> {
  try {
    const sim = await runGatewaySim(argv, { handleSignals: false });
    await untilSignal();
    await sim.close();
    return 0;
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`posdesk gateway-sim: ${err.message}\n\n${GATEWAY_SIM_USAGE}`);
      return 2;
    }
    throw err;
  }
}

async function terminalSim(argv: string[]): Promise<number> {
  try {
    const sim = await runSim(argv);
    await untilSignal();
    await sim.close();
    return 0;
  } catch (err) {
    if (err instanceof SimUsageError) {
      process.stderr.write(`posdesk sim: ${err.message}\n\n${SIM_USAGE}`);
      return 2;
    }
    throw err;
  }
}

/** `recon` takes the store's --data-dir/--db like serve; the rest is the recon engine's. */
async function recon(argv: string[]): Promise<number> {
  const own: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data-dir' || argv[i] === '--db') own.push(argv[i], argv[++i] ?? '');
    else rest.push(argv[i]);
  }
  const config = loadConfig(own);
  const db = openDatabase(config.dbPath);
  try {
    return await runRecon(rest, new SqliteJournal(db));
  } finally {
    db.close();
  }
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function explainFailure(err: unknown): string {
  if (err instanceof ConfigError || err instanceof ServerConfigError || err instanceof DatabaseOpenError) return err.message;
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') return `that port is already in use (${(err as Error).message}); choose another with --port`;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

if (typeof require !== 'undefined' && require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`posdesk: ${explainFailure(err)}\n`);
      process.exit(1);
    },
  );
}
