/**
 * The payment engine's state machine, transition by transition, against a fake port on a
 * real SQLite file (DESIGN rule 4, the Payment model):
 *
 *   created -> sent -> awaitingCard | userPaying -> approved | declined | cancelled | unknown
 *   unknown -> (query) -> approved | reversed | closed;  approved -> (undo) -> reversed
 *
 * Each case drives one leg through steps (send, the port's answers, query, undo, a crash and
 * a new engine on the same file) and pins the end state, the exact `payment_events` rows
 * (from -> to) and the port calls made. Every port call records the leg's state as a second
 * connection sees it at that moment, i.e. what is *committed*: 'charge@sent' is the
 * write-ahead rule holding; 'charge@missing' would be a charge nobody could recover.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentState, Tender } from '../../../preload/contract';
import { tempDir } from '../../../test/helpers/temp-dir';
import { ApiFailure } from '../../contract/errors';
import { type Db, openDatabase } from '../../db/open';
import { EventBus } from '../../events';
import { OrdersRepo } from '../orders-repo';
import { PaymentEngine } from './engine';
import { PaymentsRepo } from './payments-repo';
import type { Leg, LegData, LegOutcome, LegProgress, TenderPort } from './port';

// ------------------------------------------------------------------ the fake port

type Progress = Parameters<LegProgress>[0];
type Op = 'charge' | 'resolve' | 'undo';

/** One scripted answer of the fake port to one call. */
type Answer =
  | { kind: 'outcome'; outcome: LegOutcome; progress?: Progress[] }
  | { kind: 'throw'; message: string; progress?: Progress[] }
  /** Never answers (the process dies while the terminal / customer is still at it). */
  | { kind: 'hang'; progress?: Progress[] };

interface Script {
  charge?: Answer[];
  resolve?: Answer[];
  undo?: Answer[];
}

const out = (state: LegOutcome['state'], detail: string, data?: LegData, progress?: Progress[]): Answer => ({
  kind: 'outcome',
  outcome: data ? { state, detail, data } : { state, detail },
  ...(progress ? { progress } : {}),
});
const thr = (message: string, progress?: Progress[]): Answer => ({ kind: 'throw', message, ...(progress ? { progress } : {}) });
const hang = (progress?: Progress[]): Answer => ({ kind: 'hang', ...(progress ? { progress } : {}) });
function outcomeOf(a: Answer): LegOutcome {
  if (a.kind !== 'outcome') throw new Error('not an outcome');
  return a.outcome;
}

/** The answers the table uses, by what the terminal / channel does. */
const A = {
  approve: out('approved', 'sale: 00 approved', { traceNo: '000101', refNo: '260302000101', maskedPan: '622202******1234' }),
  approveAfterCard: out('approved', 'sale: 00 approved', { traceNo: '000101' }, ['awaitingCard']),
  approveAfterPaying: out('approved', 'paid 4200001', { transactionId: '4200001' }, ['userPaying']),
  decline: out('declined', 'sale: 51 insufficient funds', { responseCode: '51' }),
  cancelAtCard: out('cancelled', 'sale: customer cancelled', { responseCode: 'C1' }, ['awaitingCard']),
  closedUnpaid: out('closed', 'closed unpaid (cancelled by the cashier)', undefined, ['userPaying']),
  reversedByTerminal: out('reversed', 'sale: L7 cancelled and reversed', { responseCode: 'L7' }),
  answersUnknown: out('unknown', 'sale: no final answer', { responseCode: '98' }),
  timeout: thr('timed out waiting for the terminal'),
  timeoutWhilePaying: thr('socket hang up', ['userPaying']),
  // query (resolve) answers
  foundApproved: out('approved', 'query: 00 approved', { traceNo: '000101' }),
  foundDeclined: out('declined', 'query: 51 insufficient funds'),
  notFoundReversed: out('reversed', 'reversal: 00 not found, reversed'),
  notFoundClosed: out('closed', 'query: not found, closed unpaid'),
  stillPaying: out('unknown', 'query: USERPAYING'),
  unreachable: thr('connect ECONNREFUSED'),
  // undo answers
  undoOk: out('reversed', 'voided (test): 00', { voidTraceNo: '000102' }),
  undoFails: out('unknown', 'void not done: 96 system error'),
  undoThrows: thr('terminal offline'),
} satisfies Record<string, Answer>;

interface Call {
  op: Op;
  legRef: string;
  tender: Tender;
  /** The leg's state as another connection reads it when the port is called: what is committed. */
  onDisk: string;
}

