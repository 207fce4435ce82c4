/**
 * `posdesk hq --port n [--host 127.0.0.1] [--db file] [--token t]`: runs the
 * reference HQ receiver until SIGINT/SIGTERM. The lead wires it into main/cli.ts:
 *   case 'hq': return runHq(rest);
 */
import path from 'node:path';
import type { HqFault } from './faults';
import { HqConfigError, startHq } from './server';

export const HQ_USAGE = `usage: posdesk hq [--port 8430] [--host 127.0.0.1] [--db posdesk-hq.db] [--token t]

  Receives the outbox of PosDesk stores (POST /v1/stores/:storeId/events), deduplicates
  by event id, keeps each order's events in sequence, and stores them in its own SQLite file.
  --port n     0 = any free port (default 8430)
  --host h     default 127.0.0.1; any other address requires --token
  --db file    default ./posdesk-hq.db
  --token t    stores must send "Authorization: Bearer t" (also POSDESK_HQ_TOKEN)
`;

/** The store's default points here; 8420 is the counter's own headless API. */
export const DEFAULT_HQ_PORT = 8430;

export interface HqArgs {
  host: string;
  port: number;
  dbPath: string;
  token?: string;
}

export function parseHqArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HqArgs {
  const out: HqArgs = { host: '127.0.0.1', port: DEFAULT_HQ_PORT, dbPath: path.resolve(cwd, 'posdesk-hq.db'), token: env.POSDESK_HQ_TOKEN || undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = (): string => {
      if (value === undefined || value.startsWith('--')) throw new HqConfigError(`${flag} needs a value\n\n${HQ_USAGE}`);
      i++;
      return value;
    };
    switch (flag) {
      case '--port': {
        const v = need();
        const port = Number(v);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HqConfigError(`--port must be 0-65535, got "${v}"`);
        out.port = port;
        break;
      }
      case '--host':
        out.host = need();
        break;
      case '--db':
        out.dbPath = path.resolve(cwd, need());
        break;
      case '--token':
        out.token = need();
        break;
      default:
        throw new HqConfigError(`unknown option "${flag}"\n\n${HQ_USAGE}`);
    }
  }
  return out;
}

/** Runs until a signal; resolves with the process exit code. `testing.faults` is for test fixtures only. */
export async function runHq(argv: string[], testing: { faults?: HqFault[] } = {}): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HQ_USAGE);
    return 0;
  }
  const args = parseHqArgs(argv);
  const hq = await startHq({ host: args.host, port: args.port, dbPath: args.dbPath, token: args.token, faults: testing.faults });
  // Test benches wait for this exact line.
  process.stdout.write(`PosDesk HQ is receiving at ${hq.url} (db: ${args.dbPath})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await hq.close();
  return 0;
}
