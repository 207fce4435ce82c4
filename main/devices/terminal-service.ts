/**
 * The card terminal the counter uses, built from config:
 *   sim[:vendor]            (default sim:wangpos) the vendor's simulated acquiring app, run
 *                           in this process and served on a loopback TCP port, so the driver
 *                           talks to it over a real socket exactly as it would to a device
 *   tcp://127.0.0.1:9999    a terminal (or `posdesk sim`) reachable over TCP
 *   serial:/dev/ttyUSB0@115200  a terminal on a serial port
 * The vendor profile is `--terminal-vendor` (or the sim's vendor).
 */
import path from 'node:path';
import type { DeviceInfo } from '../../preload/contract';
import { channelFactory } from '../../drivers/terminal/host/connect';
import { type DriverOptions, TerminalDriver, type Timeouts } from '../../drivers/terminal/host/driver';
import { getProfile } from '../../drivers/terminal/profiles';
import { SerialTransport } from '../../drivers/transport/serial';
import { TcpTransport } from '../../drivers/transport/tcp';
import type { Transport } from '../../drivers/transport/transport';
import { ConfigError } from '../config';
import { type SimService, startSimService } from '../sim/sim-service';
import { both } from '../../preload/bilingual';

export interface TerminalConfig {
  /** sim[:vendor] | tcp://host:port | serial:/path[@baud] */
  link: string;
  vendor?: string;
  /** Where the simulated terminal keeps its counters and journal. */
  dataDir: string;
  /** Shorter timeouts (tests, benches); the vendor's own by default. */
  timeouts?: Partial<Timeouts>;
  /** Pause between simulated card stages (ms); makes the progress visible to a person. */
  simStageDelayMs?: number;
  /** The simulated terminal waits for approve/decline from the Simulator page. */
  simManual?: boolean;
}

export interface TerminalService {
  driver: TerminalDriver;
  device: DeviceInfo;
  /** The in-process simulator (posdesk sim's service) when link is sim: (QA controls, tests). */
  sim?: SimService;
  close(): Promise<void>;
}

type Hooks = Pick<DriverOptions, 'journal' | 'onProgress' | 'onLateResult' | 'onLinkEvent'>;

export async function startTerminal(cfg: TerminalConfig, hooks: Hooks): Promise<TerminalService> {
  const simMatch = /^sim(?::([\w-]+))?$/.exec(cfg.link);
  const vendor = cfg.vendor ?? simMatch?.[1] ?? 'wangpos';
  let profile: ReturnType<typeof getProfile>;
  try {
    profile = getProfile(vendor);
  } catch (err) {
    throw new ConfigError(`--terminal-vendor: ${err instanceof Error ? err.message : String(err)}`);
  }
  let openTransport: () => Transport;
  let sim: TerminalService['sim'];
  let closeSim = async () => {};
  let link: string;
  if (simMatch) {
    const service = await startSimService({
      vendor,
      link: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      statePath: path.join(cfg.dataDir, `sim-terminal-${vendor}.json`),
      stageDelayMs: cfg.simStageDelayMs ?? 0,
      manual: cfg.simManual ?? false,
    });
    const port = service.port;
    if (port === undefined) throw new Error('the simulated terminal did not bind a port');
    sim = service;
    // The driver reaches it over a real loopback socket, with the vendor's own framing.
    openTransport = () => new TcpTransport({ host: '127.0.0.1', port });
    link = `sim ${vendor} tcp://127.0.0.1:${port}`;
    closeSim = () => service.close();
  } else if (cfg.link.startsWith('tcp://')) {
    const u = new URL(cfg.link);
    const port = Number(u.port);
    if (!port) throw new ConfigError(`--terminal ${cfg.link}: a TCP terminal needs a port`);
    openTransport = () => new TcpTransport({ host: u.hostname, port });
    link = cfg.link;
  } else if (cfg.link.startsWith('serial:')) {
    const m = /^serial:([^@]+)(?:@(\d+))?$/.exec(cfg.link);
    if (!m) throw new ConfigError(`--terminal ${cfg.link}: expected serial:/dev/ttyX[@baud]`);
    const baudRate = Number(m[2] ?? 115200);
    openTransport = () => new SerialTransport({ path: m[1], baudRate });
    link = cfg.link;
  } else {
    throw new ConfigError(`--terminal ${cfg.link}: expected sim[:vendor], tcp://host:port or serial:/path[@baud]`);
  }
  const driver = new TerminalDriver({
    profile,
    connect: channelFactory({ profile, openTransport }),
    ...(cfg.timeouts ? { timeouts: cfg.timeouts } : {}),
    ...hooks,
  });
  return {
    driver,
    sim,
    device: {
      id: 'terminal-1',
      role: 'terminal',
      name: `${profile.displayName} 刷卡终端`,
      link,
      simulated: Boolean(simMatch),
      status: 'ready',
      detail: both(`厂商配置 ${vendor}`, `profile ${vendor}`),
    },
    async close() {
      await driver.close();
      await closeSim();
    },
  };
}
