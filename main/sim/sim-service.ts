/**
 * `posdesk sim` as a library: one simulated payment terminal (the brain + a vendor profile's
 * device side) served on a TCP port on 127.0.0.1 or a serial port, with every byte recorded in
 * a transcript, optional pacing at the line's baud rate, and a typed control surface (queue
 * outcomes and faults, manual approve/decline, transcript, replay, journal, reset) that the
 * HTTP control API (control-server.ts) and the app's simulator screen both sit on.
 * A serial port that vanishes (cable pulled, socat restarted, a linkGone fault) is reopened
 * with backoff until close() (serial-line.ts); status().line says where that stands.
 */
import { storeDay } from '../../drivers/shared/store-time';
import { getProfile } from '../../drivers/terminal/profiles';
import type { LinkTuning } from '../../drivers/terminal/profiles/profile-channel';
import { type LinkKind, loadProfileFile, type Profile } from '../../drivers/terminal/profiles/profile-schema';
import { type DeviceEvent, SimulatedDevice } from '../../drivers/terminal/simulator/device';
import type { Fault } from '../../drivers/terminal/simulator/faults';
import type { OutcomeRule } from '../../drivers/terminal/simulator/outcome-rules';
import { loadScenarioFile, type Scenario } from '../../drivers/terminal/simulator/scenario';
import { type PendingDecision, SimulatedTerminal } from '../../drivers/terminal/simulator/terminal';
import type { JournalEntry } from '../../drivers/terminal/simulator/terminal-state';
import type { TranscriptEntry } from '../../drivers/terminal/links/transcript';
import { Listeners } from '../../drivers/transport/listeners';
import { listenTcp, type TcpServerHandle } from '../../drivers/transport/tcp-server';
import type { Transport } from '../../drivers/transport/transport';
import type { ReconnectPolicy } from '../devices/manager/reconnect-backoff';
import { ControlQueue, type FaultTarget, type QueuedControl } from './control-queue';
import { PacedTransport } from './paced-transport';
import { type ReplayOptions, type ReplayReport, replayIntoFreshDevice } from './replay';
import { type Screen, ScreenTracker } from './screen';
import { type LineStatus, SerialLine } from './serial-line';
import { frameDecoderFor } from './frame-message';
import { SimTranscript, type TranscriptPage } from './sim-transcript';

export type SimLink =
  /** `baud` is only used for pacing (a TCP link has no line rate of its own). */
  | { kind: 'tcp'; host: string; port: number; baud?: number }
  | { kind: 'serial'; path: string; baud: number };

export interface SimServiceOptions {
  /** A shipped profile id (wangpos, lakala, …); ignored when profileFile is given. */
  vendor: string;
  link: SimLink;
  /** Counters + journal file; without it the terminal forgets everything on exit. */
  statePath?: string;
  scenarioFile?: string;
  /** An already-parsed scenario (tests, the app); scenarioFile wins. */
  scenario?: Scenario;
  seed?: number;
  /** Every sale waits for decide(): the simulator screen's approve/decline buttons. */
  manual?: boolean;
  /** Pause between card-flow stages (0 = as fast as possible). */
  stageDelayMs?: number;
  /** Let the device's bytes out no faster than the line's baud rate would. */
  paceBaud?: boolean;
  /** A QA-edited profile.json (profiles/README.md). */
  profileFile?: string;
  /** Override the profile's link (e.g. a JSON profile over length-prefixed TCP). */
  linkKind?: LinkKind;
  tuning?: LinkTuning;
  rules?: readonly OutcomeRule[];
  /** Transcript entries kept (oldest dropped beyond it). */
  transcriptLimit?: number;
  terminalId?: string;
  merchantId?: string;
  /** Serial only: delays between reopens of a vanished port (SIM_REOPEN_BACKOFF by default). */
  reopenBackoff?: ReconnectPolicy;
}

export type SimEvent =
  | DeviceEvent
  | { type: 'connection'; label: string; open: boolean }
  /** The serial port vanished, came back, or a reopen failed for a new reason. */
  | { type: 'line'; line: LineStatus }
  | { type: 'screen'; screen: Screen };

export interface SimCounters {
  trace: number;
  batch: number;
  reference: number;
  signedInDay: string | null;
}

