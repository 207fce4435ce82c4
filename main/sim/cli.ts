/**
 * `posdesk sim --vendor <name> (--serial <path> [--baud n] | --tcp 127.0.0.1:<port>) …`
 * (main/cli.ts dispatches here): starts one simulated terminal and its HTTP control API and
 * prints one line saying where both are. Bad flags and unknown vendors throw SimUsageError
 * with a message that lists what is valid.
 */
import { parseArgs } from 'node:util';
import { PROFILE_IDS } from '../../drivers/terminal/profiles';
import { type ControlServer, startControlServer } from './control-server';
import { type SimLink, type SimService, type SimServiceOptions, startSimService } from './sim-service';

export const SIM_USAGE = `usage: posdesk sim --vendor <name> (--serial <path> [--baud 9600] | --tcp 127.0.0.1:<port>)
                  [--scenario file] [--seed n] [--state file] [--manual] [--stage-delay-ms n]
                  [--pace] [--profile file] [--control-port n] [--control-host 127.0.0.1] [--control-token t]
  vendors: ${PROFILE_IDS.join(', ')}
  --tcp 127.0.0.1:9100    serve the terminal's LAN port (loopback only; port 0 = any free port)
  --serial /dev/ttyV1     serve a serial port (e.g. one end of a socat pty pair) at --baud
  --pace                  let replies out at the baud rate's real speed (--baud; 9600 by default)
  --state file            counters + journal, kept across restarts
  --manual                hold every sale for approve/decline from the control API
  --profile file          a QA-edited profile.json instead of a shipped vendor
  --control-port n        HTTP control API port (0 = any free port, the default)
  Control API: GET /sim/status, POST /sim/next-outcome|fault|decide|replay|reset,
               GET /sim/pending|journal|transcript|transcript.jsonl (see main/sim/README.md)
`;

/** Default line rate: the usual MIS-POS / ECR serial setting. */
const DEFAULT_BAUD = 9600;
const MAX_PORT = 65_535;
const MAX_BAUD = 4_000_000;
/** A stage pause longer than a minute is surely a unit mix-up (seconds for ms). */
const MAX_STAGE_DELAY_MS = 60_000;

export class SimUsageError extends Error {
  override name = 'SimUsageError';
}

export interface SimCliHandle {
  service: SimService;
  control: ControlServer;
  close(): Promise<void>;
}

export interface SimCliIo {
  out?: (line: string) => void;
}

const OPTIONS = {
  vendor: { type: 'string' },
  serial: { type: 'string' },
  baud: { type: 'string' },
  tcp: { type: 'string' },
  scenario: { type: 'string' },
  seed: { type: 'string' },
  state: { type: 'string' },
  manual: { type: 'boolean' },
  'stage-delay-ms': { type: 'string' },
  pace: { type: 'boolean' },
  profile: { type: 'string' },
  'control-port': { type: 'string' },
  'control-host': { type: 'string' },
  'control-token': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function intFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new SimUsageError(`--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** "127.0.0.1:9100", "localhost:9100" or just "9100" (loopback). */
function tcpFlag(value: string): { host: string; port: number } {
  const m = /^(?:(.+):)?(\d+)$/.exec(value);
  const port = m ? intFlag('tcp port', m[2], 0, MAX_PORT) : undefined;
  if (!m || port === undefined) throw new SimUsageError(`--tcp expects 127.0.0.1:<port>, got ${JSON.stringify(value)}`);
  const host = (m[1] ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new SimUsageError(`--tcp binds loopback only (127.0.0.1), not ${host}: the terminal link has no authentication`);
  }
  return { host, port };
}

/** Parses argv (without "sim" itself) into service options and control-server options. */
export function parseSimArgs(argv: string[]): { service: SimServiceOptions; control: { host: string; port: number; token?: string } } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new SimUsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) throw new SimUsageError('help requested');
  if (!v.vendor && !v.profile) throw new SimUsageError(`--vendor is required (one of: ${PROFILE_IDS.join(', ')}), or --profile file`);
  if (v.vendor && !v.profile && !PROFILE_IDS.includes(v.vendor)) {
    throw new SimUsageError(`unknown vendor "${v.vendor}": valid vendors are ${PROFILE_IDS.join(', ')}`);
  }
  if ((v.serial === undefined) === (v.tcp === undefined)) {
    throw new SimUsageError('give exactly one of --serial <path> or --tcp 127.0.0.1:<port>');
  }
  const baud = intFlag('baud', v.baud, 1, MAX_BAUD);
  let link: SimLink;
  if (v.serial !== undefined) {
    if (v.serial === '') throw new SimUsageError('--serial needs a port path, e.g. /dev/ttyUSB0');
    link = { kind: 'serial', path: v.serial, baud: baud ?? DEFAULT_BAUD };
  } else {
    const { host, port } = tcpFlag(v.tcp ?? '');
    link = { kind: 'tcp', host, port, ...(v.pace ? { baud: baud ?? DEFAULT_BAUD } : {}) };
  }
  const seed = intFlag('seed', v.seed, 0, 2 ** 32 - 1);
  const stageDelayMs = intFlag('stage-delay-ms', v['stage-delay-ms'], 0, MAX_STAGE_DELAY_MS);
  const service: SimServiceOptions = {
    vendor: v.vendor ?? '',
    link,
    ...(v.scenario ? { scenarioFile: v.scenario } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(v.state ? { statePath: v.state } : {}),
    ...(v.manual ? { manual: true } : {}),
    ...(stageDelayMs !== undefined ? { stageDelayMs } : {}),
    ...(v.pace ? { paceBaud: true } : {}),
    ...(v.profile ? { profileFile: v.profile } : {}),
  };
  const control = {
    host: v['control-host'] ?? '127.0.0.1',
    port: intFlag('control-port', v['control-port'], 0, MAX_PORT) ?? 0,
    ...(v['control-token'] ? { token: v['control-token'] } : {}),
  };
  return { service, control };
}

/** Starts the simulator and its control API; the caller keeps it running and calls close(). */
export async function runSim(argv: string[], io: SimCliIo = {}): Promise<SimCliHandle> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const options = parseSimArgs(argv);
  const service = await startSimService(options.service);
  let control: ControlServer;
  try {
    control = await startControlServer(service, options.control);
  } catch (error) {
    await service.close();
    throw error;
  }
  const paced = options.service.paceBaud ? `, paced at ${options.service.link.baud ?? DEFAULT_BAUD} baud` : '';
  // Test benches wait for this one line.
  out(`posdesk sim: ${service.vendor} terminal on ${service.address}${paced}; control API at ${control.url}/sim/status`);
  return {
    service,
    control,
    async close() {
      await control.close();
      await service.close();
    },
  };
}