class FakePort implements TenderPort {
  readonly tender = 'card' as const;
  readonly calls: Call[] = [];
  /** Releases a hanging call with a late answer (a "dead" process that was not dead). */
  readonly hanging: Array<(o: LegOutcome) => void> = [];
  /** The progress callback of the last charge, kept to report after the port answered. */
  lastProgress: LegProgress | undefined;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly script: Script,
    private readonly onDisk: (legRef: string) => string,
  ) {}

  charge(leg: Leg, _input: Record<string, string | number>, progress: LegProgress): Promise<LegOutcome> {
    this.lastProgress = progress;
    return this.answer('charge', leg, progress);
  }

  resolve(leg: Leg): Promise<LegOutcome> {
    return this.answer('resolve', leg);
  }

  undo(leg: Leg): Promise<LegOutcome> {
    return this.answer('undo', leg);
  }

  /** Scripted answers not yet used. */
  unused(): Record<Op, number> {
    return { charge: this.script.charge?.length ?? 0, resolve: this.script.resolve?.length ?? 0, undo: this.script.undo?.length ?? 0 };
  }

  /** Resolves when a call hangs. */
  hung(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async answer(op: Op, leg: Leg, progress?: LegProgress): Promise<LegOutcome> {
    // Read before anything else: this is the moment the terminal / channel is asked.
    this.calls.push({ op, legRef: leg.legRef, tender: leg.tender, onDisk: this.onDisk(leg.legRef) });
    const a = this.script[op]?.shift();
    if (!a) throw new Error(`fake port: unscripted ${op}`);
    await new Promise<void>((r) => setImmediate(r)); // a real round trip is never synchronous
    for (const s of a.progress ?? []) progress?.(s, `progress: ${s}`);
    switch (a.kind) {
      case 'outcome':
        return a.outcome;
      case 'throw':
        throw new Error(a.message);
      case 'hang':
        for (const w of this.waiters.splice(0)) w();
        return new Promise<LegOutcome>((resolve) => this.hanging.push(resolve));
    }
  }
}

// ------------------------------------------------------------------ the rig

class SimulatedCrash extends Error {
  constructor(readonly before: PaymentState) {
    super(`simulated crash before '${before}' was committed`);
  }
}

interface LogLine {
  level: number;
  msg: string;
}

const AMOUNT_FEN = 1234;

/** A store database file in a temp dir, an engine on it, and a reader that sees only commits. */
class Rig {
  readonly dir = tempDir('posdesk-engine-');
  readonly file = path.join(this.dir, 'posdesk.db');
  readonly port: FakePort;
  readonly logs: LogLine[] = [];
  db!: Db;
  orders!: OrdersRepo;
  payments!: PaymentsRepo;
  engine!: PaymentEngine;
  /** The next transition to this state dies before it commits (the process is killed). */
  dieBefore: PaymentState | undefined;
  private reader: Database.Database | undefined;
  private clock = Date.parse('2026-03-02T02:00:00.000Z');
  private readonly log = pino({ level: 'debug' }, { write: (s: string) => void this.logs.push(JSON.parse(s) as LogLine) });

  constructor(
    script: Script,
    private readonly retryUnknownMs = 600_000,
  ) {
    this.port = new FakePort(script, (ref) => this.committedState(ref));
    this.open();
  }

  open(): void {
    this.db = openDatabase(this.file);
    this.payments = new PaymentsRepo(this.db);
    this.orders = new OrdersRepo(this.db, this.payments);
    this.engine = this.newEngine();
  }

  /** Another engine on the same connection: a second process that was thought dead. */
  newEngine(db = this.db, payments = this.payments): PaymentEngine {
    return new PaymentEngine({
      db,
      payments,
      bus: new EventBus(),
      log: this.log,
      ports: { card: this.port, wechat: this.port, cash: this.port },
      now: () => {
        this.clock += 1000;
        return new Date(this.clock);
      },
      retryUnknownMs: this.retryUnknownMs,
      onTransition: (e) => {
        if (this.dieBefore !== e.to) return;
        this.dieBefore = undefined;
        throw new SimulatedCrash(e.to);
      },
    });
  }

  /** The process dies: no timers, no connection. A new one opens the same file. */
  restart(): void {
    this.engine.stop();
    this.db.close();
    this.open();
  }

  newOrder(): { id: string; orderNo: string } {
    const id = randomUUID();
    const orderNo = this.orders.nextOrderNo('20260302', '01');
    this.orders.insertOrder({ id, orderNo, cashier: '001', lines: [], totalFen: AMOUNT_FEN, createdAt: new Date(this.clock).toISOString() });
    return { id, orderNo };
  }

  /** What a second connection sees: only committed rows. */
  read(): Database.Database {
    this.reader ??= new Database(this.file, { readonly: true, fileMustExist: true });
    return this.reader;
  }

  committedState(legRef: string): string {
    const r = this.read().prepare<[string], { state: string; pending_action: string | null }>('SELECT state, pending_action FROM payments WHERE leg_ref = ?').get(legRef);
    if (!r) return 'missing';
    return r.pending_action ? `${r.state}+${r.pending_action}` : r.state;
  }

  legs(orderId: string): Array<{ id: string; legRef: string; state: PaymentState; pending: string | null }> {
    return this.read()
      .prepare<[string], { id: string; leg_ref: string; state: PaymentState; pending_action: string | null }>('SELECT id, leg_ref, state, pending_action FROM payments WHERE order_id = ? ORDER BY leg_no')
      .all(orderId)
      .map((r) => ({ id: r.id, legRef: r.leg_ref, state: r.state, pending: r.pending_action }));
  }

  /** The leg's payment_events rows, committed, as 'from→to' ('∅' for the first). */
  events(paymentId: string): string[] {
    return this.read()
      .prepare<[string], { from_state: string | null; to_state: string }>('SELECT from_state, to_state FROM payment_events WHERE payment_id = ? ORDER BY id')
      .all(paymentId)
      .map((e) => `${e.from_state ?? '∅'}→${e.to_state}`);
  }

