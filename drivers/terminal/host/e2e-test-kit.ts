/**
 * Test bench wiring a host driver to a simulated device over a real transport: TCP on
 * 127.0.0.1 port 0, or a pseudo-terminal pair from socat. Used by the end-to-end and fault
 * matrix tests; also a worked example of composing the pieces.
 */
import { openPtyPair } from '../../transport/pty-pair';
import { SerialTransport } from '../../transport/serial';
import { TcpTransport } from '../../transport/tcp';
import { listenTcp } from '../../transport/tcp-server';
import type { ProgressEvent } from '../model';
import type { LinkTuning } from '../profiles/profile-channel';
import type { LinkKind, Profile } from '../profiles/profile-schema';
import { SimulatedDevice } from '../simulator/device';
import type { Scenario } from '../simulator/scenario';
import { SimulatedTerminal } from '../simulator/terminal';
import { channelFactory } from './connect';
import { type DriverOptions, type ReversalEntry, TerminalDriver, type Timeouts } from './driver';

/** Link timers shortened so a fault costs tenths of a second, not the vendor's seconds. */
export const FAST_TUNING: LinkTuning = {
  ackTimeoutMs: 250,
  interByteTimeoutMs: 80,
  heartbeatIntervalMs: 150,
  handshakeTimeoutMs: 300,
  ackDelayMs: 5,
};
export const FAST_TIMEOUTS: Partial<Timeouts> = {
  ackMs: 250,
  txnMs: 1_500,
  queryMs: 1_000,
  reversalRetryMs: 100,
  reversalAttempts: 4,
};

export interface Bench {
  driver: TerminalDriver;
  device: SimulatedDevice;
  terminal: SimulatedTerminal;
  journal: { pending: ReversalEntry[]; done: ReversalEntry[] };
  late: Parameters<NonNullable<DriverOptions['onLateResult']>>[0][];
  progress: ProgressEvent[];
  close(): Promise<void>;
}

export interface BenchOptions {
  profile: Profile;
  scenario?: Scenario;
  link?: LinkKind;
  seed?: number;
  /** Overrides of FAST_TIMEOUTS (the fault matrix shortens them further). */
  timeouts?: Partial<Timeouts>;
}

function timeoutsOf(o: BenchOptions): Partial<Timeouts> {
  return { ...FAST_TIMEOUTS, ...o.timeouts };
}

function parts() {
  const journal = { pending: [] as ReversalEntry[], done: [] as ReversalEntry[] };
  const late: Bench['late'] = [];
  const progress: ProgressEvent[] = [];
  return { journal, late, progress };
}

async function makeTerminal(o: BenchOptions): Promise<SimulatedTerminal> {
  return SimulatedTerminal.open({ seed: o.seed ?? 1, ...(o.scenario ? { scenario: o.scenario } : {}) });
}

function makeDevice(o: BenchOptions, terminal: SimulatedTerminal): SimulatedDevice {
  return new SimulatedDevice({
    profile: o.profile,
    terminal,
    tuning: FAST_TUNING,
    ...(o.link ? { link: o.link } : {}),
    lateReplyDelayMs: (timeoutsOf(o).txnMs ?? 0) + 400,
    heartbeatSilenceMs: 900,
  });
}

function makeDriver(o: BenchOptions, openTransport: () => TcpTransport | SerialTransport, p: ReturnType<typeof parts>): TerminalDriver {
  return new TerminalDriver({
    profile: o.profile,
    connect: channelFactory({ profile: o.profile, openTransport, tuning: FAST_TUNING, ...(o.link ? { link: o.link } : {}) }),
    timeouts: timeoutsOf(o),
    journal: {
      reversalPending: (e) => {
        p.journal.pending.push(e);
      },
      reversalDone: (e) => {
        p.journal.done.push(e);
      },
    },
    onLateResult: (l) => p.late.push(l),
    onProgress: (e) => p.progress.push(e),
  });
}

/** The driver on top of a simulated device already attached; `closeLine` ends the cable. */
function bench(o: BenchOptions, terminal: SimulatedTerminal, device: SimulatedDevice, openHost: () => TcpTransport | SerialTransport, closeLine: () => Promise<void>): Bench {
  const p = parts();
  const driver = makeDriver(o, openHost, p);
  return {
    driver,
    device,
    terminal,
    ...p,
    async close() {
      await driver.close();
      await device.close();
      await closeLine();
    },
  };
}

export async function startTcpBench(o: BenchOptions): Promise<Bench> {
  const terminal = await makeTerminal(o);
  const device = makeDevice(o, terminal);
  const server = await listenTcp({ port: 0, onConnection: (t) => device.attach(t) });
  return bench(o, terminal, device, () => new TcpTransport({ port: server.port }), () => server.close());
}

/** socat must be on PATH (apt-get install socat). */
export async function startPtyBench(o: BenchOptions): Promise<Bench> {
  const pty = await openPtyPair();
  try {
    const terminal = await makeTerminal(o);
    const device = makeDevice(o, terminal);
    const deviceSide = new SerialTransport({ path: pty.b, baudRate: 115200 });
    await deviceSide.open();
    device.attach(deviceSide);
    return bench(o, terminal, device, () => new SerialTransport({ path: pty.a, baudRate: 115200 }), () => pty.close());
  } catch (error) {
    await pty.close();
    throw error;
  }
}