export interface SimStatus {
  vendor: string;
  displayName: string;
  /** tcp://127.0.0.1:PORT or /dev/ttyX@9600 */
  address: string;
  link: LinkKind;
  /** The port itself: `waiting-for-port` while a vanished serial port is being reopened. */
  line: LineStatus;
  connections: number;
  pacedBaud: number | null;
  manual: boolean;
  screen: Screen;
  counters: SimCounters;
  pending: PendingDecision[];
  queued: QueuedControl;
  transcript: { entries: number; dropped: number };
}

export interface SimService {
  readonly vendor: string;
  readonly profile: Profile;
  readonly address: string;
  /** The TCP port actually bound (useful with port 0); undefined on serial. */
  readonly port: number | undefined;
  /** A field-39 code ('00', '51', …) for the next `times` sales; beats the scenario and the amount rules. */
  nextOutcome(responseCode: string, times?: number): void;
  /** A fault for the next `times` sales (target 'sale', default) or transactions of any kind. */
  injectFault(fault: Fault, times?: number, target?: FaultTarget): void;
  pending(): PendingDecision[];
  /** Manual mode: answer a held transaction (id = its trace no.). False when no such one is held. */
  decide(id: string, responseCode: string): boolean;
  transcript(): readonly TranscriptEntry[];
  transcriptPage(since?: number): TranscriptPage;
  /** JSON lines, one entry a line (links/transcript.ts parseTranscript reads it back). */
  exportTranscript(): string;
  /** Feeds a recorded session's host -> device bytes into a fresh device built like this one. */
  replay(entries: readonly TranscriptEntry[], options?: ReplayOptions): Promise<ReplayReport>;
  /** The terminal's journal, or its newest `last` entries. */
  journal(last?: number): readonly JournalEntry[];
  counters(): SimCounters;
  screen(): Screen;
  status(): SimStatus;
  onEvent(listener: (event: SimEvent) => void): () => void;
  /**
   * Clears queued outcomes and faults and the transcript, and cancels held manual decisions
   * (L2). With wipeState the journal and counters go too (a factory-fresh terminal).
   */
  reset(options?: { wipeState?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export class SimConfigError extends Error {
  override name = 'SimConfigError';
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);
/** Field-39 code a reset gives a transaction held for a manual decision: cancelled. */
const RESET_CANCEL_CODE = 'L2';

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

async function resolveProfile(options: SimServiceOptions): Promise<Profile> {
  if (options.profileFile) return loadProfileFile(options.profileFile);
  try {
    return getProfile(options.vendor);
  } catch (error) {
    throw new SimConfigError(error instanceof Error ? error.message : String(error));
  }
}

export async function startSimService(options: SimServiceOptions): Promise<SimService> {
  const profile = await resolveProfile(options);
  const scenario = options.scenarioFile ? await loadScenarioFile(options.scenarioFile) : options.scenario;
  const seed = options.seed ?? scenario?.seed ?? 1;
  const link = options.link;
  if (link.kind === 'tcp' && !isLoopback(link.host)) {
    throw new SimConfigError(`the simulated terminal binds loopback only (127.0.0.1), not ${link.host}: its link has no authentication`);
  }
  const paceBaud = options.paceBaud ? (link.baud ?? null) : null;
  if (options.paceBaud && paceBaud === null) throw new SimConfigError('pacing needs a baud rate (link.baud)');

  const queue = new ControlQueue();
  const terminal = await SimulatedTerminal.open({
    seed,
    statePath: options.statePath,
    manual: options.manual ?? false,
    stageDelayMs: options.stageDelayMs ?? 0,
    nextStep: (request) => queue.nextStep(request),
    ...(scenario ? { scenario } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.terminalId ? { terminalId: options.terminalId } : {}),
    ...(options.merchantId ? { merchantId: options.merchantId } : {}),
  });
  const device = new SimulatedDevice({
    profile,
    terminal,
    ...(options.linkKind ? { link: options.linkKind } : {}),
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
  const transcript = new SimTranscript(options.transcriptLimit, frameDecoderFor(profile));
  const events = new Listeners<SimEvent>();
  // A terminal whose vendor needs no sign-in (Concert) is never shown waiting for one.
  const signedIn = () => {
    if (!profile.signInRequired) return true;
    // China terminals roll their business day at 00:00 store time (the brain's default).
    return terminal.counters().signedInDay === storeDay(Date.now());
  };
  const screen = new ScreenTracker(signedIn);
  const live = new Set<string>();
  let connectionNo = 0;
  let lastLabel: string | undefined;

  // A screen is built per device event only when someone watches (the Simulator page, a test
  // bench's event stream): a bench running hundreds of headless simulators has no watcher.
  const emitScreen = () => {
    if (events.size > 0) events.emit({ type: 'screen', screen: screen.current() });
  };
  device.onEvent((event) => {
    if (event.type === 'fault') transcript.note(`fault ${event.fault}: ${event.detail}`, lastLabel);
    else if (event.type === 'error') transcript.note(`device error: ${event.message}`, lastLabel);
    screen.onDeviceEvent(event);
    events.emit(event);
    if (event.type !== 'fault' && event.type !== 'error') emitScreen();
  });
  terminal.onPending((pending) => {
    screen.onPending(pending);
    emitScreen();
  });

  const attach = (transport: Transport) => {
    connectionNo += 1;
    const label = `#${connectionNo} ${transport.address}`;
    lastLabel = label;
    live.add(label);
    const line = paceBaud !== null ? new PacedTransport(transport, paceBaud) : transport;
    const channel = device.attach(line);
    transcript.attach(channel, label);
    transport.onClose((error) => {
      live.delete(label);
      transcript.note(error ? `link closed: ${error.message}` : 'link closed', label);
      events.emit({ type: 'connection', label, open: false });
    });
    events.emit({ type: 'connection', label, open: true });
  };

  let server: TcpServerHandle | undefined;
  let serial: SerialLine | undefined;
  let address: string;
  if (link.kind === 'tcp') {
    server = await listenTcp({ host: link.host, port: link.port, onConnection: attach });
    address = server.address;
  } else {
    serial = new SerialLine({
      path: link.path,
      baudRate: link.baud,
      ...(options.reopenBackoff ? { backoff: options.reopenBackoff } : {}),
      onOpen: attach,
      onChange: (line, note) => {
        transcript.note(note, lastLabel);
        events.emit({ type: 'line', line });
      },
    });
    await serial.open();
    address = serial.address;
  }

  let closed = false;
  // A listening TCP server has no port to lose: it is open until close().
  const tcpLine = (): LineStatus => ({ state: closed ? 'closed' : 'open', reopens: 0, failedOpens: 0, lastError: null, nextTryAt: null });
  const service: SimService = {
    vendor: profile.id,
    profile,
    address,
    port: server?.port,
    nextOutcome: (responseCode, times = 1) => queue.queueOutcome(responseCode, times),
    injectFault: (fault, times = 1, target = 'sale') => {
      // A NAK storm damages incoming frames on the line itself, not a transaction's reply.
      if (fault === 'nakStorm') for (let i = 0; i < times; i++) device.injectFaults(['nakStorm']);
      else queue.queueFault(fault, times, target);
    },
    pending: () => terminal.pending(),
    decide: (id, responseCode) => terminal.decide(id, responseCode),
    transcript: () => transcript.entries,
    transcriptPage: (since) => transcript.page(since),
    exportTranscript: () => transcript.toJsonLines(),
    replay: (entries, replayOptions) =>
      replayIntoFreshDevice(
        entries,
        {
          profile,
          seed,
          ...(options.linkKind ? { link: options.linkKind } : {}),
          ...(options.tuning ? { tuning: options.tuning } : {}),
          ...(scenario ? { scenario } : {}),
          ...(options.rules ? { rules: options.rules } : {}),
        },
        replayOptions,
      ),
    journal: (last) => terminal.journal(last),
    counters: () => terminal.counters(),
    screen: () => screen.current(),
    status: () => ({
      vendor: profile.id,
      displayName: profile.displayName,
      address,
      link: options.linkKind ?? profile.link,
      line: serial?.status() ?? tcpLine(),
      connections: live.size,
      pacedBaud: paceBaud,
      manual: options.manual ?? false,
      screen: screen.current(),
      counters: terminal.counters(),
      pending: terminal.pending(),
      queued: queue.snapshot(),
      transcript: { entries: transcript.size, dropped: transcript.dropped },
    }),
    onEvent: (listener) => events.add(listener),
    async reset(resetOptions = {}) {
      queue.clear();
      for (const p of terminal.pending()) terminal.decide(p.id, RESET_CANCEL_CODE);
      if (resetOptions.wipeState) await terminal.wipeState();
      transcript.clear();
      screen.rest();
      events.emit({ type: 'screen', screen: screen.current() });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const p of terminal.pending()) terminal.decide(p.id, RESET_CANCEL_CODE);
      // The line stops reopening first: closing the device's channels closes the port, which
      // it would otherwise take for a vanished one.
      await serial?.close();
      await device.close();
      await server?.close();
      transcript.detachAll();
    },
  };
  return service;
}
