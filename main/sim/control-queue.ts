/**
 * The control API's queue of "what the next transactions do": outcomes (a field-39 code for
 * the next sale(s)) and faults (for the next sale(s), or the next transaction of any kind).
 * The terminal asks it first for every transaction (TerminalOptions.nextStep); what it hands
 * out takes precedence over the scenario file and the amount rules. An outcome and a fault
 * queued separately land on the same next sale.
 */
import type { TransactionRequest } from '../../drivers/terminal/model';
import type { Fault } from '../../drivers/terminal/simulator/faults';
import type { ScenarioStep } from '../../drivers/terminal/simulator/scenario';

/** Which transactions a queued fault waits for. */
export type FaultTarget = 'sale' | 'any';

/** The kinds an outcome rule or a queued outcome applies to (the terminal's own SALE_KINDS). */
const SALE_KINDS: ReadonlySet<string> = new Set(['sale', 'preAuth', 'qrSale']);

export interface QueuedControl {
  outcomes: string[];
  faults: { fault: Fault; target: FaultTarget }[];
}

export class ControlQueue {
  #outcomes: string[] = [];
  #faults: { fault: Fault; target: FaultTarget }[] = [];

  queueOutcome(responseCode: string, times = 1): void {
    for (let i = 0; i < times; i++) this.#outcomes.push(responseCode);
  }

  queueFault(fault: Fault, times = 1, target: FaultTarget = 'sale'): void {
    for (let i = 0; i < times; i++) this.#faults.push({ fault, target });
  }

  /** The step for this transaction, consuming what it uses; undefined when nothing is queued for it. */
  nextStep(request: TransactionRequest): ScenarioStep | undefined {
    const sale = SALE_KINDS.has(request.kind);
    const responseCode = sale ? this.#outcomes.shift() : undefined;
    const at = this.#faults.findIndex((f) => f.target === 'any' || sale);
    const fault = at >= 0 ? this.#faults.splice(at, 1)[0] : undefined;
    if (responseCode === undefined && fault === undefined) return undefined;
    return { ...(responseCode !== undefined ? { responseCode } : {}), faults: fault ? [fault.fault] : [] };
  }

  snapshot(): QueuedControl {
    return { outcomes: [...this.#outcomes], faults: this.#faults.map((f) => ({ ...f })) };
  }

  clear(): void {
    this.#outcomes = [];
    this.#faults = [];
  }
}
