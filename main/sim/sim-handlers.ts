/** Contract handlers of the Simulator page, over the in-process simulated acquiring app. */
import type { SimState } from '../../preload/contract';
import { FaultSchema } from '../../drivers/terminal/simulator/faults';
import type { Handlers } from '../contract/dispatch';
import { ApiFailure } from '../contract/errors';
import type { SimService } from './sim-service';

type SimCalls = 'sim.state' | 'sim.decide' | 'sim.nextOutcome' | 'sim.fault' | 'sim.transcript' | 'sim.exportTranscript' | 'sim.reset';

/** The newest journal lines the page shows. */
const JOURNAL_ROWS = 30;

export function simState(sim: SimService): SimState {
  const s = sim.status();
  return {
    vendor: s.vendor,
    displayName: s.displayName,
    address: s.address,
    link: s.link,
    connections: s.connections,
    manual: s.manual,
    screen: { ...s.screen },
    counters: s.counters,
    pending: s.pending.map((p) => ({ id: p.id, kind: p.request.kind, amountFen: p.request.amountFen, orderNo: p.request.orderNo })),
    queued: { outcomes: s.queued.outcomes, faults: s.queued.faults.map((f) => f.fault) },
    journal: [...sim.journal(JOURNAL_ROWS)]
      .reverse()
      .map((j) => ({
        kind: j.kind,
        orderNo: j.result.orderNo,
        amountFen: j.result.amountFen,
        responseCode: j.result.responseCode,
        traceNo: j.result.traceNo,
        maskedPan: j.result.maskedPan,
        voided: j.voided,
        reversed: j.reversed,
      })),
    faultKinds: [...FaultSchema.options],
  };
}

export function simHandlers(getSim: () => SimService | undefined): Pick<Handlers, SimCalls> {
  const sim = (): SimService => {
    const s = getSim();
    if (!s) throw new ApiFailure('CONFLICT', '终端不是模拟器（--terminal sim:<vendor>）/ the terminal is not the simulator');
    return s;
  };
  return {
    'sim.state': () => simState(sim()),
    'sim.decide': ({ id, responseCode }) => {
      if (!sim().decide(id, responseCode)) throw new ApiFailure('NOT_FOUND', `没有待决交易 ${id} / no held transaction ${id}`, 'id');
      return simState(sim());
    },
    'sim.nextOutcome': ({ responseCode, times }) => {
      sim().nextOutcome(responseCode, times);
      return simState(sim());
    },
    'sim.fault': ({ fault, times }) => {
      const f = FaultSchema.safeParse(fault);
      if (!f.success) throw new ApiFailure('INVALID_INPUT', `unknown fault "${fault}" (known: ${FaultSchema.options.join(', ')})`, 'fault');
      sim().injectFault(f.data, times);
      return simState(sim());
    },
    'sim.transcript': ({ since }) => {
      const page = sim().transcriptPage(since);
      return {
        from: page.from,
        next: page.next,
        dropped: page.dropped,
        entries: page.entries.map((e) => ({
          at: e.at,
          dir: e.dir,
          bytes: e.bytes,
          decoded: e.decoded && e.decoded.length > 0 ? JSON.stringify(e.decoded.length === 1 ? e.decoded[0] : e.decoded) : null,
          note: e.note ?? null,
        })),
      };
    },
    'sim.exportTranscript': () => ({ jsonl: sim().exportTranscript() }),
    'sim.reset': async ({ wipeState }) => {
      await sim().reset({ wipeState });
      return simState(sim());
    },
  };
}