  /** Every row of both tables: "nothing written" is this, unchanged. */
  snapshot(): { payments: unknown[]; events: unknown[] } {
    return {
      payments: this.read().prepare('SELECT * FROM payments ORDER BY id').all(),
      events: this.read().prepare('SELECT * FROM payment_events ORDER BY id').all(),
    };
  }

  calls(legRef?: string): string[] {
    return this.port.calls.filter((c) => legRef === undefined || c.legRef === legRef).map((c) => `${c.op}@${c.onDisk}`);
  }

  warnings(): string[] {
    return this.logs.filter((l) => l.level === 40).map((l) => l.msg);
  }

  async until(what: string, done: () => boolean, ms = 3000): Promise<void> {
    const end = Date.now() + ms;
    while (!done()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.engine.stop();
    if (this.db.open) this.db.close();
    this.reader?.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const rigs: Rig[] = [];
afterEach(() => {
  for (const r of rigs.splice(0)) r.close();
});
function rig(script: Script, retryUnknownMs?: number): Rig {
  const r = new Rig(script, retryUnknownMs);
  rigs.push(r);
  return r;
}

// ------------------------------------------------------------------ steps

type Step =
  /** runLeg. `die`: the process is killed just before that state would commit. */
  | { do: 'send'; tender?: Tender; die?: PaymentState }
  /** The cashier's query (resolveLeg). */
  | { do: 'query' }
  /** Compensation (undoLeg). */
  | { do: 'undo'; die?: PaymentState }
  /** Crash: a new process (new engine, same file) runs its start-up recovery. */
  | { do: 'restart' }
  /** Crash: a new process opens the file, before its recovery has run. */
  | { do: 'crash' }
  /** Wait for the engine's own background retry of an unknown leg. */
  | { do: 'background' };

/** Runs steps against the order's one leg; returns the leg's id. */
async function drive(r: Rig, order: { id: string; orderNo: string }, steps: readonly Step[], tender: Tender = 'card'): Promise<string> {
  const leg = () => {
    const l = r.legs(order.id).at(-1);
    if (!l) throw new Error('no leg yet');
    return l;
  };
  for (const step of steps) {
    switch (step.do) {
      case 'send': {
        r.dieBefore = step.die;
        const hung = r.port.hung().then(() => 'hung' as const);
        const run = r.engine.runLeg(order, step.tender ?? tender, AMOUNT_FEN, {}).then(
          () => 'done' as const,
          (err: unknown) => err,
        );
        const how = await Promise.race([run, hung]);
        if (step.die) expect(how).toBeInstanceOf(SimulatedCrash);
        else if (how !== 'done' && how !== 'hung') throw how;
        break;
      }
      case 'query':
        await r.engine.resolveLeg(leg().id);
        break;
      case 'undo': {
        r.dieBefore = step.die;
        const how = await r.engine.undoLeg(leg().id, 'test').then(
          () => 'done' as const,
          (err: unknown) => err,
        );
        if (step.die) expect(how).toBeInstanceOf(SimulatedCrash);
        else if (how !== 'done') throw how;
        break;
      }
      case 'restart':
        r.restart();
        await r.engine.recover();
        break;
      case 'crash':
        r.restart();
        break;
      case 'background': {
        const before = r.port.calls.length;
        await r.until('the background retry', () => r.port.calls.length > before && r.logs.some((l) => l.msg === 'payments recovered at start'));
        break;
      }
    }
  }
  return leg().id;
}

// ------------------------------------------------------------------ the transition table

interface Case {
  name: string;
  tender?: Tender;
  script: Script;
  steps: Step[];
  end: PaymentState;
  /** pending_action at the end (null unless an undo is still owed). */
  pending?: 'undo';
  events: string[];
  calls: string[];
  retryUnknownMs?: number;
}

const BORN = ['∅→created', 'created→sent'];
const UNDO_REQUESTED = 'approved→approved';

const cases: Case[] = [
  // --- send, and the port's answer
  { name: 'send: approved', script: { charge: [A.approve] }, steps: [{ do: 'send' }], end: 'approved', events: [...BORN, 'sent→approved'], calls: ['charge@sent'] },
  {
    name: 'send: card read, approved',
    script: { charge: [A.approveAfterCard] },
    steps: [{ do: 'send' }],
    end: 'approved',
    events: [...BORN, 'sent→awaitingCard', 'awaitingCard→approved'],
    calls: ['charge@sent'],
  },
  {
    name: 'send (wallet): customer paying, approved',
    tender: 'wechat',
    script: { charge: [A.approveAfterPaying] },
    steps: [{ do: 'send' }],
    end: 'approved',
    events: [...BORN, 'sent→userPaying', 'userPaying→approved'],
    calls: ['charge@sent'],
  },
  { name: 'send: declined', script: { charge: [A.decline] }, steps: [{ do: 'send' }], end: 'declined', events: [...BORN, 'sent→declined'], calls: ['charge@sent'] },
  {
    name: 'send: customer cancels at the card prompt',
    script: { charge: [A.cancelAtCard] },
    steps: [{ do: 'send' }],
    end: 'cancelled',
    events: [...BORN, 'sent→awaitingCard', 'awaitingCard→cancelled'],
    calls: ['charge@sent'],
  },
  {
    name: 'send (wallet): cashier stops the shown code, the port closes it',
    tender: 'wechat',
    script: { charge: [A.closedUnpaid] },
    steps: [{ do: 'send' }],
    end: 'closed',
    events: [...BORN, 'sent→userPaying', 'userPaying→closed'],
    calls: ['charge@sent'],
  },
  {
    name: 'send: the terminal reversed it itself',
    script: { charge: [A.reversedByTerminal] },
    steps: [{ do: 'send' }],
    end: 'reversed',
    events: [...BORN, 'sent→reversed'],
    calls: ['charge@sent'],
  },
  { name: 'send (cash): approved', tender: 'cash', script: { charge: [A.approve] }, steps: [{ do: 'send' }], end: 'approved', events: [...BORN, 'sent→approved'], calls: ['charge@sent'] },

  // --- unknown after send: resolved by query, never by charging again
  {
    name: 'timeout -> query finds it approved',
    script: { charge: [A.timeout], resolve: [A.foundApproved] },
    steps: [{ do: 'send' }],
    end: 'approved',
    events: [...BORN, 'sent→unknown', 'unknown→approved'],
    calls: ['charge@sent', 'resolve@unknown'],
  },
  {
    name: 'timeout -> query: not found, reversed',
    script: { charge: [A.timeout], resolve: [A.notFoundReversed] },
    steps: [{ do: 'send' }],
    end: 'reversed',
    events: [...BORN, 'sent→unknown', 'unknown→reversed'],
    calls: ['charge@sent', 'resolve@unknown'],
  },
  {
    name: 'timeout -> query: not found, closed',
    script: { charge: [A.timeout], resolve: [A.notFoundClosed] },
    steps: [{ do: 'send' }],
    end: 'closed',
    events: [...BORN, 'sent→unknown', 'unknown→closed'],
    calls: ['charge@sent', 'resolve@unknown'],
  },
  {
    name: 'timeout -> query finds it declined',
    script: { charge: [A.timeout], resolve: [A.foundDeclined] },
    steps: [{ do: 'send' }],
    end: 'declined',
    events: [...BORN, 'sent→unknown', 'unknown→declined'],
    calls: ['charge@sent', 'resolve@unknown'],
  },
  {
    name: 'timeout while the customer pays -> query approved',
    tender: 'wechat',
    script: { charge: [A.timeoutWhilePaying], resolve: [A.foundApproved] },
    steps: [{ do: 'send' }],
    end: 'approved',
    events: [...BORN, 'sent→userPaying', 'userPaying→unknown', 'unknown→approved'],
    calls: ['charge@sent', 'resolve@unknown'],
  },
  {
    name: 'port answers unknown -> still paying stays unknown (no row) -> cashier queries: approved',
    script: { charge: [A.answersUnknown], resolve: [A.stillPaying, A.foundApproved] },
    steps: [{ do: 'send' }, { do: 'query' }],
    end: 'approved',
    events: [...BORN, 'sent→unknown', 'unknown→approved'],
    calls: ['charge@sent', 'resolve@unknown', 'resolve@unknown'],
  },
  {
    name: 'timeout -> channel unreachable: stays unknown, nothing more written',
    script: { charge: [A.timeout], resolve: [A.unreachable] },
    steps: [{ do: 'send' }],
    end: 'unknown',
    events: [...BORN, 'sent→unknown'],
    calls: ['charge@sent', 'resolve@unknown'],
  },
  {
    name: 'timeout -> unreachable -> cashier queries twice: still paying, then not found (reversed)',
    script: { charge: [A.timeout], resolve: [A.unreachable, A.stillPaying, A.notFoundReversed] },
    steps: [{ do: 'send' }, { do: 'query' }, { do: 'query' }],
    end: 'reversed',
    events: [...BORN, 'sent→unknown', 'unknown→reversed'],
    calls: ['charge@sent', 'resolve@unknown', 'resolve@unknown', 'resolve@unknown'],
  },
  {
    name: 'timeout -> unreachable -> the background retry finds it approved',
    script: { charge: [A.timeout], resolve: [A.unreachable, A.foundApproved] },
    steps: [{ do: 'send' }, { do: 'background' }],
    end: 'approved',
    events: [...BORN, 'sent→unknown', 'unknown→approved'],
    calls: ['charge@sent', 'resolve@unknown', 'resolve@unknown'],
    retryUnknownMs: 20,
  },
  {
    name: 'timeout -> unreachable -> crash -> recovery: not found, reversed',
    script: { charge: [A.timeout], resolve: [A.unreachable, A.notFoundReversed] },
    steps: [{ do: 'send' }, { do: 'restart' }],
    end: 'reversed',
    events: [...BORN, 'sent→unknown', 'unknown→reversed'],
    calls: ['charge@sent', 'resolve@unknown', 'resolve@unknown'],
  },

  // --- created: never sent, closed without asking anyone
  {
    name: 'crash between created and sent -> cashier query closes it, no port call',
    script: {},
    steps: [{ do: 'send', die: 'sent' }, { do: 'query' }],
    end: 'closed',
    events: ['∅→created', 'created→closed'],
    calls: [],
  },
  {
    name: 'crash between created and sent -> recovery closes it, no port call',
    script: {},
    steps: [{ do: 'send', die: 'sent' }, { do: 'restart' }],
    end: 'closed',
    events: ['∅→created', 'created→closed'],
    calls: [],
  },

  // --- crash while in flight: recovery queries, never charges again
  {
    name: 'crash while the terminal works (sent) -> recovery: approved',
    script: { charge: [hang()], resolve: [A.foundApproved] },
    steps: [{ do: 'send' }, { do: 'restart' }],
    end: 'approved',
    events: [...BORN, 'sent→approved'],
    calls: ['charge@sent', 'resolve@sent'],
  },
  {
    name: 'crash at the card prompt (awaitingCard) -> recovery: not found, reversed',
    script: { charge: [hang(['awaitingCard'])], resolve: [A.notFoundReversed] },
    steps: [{ do: 'send' }, { do: 'restart' }],
    end: 'reversed',
    events: [...BORN, 'sent→awaitingCard', 'awaitingCard→reversed'],
    calls: ['charge@sent', 'resolve@awaitingCard'],
  },
  {
    name: 'crash while the customer pays (userPaying) -> recovery: closed',
    tender: 'wechat',
    script: { charge: [hang(['userPaying'])], resolve: [A.notFoundClosed] },
    steps: [{ do: 'send' }, { do: 'restart' }],
    end: 'closed',
    events: [...BORN, 'sent→userPaying', 'userPaying→closed'],
    calls: ['charge@sent', 'resolve@userPaying'],
  },
  {
    name: 'approved at the terminal, crash before it committed -> recovery: approved (no second charge)',
    script: { charge: [A.approve], resolve: [A.foundApproved] },
    steps: [{ do: 'send', die: 'approved' }, { do: 'restart' }],
    end: 'approved',
    events: [...BORN, 'sent→approved'],
    calls: ['charge@sent', 'resolve@sent'],
  },
  {
    name: 'declined, crash before it committed -> recovery: declined',
    script: { charge: [A.decline], resolve: [A.foundDeclined] },
    steps: [{ do: 'send', die: 'declined' }, { do: 'restart' }],
    end: 'declined',
    events: [...BORN, 'sent→declined'],
    calls: ['charge@sent', 'resolve@sent'],
  },
  {
    name: 'timeout, crash before unknown committed -> recovery: approved',
    script: { charge: [A.timeout], resolve: [A.foundApproved] },
    steps: [{ do: 'send', die: 'unknown' }, { do: 'restart' }],
    end: 'approved',
    events: [...BORN, 'sent→approved'],
    calls: ['charge@sent', 'resolve@sent'],
  },
  {
    name: 'crash in flight -> recovery: unreachable (unknown) -> second restart: approved',
    script: { charge: [hang()], resolve: [A.unreachable, A.foundApproved] },
    steps: [{ do: 'send' }, { do: 'restart' }, { do: 'restart' }],
    end: 'approved',
    events: [...BORN, 'sent→unknown', 'unknown→approved'],
    calls: ['charge@sent', 'resolve@sent', 'resolve@unknown'],
  },
  {
    name: 'final legs: recovery leaves a declined leg alone',
    script: { charge: [A.decline] },
    steps: [{ do: 'send' }, { do: 'restart' }],
    end: 'declined',
    events: [...BORN, 'sent→declined'],
    calls: ['charge@sent'],
  },

  // --- undo (void / reverse / refund) of an approved leg, written ahead
  {
    name: 'approved -> undo ok: reversed',
    script: { charge: [A.approve], undo: [A.undoOk] },
    steps: [{ do: 'send' }, { do: 'undo' }],
    end: 'reversed',
    events: [...BORN, 'sent→approved', UNDO_REQUESTED, 'approved→reversed'],
    calls: ['charge@sent', 'undo@approved+undo'],
  },
  {
    name: 'approved -> undo fails (stays approved, undo owed) -> undo again: reversed',
    script: { charge: [A.approve], undo: [A.undoFails, A.undoOk] },
    steps: [{ do: 'send' }, { do: 'undo' }, { do: 'undo' }],
    end: 'reversed',
    events: [...BORN, 'sent→approved', UNDO_REQUESTED, 'approved→approved', UNDO_REQUESTED, 'approved→reversed'],
    calls: ['charge@sent', 'undo@approved+undo', 'undo@approved+undo'],
  },
  {
    name: 'approved -> undo throws: stays approved with the undo owed',
    script: { charge: [A.approve], undo: [A.undoThrows] },
    steps: [{ do: 'send' }, { do: 'undo' }],
    end: 'approved',
    pending: 'undo',
    events: [...BORN, 'sent→approved', UNDO_REQUESTED, 'approved→approved'],
    calls: ['charge@sent', 'undo@approved+undo'],
  },
  {
    name: 'approved -> undo fails -> crash -> recovery finishes the undo',
    script: { charge: [A.approve], undo: [A.undoFails, A.undoOk] },
    steps: [{ do: 'send' }, { do: 'undo' }, { do: 'restart' }],
    end: 'reversed',
    events: [...BORN, 'sent→approved', UNDO_REQUESTED, 'approved→approved', UNDO_REQUESTED, 'approved→reversed'],
    calls: ['charge@sent', 'undo@approved+undo', 'undo@approved+undo'],
  },
  {
    name: 'approved -> voided at the terminal, crash before reversed committed -> recovery re-sends the (idempotent) void',
    script: { charge: [A.approve], undo: [A.undoOk, A.undoOk] },
    steps: [{ do: 'send' }, { do: 'undo', die: 'reversed' }, { do: 'restart' }],
    end: 'reversed',
    events: [...BORN, 'sent→approved', UNDO_REQUESTED, UNDO_REQUESTED, 'approved→reversed'],
    calls: ['charge@sent', 'undo@approved+undo', 'undo@approved+undo'],
  },
  {
    name: 'approved -> undo -> reversed by a recovered engine: nothing owed after',
    script: { charge: [A.timeout], resolve: [A.foundApproved], undo: [A.undoOk] },
    steps: [{ do: 'send' }, { do: 'restart' }, { do: 'undo' }, { do: 'restart' }],
    end: 'reversed',
    events: [...BORN, 'sent→unknown', 'unknown→approved', UNDO_REQUESTED, 'approved→reversed'],
    calls: ['charge@sent', 'resolve@unknown', 'undo@approved+undo'],
  },
];

describe('PaymentEngine: every transition, against a fake port on a real SQLite file', () => {
  it.each(cases)('$name', async (c) => {
    const r = rig(structuredClone(c.script), c.retryUnknownMs);
    const order = r.newOrder();
    const paymentId = await drive(r, order, c.steps, c.tender);
    const [leg] = r.legs(order.id);
    expect(r.legs(order.id)).toHaveLength(1); // one leg, one reference: never a second charge
    expect({ state: leg.state, pending: leg.pending }).toEqual({ state: c.end, pending: c.pending ?? null });
    expect(r.events(paymentId)).toEqual(c.events);
    expect(r.calls()).toEqual(c.calls);
    expect(new Set(r.port.calls.map((x) => x.legRef))).toEqual(new Set(c.calls.length ? [`${order.orderNo}01`] : []));
    expect(r.port.unused()).toEqual({ charge: 0, resolve: 0, undo: 0 });
    expect(r.warnings()).toEqual([]);
  });
});

// ------------------------------------------------------------------ refused

interface Refusal {
  name: string;
  script: Script;
  /** Steps that bring the order's leg to the starting state. */
  steps: Step[];
  attempt: 'send' | 'send cash' | 'send storedValue' | 'query' | 'undo' | 'query unknown id' | 'undo unknown id';
  /** The engine's error, or null when it refuses by returning the leg unchanged. */
  error: { code: string; message: RegExp } | null;
  /** State the leg stays in. */
  state: PaymentState | null;
}

const article = (s: string) => (/^[aeiou]/.test(s) ? 'an' : 'a');

const refusals: Refusal[] = [
  // sending again
  { name: 'send while a leg of the order is in flight', script: { charge: [hang()] }, steps: [{ do: 'send' }], attempt: 'send', error: { code: 'CONFLICT', message: /already in progress/ }, state: 'sent' },
  { name: 'send while a leg of the order is unknown', script: { charge: [A.timeout], resolve: [A.unreachable] }, steps: [{ do: 'send' }], attempt: 'send cash', error: { code: 'CONFLICT', message: /in doubt: query it first/ }, state: 'unknown' },
  { name: 'send while a leg of the order was created, never sent', script: {}, steps: [{ do: 'send', die: 'sent' }], attempt: 'send', error: { code: 'CONFLICT', message: /in doubt/ }, state: 'created' },
  {
    name: 'send while a leg left by a crash is in flight on disk',
    script: { charge: [hang(['awaitingCard'])] },
    steps: [{ do: 'send' }, { do: 'crash' }],
    attempt: 'send',
    error: { code: 'CONFLICT', message: /in doubt: query it first/ },
    state: 'awaitingCard',
  },
  {
    name: 'send while an undo of the order is owed',
    script: { charge: [A.approve], undo: [A.undoFails] },
    steps: [{ do: 'send' }, { do: 'undo' }],
    attempt: 'send cash',
    error: { code: 'CONFLICT', message: /in doubt/ },
    state: 'approved',
  },
  { name: 'send with a tender that has no port', script: {}, steps: [], attempt: 'send storedValue', error: { code: 'DEVICE', message: /storedValue: .*not configured/ }, state: null },
  // unknown ids
  { name: 'query a payment that does not exist', script: {}, steps: [], attempt: 'query unknown id', error: { code: 'NOT_FOUND', message: /no payment/ }, state: null },
  { name: 'undo a payment that does not exist', script: {}, steps: [], attempt: 'undo unknown id', error: { code: 'NOT_FOUND', message: /no payment/ }, state: null },
  // undo of anything but an approved leg: returned unchanged, no port call
  ...(
    [
      ['declined', { charge: [A.decline] }, [{ do: 'send' }]],
      ['cancelled', { charge: [A.cancelAtCard] }, [{ do: 'send' }]],
      ['reversed', { charge: [A.approve], undo: [A.undoOk] }, [{ do: 'send' }, { do: 'undo' }]],
      ['closed', { charge: [A.timeout], resolve: [A.notFoundClosed] }, [{ do: 'send' }]],
      ['unknown', { charge: [A.timeout], resolve: [A.unreachable] }, [{ do: 'send' }]],
      ['created', {}, [{ do: 'send', die: 'sent' }]],
    ] satisfies Array<[PaymentState, Script, Step[]]>
  ).map(([state, script, steps]): Refusal => ({ name: `undo ${article(state)} ${state} leg`, script, steps, attempt: 'undo', error: null, state })),
  // query of a final leg: returned unchanged, no port call
  ...(
    [
      ['approved', { charge: [A.approve] }, [{ do: 'send' }]],
      ['declined', { charge: [A.decline] }, [{ do: 'send' }]],
      ['cancelled', { charge: [A.cancelAtCard] }, [{ do: 'send' }]],
      ['reversed', { charge: [A.reversedByTerminal] }, [{ do: 'send' }]],
      ['closed', { charge: [A.timeout], resolve: [A.notFoundClosed] }, [{ do: 'send' }]],
    ] satisfies Array<[PaymentState, Script, Step[]]>
  ).map(([state, script, steps]): Refusal => ({ name: `query ${article(state)} ${state} leg`, script, steps, attempt: 'query', error: null, state })),
];

describe('PaymentEngine: refused transitions write nothing and call no port', () => {
  it.each(refusals)('$name', async (c) => {
    const r = rig(structuredClone(c.script));
    const order = r.newOrder();
    if (c.steps.length > 0) await drive(r, order, c.steps);
    const before = r.snapshot();
    const callsBefore = r.calls();
    const paymentId = r.legs(order.id).at(-1)?.id;
    const attempt = (): Promise<unknown> => {
      switch (c.attempt) {
        case 'send':
          return r.engine.runLeg(order, 'card', AMOUNT_FEN, {});
        case 'send cash':
          return r.engine.runLeg(order, 'cash', AMOUNT_FEN, {});
        case 'send storedValue':
          return r.engine.runLeg(order, 'storedValue', AMOUNT_FEN, {});
        case 'query':
          return r.engine.resolveLeg(paymentId ?? '');
        case 'undo':
          return r.engine.undoLeg(paymentId ?? '', 'test');
        case 'query unknown id':
          return r.engine.resolveLeg(randomUUID());
        case 'undo unknown id':
          return r.engine.undoLeg(randomUUID(), 'test');
      }
    };
    if (c.error) {
      const err = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiFailure);
      expect(err).toMatchObject({ code: c.error.code, message: expect.stringMatching(c.error.message) });
    } else {
      await expect(attempt()).resolves.toMatchObject({ id: paymentId, state: c.state });
    }
    expect(r.snapshot()).toEqual(before);
    expect(r.calls()).toEqual(callsBefore);
    if (c.state) expect(r.legs(order.id).at(-1)?.state).toBe(c.state);
  });
});

// ------------------------------------------------------------------ guards across legs and engines

describe('PaymentEngine: guards that take two hands', () => {
  it('a late approval of a leg another engine already reversed is refused, logged, and writes nothing', async () => {
    // The old process was thought dead; the new one recovered (reversed) the leg; then the
    // old one's terminal answer arrives. A final state is left only for 'reversed'.
    const r = rig({ charge: [hang()], resolve: [A.notFoundReversed] });
    const order = r.newOrder();
    const zombie = r.engine;
    const late = zombie.runLeg(order, 'card', AMOUNT_FEN, {});
    await r.port.hung();
    const fresh = r.newEngine();
    await fresh.recover();
    const [leg] = r.legs(order.id);
    expect(leg.state).toBe('reversed');
    const before = r.snapshot();
    r.port.hanging[0](outcomeOf(A.approve));
    await expect(late).resolves.toMatchObject({ state: 'reversed' });
    expect(r.snapshot()).toEqual(before);
    expect(r.warnings()).toEqual(['ignored a transition out of a final state']);
    expect(r.calls()).toEqual(['charge@sent', 'resolve@sent']);
  });

  it('a cashier query while the leg is being charged is refused (no query races the charge)', async () => {
    const r = rig({ charge: [hang(['awaitingCard'])], resolve: [A.notFoundReversed] });
    const order = r.newOrder();
    const run = r.engine.runLeg(order, 'card', AMOUNT_FEN, {});
    await r.port.hung();
    const [leg] = r.legs(order.id);
    const before = r.snapshot();
    await expect(r.engine.resolveLeg(leg.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/in progress/) });
    expect(r.snapshot()).toEqual(before);
    r.port.hanging[0](outcomeOf(A.approve));
    await expect(run).resolves.toMatchObject({ state: 'approved' });
    expect(r.calls()).toEqual(['charge@sent']);
    expect(r.events(leg.id)).toEqual([...BORN, 'sent→awaitingCard', 'awaitingCard→approved']);
  });

  it('two undo presses on one leg send one void', async () => {
    const r = rig({ charge: [A.approve], undo: [A.undoOk, A.undoFails] });
    const order = r.newOrder();
    const id = await drive(r, order, [{ do: 'send' }]);
    const first = r.engine.undoLeg(id, 'cancel');
    const second = r.engine.undoLeg(id, 'cancel again');
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(first).resolves.toMatchObject({ state: 'reversed', pendingAction: null });
    expect(r.calls()).toEqual(['charge@sent', 'undo@approved+undo']);
    expect(r.events(id)).toEqual([...BORN, 'sent→approved', UNDO_REQUESTED, 'approved→reversed']);
  });

  it('a progress report after the port answered does not reopen the leg', async () => {
    const r = rig({ charge: [A.approve] });
    const order = r.newOrder();
    const id = await drive(r, order, [{ do: 'send' }]);
    const before = r.snapshot();
    r.port.lastProgress?.('awaitingCard', 'a late card prompt');
    expect(r.snapshot()).toEqual(before);
    expect(r.legs(order.id)[0].state).toBe('approved');
    expect(r.events(id)).toEqual([...BORN, 'sent→approved']);
  });

  it("the background retry of one order's unknown leg leaves another order's leg in flight alone", async () => {
    // Order A's leg is unknown, its channel unreachable: the engine re-tries in the background.
    // Meanwhile order B's customer is at the PIN pad. The retry must not query (and so
    // reverse) B's leg under the customer's card.
    const r = rig({ charge: [A.timeout, hang(['awaitingCard'])], resolve: [A.unreachable, A.foundApproved] }, 30);
    const a = r.newOrder();
    await drive(r, a, [{ do: 'send' }]);
    const b = r.newOrder();
    const runB = r.engine.runLeg(b, 'card', AMOUNT_FEN, {});
    await r.port.hung();
    await r.until('the background retry', () => r.logs.some((l) => l.msg === 'payments recovered at start'));
    const [legA] = r.legs(a.id);
    const [legB] = r.legs(b.id);
    expect(legA.state).toBe('approved');
    expect(legB.state).toBe('awaitingCard');
    expect(r.calls(legB.legRef)).toEqual(['charge@sent']);
    r.port.hanging[0](outcomeOf(A.approve));
    await expect(runB).resolves.toMatchObject({ state: 'approved' });
    expect(r.events(legB.id)).toEqual([...BORN, 'sent→awaitingCard', 'awaitingCard→approved']);
    expect(r.calls(legA.legRef)).toEqual(['charge@sent', 'resolve@unknown', 'resolve@unknown']);
  });

  it("write-ahead holds while recovery's group commit is open: a new leg is committed before its charge", async () => {
    // Recovery batches its writes (one fsync per 50 ms). A sale started meanwhile (the
    // background retry is a recovery) must still have 'sent' on disk when the terminal is asked.
    const r = rig({ charge: [A.timeout, A.approve], resolve: [A.unreachable, hang()] }, 10);
    const a = r.newOrder();
    await drive(r, a, [{ do: 'send' }]);
    await r.port.hung(); // the background retry is waiting on A's channel, its batch open
    expect(r.db.inTransaction).toBe(true);
    const b = r.newOrder();
    const paid = await r.engine.runLeg(b, 'card', AMOUNT_FEN, {});
    expect(paid.state).toBe('approved');
    expect(r.calls(`${b.orderNo}01`)).toEqual(['charge@sent']);
    r.port.hanging[0]({ state: 'reversed', detail: 'reversal: 00' });
    await r.until('the background retry', () => r.logs.some((l) => l.msg === 'payments recovered at start'));
    expect(r.legs(a.id)[0].state).toBe('reversed');
    expect(r.events(paid.id)).toEqual([...BORN, 'sent→approved']);
  });

  it('an undo acknowledged but not cleared (the write failed) is finished by recovery, not left owed forever', async () => {
    // The terminal voided the leg; committing that fails (say the disk filled). Whatever is on
    // disk must be one consistent fact: still approved with the undo owed, never "reversed
    // with an undo still owed", which no recovery settles and which blocks the order for good.
    const r = rig({ charge: [A.approve], undo: [A.undoOk, A.undoOk] });
    const order = r.newOrder();
    const id = await drive(r, order, [{ do: 'send' }]);
    r.db.exec(`CREATE TRIGGER fail_clear BEFORE UPDATE OF pending_action ON payments WHEN NEW.pending_action IS NULL BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    await expect(r.engine.undoLeg(id, 'cancel')).rejects.toThrow(/disk is full/);
    r.db.exec('DROP TRIGGER fail_clear');
    expect(r.legs(order.id)[0]).toMatchObject({ state: 'approved', pending: 'undo' });
    r.restart();
    await r.engine.recover();
    expect(r.legs(order.id)[0]).toMatchObject({ state: 'reversed', pending: null });
    expect(r.engine.inDoubt()).toEqual([]);
    expect(r.calls()).toEqual(['charge@sent', 'undo@approved+undo', 'undo@approved+undo']);
    expect(r.events(id)).toEqual([...BORN, 'sent→approved', UNDO_REQUESTED, UNDO_REQUESTED, 'approved→reversed']);
  });
});
