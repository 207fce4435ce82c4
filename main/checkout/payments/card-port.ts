/**
 * Bank cards through the terminal's acquiring app (the intent/callback flow): the
 * terminal driver sends amount + the leg's reference, the cardholder inserts/taps
 * and enters the PIN on the terminal, the result comes back. The driver itself turns
 * a lost answer into query -> reversal (冲正); this port records the reversal in the
 * payment's history *before* the driver sends it (write-ahead) and maps results.
 */
import type { DriverResult, TerminalDriver } from '../../../drivers/terminal/host/driver';
import { storeMmdd } from '../../../drivers/shared/store-time';
import type { ProgressEvent, TransactionResult } from '../../../drivers/terminal/model';
import type { LegNote } from './leg-notes';
import type { Leg, LegData, LegInput, LegOutcome, LegProgress, TenderPort } from './port';

/** The terminal said it must be signed in first (新的一天 / after settlement). */
const SIGN_IN_REQUIRED = 'L1';
/** Codes that mean "the original is gone from this batch": a void becomes a refund. */
const VOID_NOT_POSSIBLE = new Set(['25', 'L5', '12']);

export function cardData(r: TransactionResult): LegData {
  return {
    responseCode: r.responseCode,
    traceNo: r.traceNo,
    batchNo: r.batchNo,
    refNo: r.refNo,
    authCode: r.authCode,
    maskedPan: r.maskedPan,
    cardType: r.cardType,
    terminalId: r.terminalId,
    merchantId: r.merchantId,
    at: r.at,
  };
}

/**
 * What the slip of a void or refund needs from the terminal's answer: its own trace, batch,
 * reference, authorisation and time (the original sale's stay under their plain names).
 */
function undoData(kind: 'void' | 'refund', r: TransactionResult): LegData {
  return {
    [`${kind}TraceNo`]: r.traceNo,
    [`${kind}BatchNo`]: r.batchNo,
    [`${kind}RefNo`]: r.refNo,
    [`${kind}AuthCode`]: r.authCode,
    [`${kind}At`]: r.at,
  };
}

/**
 * The original transaction's date as terminals want it for a void/refund: MMDD of the
 * terminal's own business day, which for Chinese acquirers is Beijing time (UTC+8).
 */
export function originalDate(at: string): string {
  const t = Date.parse(at);
  return Number.isNaN(t) ? '' : storeMmdd(t);
}

function original(leg: Leg) {
  return { traceNo: String(leg.data.traceNo ?? ''), refNo: String(leg.data.refNo ?? ''), date: originalDate(String(leg.data.at ?? '')) };
}

function map(d: DriverResult, what: string): LegOutcome {
  const r = d.result;
  const detail = `${what}: ${r.responseCode} ${r.message}`;
  if (d.resolvedBy === 'reversal') return { state: 'reversed', detail, data: { responseCode: r.responseCode } };
  if (d.resolvedBy === 'unresolved') return { state: 'unknown', detail };
  switch (r.outcome) {
    case 'approved':
      return { state: 'approved', detail, data: cardData(r) };
    case 'cancelled':
      return { state: r.responseCode === 'L7' ? 'reversed' : 'cancelled', detail, data: { responseCode: r.responseCode } };
    case 'unknown':
      return { state: 'unknown', detail };
    default:
      return { state: 'declined', detail, data: { responseCode: r.responseCode } };
  }
}

export interface CardPortDeps {
  driver: TerminalDriver;
  /** Adds a line to the leg's history (its payment events) — called before a reversal is sent. */
  note: (legRef: string, note: LegNote) => void;
}

export class CardPort implements TenderPort {
  readonly tender = 'card' as const;
  /** The progress callback of the leg now on the terminal (one transaction at a time). */
  private current: { legRef: string; progress: LegProgress } | undefined;

  constructor(private readonly d: CardPortDeps) {}

  /** Wire this into the driver's onProgress. */
  readonly onProgress = (e: ProgressEvent, request: { orderNo: string }) => {
    if (!this.current || this.current.legRef !== request.orderNo) return;
    if (e.stage === 'waitingCard' || e.stage === 'readingCard' || e.stage === 'waitingPin') this.current.progress('awaitingCard', e.message);
  };

