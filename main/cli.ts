/**
 * posdesk <command> — the headless entry (plain Node, no Electron).
 *
 *   posdesk serve [--port 8420] [--host 127.0.0.1] [--data-dir d] [--db file] ...
 *       the counter core + the renderer in a browser, printing the URL
 *
 * More commands (sim, gateway-sim, hq, recon) join as their issues land; each is
 * listed by `posdesk help`.
 */
import path from 'node:path';
import { createCore } from './app';
import { ConfigError, loadConfig } from './config';
import { DatabaseOpenError } from './db/errors';
import { ServerConfigError, startServer } from './server';

const USAGE = `usage: posdesk <command> [options]

commands:
  serve    run the counter core headless and serve the UI at http://127.0.0.1:8420/
           --port n (0 = any free port)  --host 127.0.0.1  --token t (required off loopback)
           --data-dir dir  --db file  --lane 01  --store-name name  --cashier id
  help     this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
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
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await core.close();
  return 0;
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
