/**
 * Replays a recorded session into a fresh simulated device: the transcript's host -> device
 * bytes (the device's rx entries) are written, in their original chunking, into a new device
 * built like the recorded one (same profile, link, seed, scenario, rules) over an in-memory
 * link, and what it answers is collected. A session captured from a real counter or a failing
 * CI run can so be re-run and compared.
 *
 * Order matters on links with acknowledgements: a host ACK must not arrive before the reply it
 * acknowledges. So before each rx chunk the replay waits until the fresh device has sent as
 * many data frames as the original had sent by then (or gives up after `waitMs`, and says so).
 */
import { fromHex } from '../../drivers/terminal/codecs/codec';
import type { TranscriptEntry } from '../../drivers/terminal/links/transcript';
import type { TransactionResult } from '../../drivers/terminal/model';
import type { LinkTuning } from '../../drivers/terminal/profiles/profile-channel';
import type { LinkKind, Profile } from '../../drivers/terminal/profiles/profile-schema';
import { SimulatedDevice } from '../../drivers/terminal/simulator/device';
import type { OutcomeRule } from '../../drivers/terminal/simulator/outcome-rules';
import type { Scenario } from '../../drivers/terminal/simulator/scenario';
import { SimulatedTerminal } from '../../drivers/terminal/simulator/terminal';
import { createMemoryPair } from '../../drivers/transport/memory';
import { frameDecoderFor } from './frame-message';
import { SimTranscript } from './sim-transcript';

export interface ReplaySetup {
  profile: Profile;
  link?: LinkKind;
  tuning?: LinkTuning;
  seed?: number;
  scenario?: Scenario;
  rules?: readonly OutcomeRule[];
}

export interface ReplayOptions {
  /** Only entries recorded on this link label (a transcript may hold several connections). */
  link?: string;
  /** How long to wait for the fresh device to catch up before each chunk. */
  waitMs?: number;
}

export interface ReplayReport {
  /** rx chunks written into the fresh device. */
  chunksSent: number;
  /** Data frames the original device sent, and the fresh one. */
  framesExpected: number;
  framesAnswered: number;
  /** The fresh device's results, in order (compare with the original session's). */
  results: TransactionResult[];
  /** The fresh device's own transcript of the replay. */
  entries: TranscriptEntry[];
  /** Device errors and places where the replay stopped matching the recording. */
  problems: string[];
}

/**
 * Writes shorter than this are link control (ACK/NAK/ENQ/EOT, 55AA ack-only and heartbeat
 * frames, 10 bytes); longer ones carry a message. Same threshold as the fault transport's.
 */
const CONTROL_FRAME_MAX_BYTES = 10;
const DEFAULT_WAIT_MS = 2_000;
const POLL_MS = 5;

function byteCount(hex: string): number {
  return hex === '' ? 0 : hex.split(' ').length;
}

function isDataFrame(e: TranscriptEntry): boolean {
  return e.dir === 'tx' && byteCount(e.bytes) > CONTROL_FRAME_MAX_BYTES;
}

export async function replayIntoFreshDevice(
  recorded: readonly TranscriptEntry[],
  setup: ReplaySetup,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const entries = recorded.filter((e) => options.link === undefined || e.link === options.link);
  const terminal = await SimulatedTerminal.open({
    seed: setup.seed ?? setup.scenario?.seed ?? 1,
    ...(setup.scenario ? { scenario: setup.scenario } : {}),
    ...(setup.rules ? { rules: setup.rules } : {}),
  });
  const device = new SimulatedDevice({
    profile: setup.profile,
    terminal,
    ...(setup.link ? { link: setup.link } : {}),
    ...(setup.tuning ? { tuning: setup.tuning } : {}),
    // Held replies were late in the original; here only their order matters.
    lateReplyDelayMs: 0,
    heartbeatSilenceMs: 0,
  });
  const results: TransactionResult[] = [];
  const problems: string[] = [];
  device.onEvent((e) => {
    if (e.type === 'result') results.push(e.result);
    else if (e.type === 'error') problems.push(e.message);
  });
  const [host, line] = createMemoryPair('replay');
  await host.open();
  await line.open();
  const transcript = new SimTranscript(Number.MAX_SAFE_INTEGER, frameDecoderFor(setup.profile));
  transcript.attach(device.attach(line), 'replay');
  const answered = () => transcript.entries.filter(isDataFrame).length;
  const catchUp = async (frames: number): Promise<boolean> => {
    const deadline = Date.now() + waitMs;
    while (answered() < frames) {
      if (Date.now() > deadline || !host.isOpen) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return true;
  };

  let expected = 0;
  let chunksSent = 0;
  try {
    for (const e of entries) {
      if (isDataFrame(e)) expected++;
      if (e.dir !== 'rx' || e.bytes === '') continue;
      if (!(await catchUp(expected))) {
        problems.push(`before rx chunk ${chunksSent + 1}: the fresh device sent ${answered()} of ${expected} frames`);
      }
      if (!host.isOpen) {
        problems.push(`the fresh device closed the link after ${chunksSent} chunks`);
        break;
      }
      await host.write(fromHex(e.bytes));
      chunksSent++;
    }
    if (!(await catchUp(expected))) problems.push(`at the end: the fresh device sent ${answered()} of ${expected} frames`);
  } finally {
    await device.close();
    await host.close();
  }
  return { chunksSent, framesExpected: expected, framesAnswered: answered(), results, entries: [...transcript.entries], problems };
}