  /** Wire these into the driver's journal: the reversal is on record before it is sent. */
  readonly journal = {
    reversalPending: (e: { orderNo: string; reason: string }) => this.d.note(e.orderNo, { text: `冲正待发送 / reversal pending: ${e.reason}`, reversal: true }),
    reversalDone: (e: { orderNo: string }, r: TransactionResult) => this.d.note(e.orderNo, { text: `冲正成功 / reversal acknowledged: ${r.responseCode}`, reversal: true }),
  };

  async charge(leg: Leg, _input: LegInput, progress: LegProgress): Promise<LegOutcome> {
    this.current = { legRef: leg.legRef, progress };
    try {
      let d = await this.d.driver.sale(leg.amountFen, leg.legRef);
      if (d.result.responseCode === SIGN_IN_REQUIRED) {
        // Nothing was charged: the terminal refused before reading a card. Sign in, then
        // send the same leg again (same reference, so it cannot be charged twice).
        const s = await this.d.driver.signIn();
        if (s.result.outcome !== 'approved') return { state: 'declined', detail: `签到失败 / sign-in failed: ${s.result.responseCode} ${s.result.message}` };
        d = await this.d.driver.sale(leg.amountFen, leg.legRef);
      }
      return map(d, 'sale');
    } finally {
      this.current = undefined;
    }
  }

  async resolve(leg: Leg): Promise<LegOutcome> {
    const q = await this.d.driver.query(leg.legRef);
    const r = q.result;
    if (q.resolvedBy === 'reply' && r.outcome === 'approved') return { state: 'approved', detail: `query: ${r.responseCode} ${r.message}`, data: cardData(r) };
    if (q.resolvedBy === 'reply' && r.responseCode === 'L7') return { state: 'reversed', detail: `query: already reversed` };
    if (q.resolvedBy === 'reply' && (r.outcome === 'declined' || r.outcome === 'cancelled' || r.outcome === 'failed') && r.responseCode !== '25') {
      return { state: r.outcome === 'cancelled' ? 'cancelled' : 'declined', detail: `query: ${r.responseCode} ${r.message}` };
    }
    // Not found, or no answer: reverse, so a sale that did go through is undone.
    return map(await this.d.driver.reverse(leg.legRef, leg.amountFen, `recovery: ${r.responseCode} ${r.message}`), 'reversal');
  }

  async undo(leg: Leg, reason: string): Promise<LegOutcome> {
    const v = await this.d.driver.void(original(leg), leg.amountFen, `${leg.legRef}9`);
    if (v.result.outcome === 'approved') return { state: 'reversed', detail: `voided (${reason}): ${v.result.responseCode}`, data: undoData('void', v.result) };
    if (VOID_NOT_POSSIBLE.has(v.result.responseCode)) {
      const r = await this.d.driver.refund(original(leg), leg.amountFen, `${leg.legRef}8`);
      if (r.result.outcome === 'approved') return { state: 'reversed', detail: `refunded (${reason}): ${r.result.responseCode}`, data: undoData('refund', r.result) };
      return { state: 'unknown', detail: `refund not done: ${r.result.responseCode} ${r.result.message}` };
    }
    return { state: 'unknown', detail: `void not done: ${v.result.responseCode} ${v.result.message}` };
  }

  async refund(leg: Leg, amountFen: number, refundRef: string): Promise<LegOutcome> {
    const r = await this.d.driver.refund(original(leg), amountFen, refundRef);
    if (r.result.outcome === 'approved') return { state: 'approved', detail: `refunded ${amountFen}: ${r.result.responseCode}`, data: undoData('refund', r.result) };
    if (r.resolvedBy === 'unresolved' || r.result.outcome === 'unknown') return { state: 'unknown', detail: `refund unknown: ${r.result.message}` };
    return { state: 'declined', detail: `refund refused: ${r.result.responseCode} ${r.result.message}` };
  }
}
