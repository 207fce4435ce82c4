/**
 * The one data-driven mapper every vendor profile uses: vendors differ in data (field names,
 * codes, units), the code is shared. Four directions:
 *
 *   host:   toVendor(request)            -> vendor message
 *           fromVendor(message)          -> result | progress   (PAN masked here)
 *   device: parseRequest(message)                 -> canonical request
 *           toVendorResult(result, kind, request) -> vendor message;  toVendorProgress(event)
 *           toVendorRefusal(request, error)       -> the answer to a request it cannot run
 *
 * Bad vendor input throws an Error naming the field; callers turn it into an error event (a
 * request of a kind the profile lacks throws UnknownTransactionError, so a device can answer
 * it as "function not supported").
 */
import { z } from 'zod';
import {
  CardTypeSchema,
  type Channel,
  describeResponseCode,
  formatZodIssues,
  type Outcome,
  PROGRESS_MESSAGES,
  type ProgressEvent,
  ProgressStageSchema,
  type SettlementTotals,
  SettlementTotalsSchema,
  type TransactionKind,
  TransactionKindSchema,
  type TransactionRequest,
  TransactionRequestSchema,
  type TransactionResult,
  TransactionResultSchema,
  emptyResult,
} from '../model';
import { maskPan } from '../../shared/card-data';
import { parseStoreTime, storeStamp } from '../../shared/store-time';
import type { Profile } from './profile-schema';
import { decodeAmount, encodeAmount } from './units';
import {
  finishMessage,
  getPath,
  getText,
  sameValue,
  setPath,
  type VendorMessage,
  type VendorValue,
} from './vendor-message';

export type FromVendor =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'result'; result: TransactionResult; kind?: TransactionKind };

const OUTCOMES: readonly Outcome[] = ['approved', 'declined', 'cancelled', 'failed', 'unknown'];
/** Code used when a vendor gives only a status and no field-39 code. */
const CODE_FOR_STATUS: Readonly<Record<Outcome, string>> = {
  approved: '00',
  declined: '05',
  cancelled: 'L2',
  failed: '06',
  unknown: 'L6',
};

/**
 * A request as the device side reads it: the order number may be blank. Third-party cash
 * registers often send none (Concert clients fill the private field with 10 spaces), and a
 * blank one is no order number: the terminal then has no key to find duplicates by.
 */
const DeviceRequestSchema = TransactionRequestSchema.extend({ orderNo: z.string().max(32, 'orderNo is at most 32 characters') });

/** ISO 8583 field-39 codes for requests a device cannot run (describeResponseCode knows them). */
export const REFUSAL_CODES = { unknownKind: '40', invalid: '12' } as const;

/** A request whose fields match none of the profile's kinds. */
export class UnknownTransactionError extends Error {
  override readonly name = 'UnknownTransactionError';
}

/** The fields that mark each kind, in TransactionKindSchema order; kinds the profile lacks are left out. */
type KindMarks = ReadonlyArray<readonly [TransactionKind, ReadonlyArray<readonly [string, VendorValue]>]>;

export class ProfileMapper {
  // Worked out once per profile: every message, both ways, is matched against them.
  readonly #requestMarks: KindMarks;
  readonly #responseMarks: KindMarks;

  constructor(readonly profile: Profile) {
    const marks = (side: 'request' | 'response'): KindMarks =>
      TransactionKindSchema.options.flatMap((k) => {
        const spec = profile.kinds[k];
        return spec ? [[k, Object.entries(spec[side] ?? {})] as const] : [];
      });
    this.#requestMarks = marks('request');
    this.#responseMarks = marks('response');
  }

  get id(): string {
    return this.profile.id;
  }

  // ------------------------------------------------------------------------- host side

  toVendor(request: TransactionRequest, now: Date = new Date()): VendorMessage {
    const p = this.profile;
    const spec = p.kinds[request.kind];
    if (!spec) throw new Error(`${p.id} does not support "${request.kind}"`);
    const msg: VendorMessage = {};
    for (const [path, value] of Object.entries(p.request.constants)) setPath(msg, path, value);
    if (p.request.tender) setPath(msg, p.request.tender.field, p.request.tender.values[request.tender]);
    for (const [path, value] of Object.entries(spec.request)) setPath(msg, path, value);
    setPath(msg, p.request.amount, encodeAmount(request.amountFen, p.units));
    // Order matters: per-kind originals may overwrite part of the order-number field.
    setPath(msg, spec.fields?.orderNo ?? p.request.orderNo, request.orderNo);
    const o = request.original;
    const trace = spec.fields?.originalTrace ?? p.request.originalTrace;
    const ref = spec.fields?.originalRef ?? p.request.originalRef;
    const date = spec.fields?.originalDate ?? p.request.originalDate;
    if (o?.traceNo && trace) setPath(msg, trace, o.traceNo);
    if (o?.refNo && ref) setPath(msg, ref, o.refNo);
    if (o?.date && date) setPath(msg, date, o.date);
    if (p.request.timestamp) setPath(msg, p.request.timestamp, localStamp(now));
    return msg;
  }

  fromVendor(message: VendorMessage, now: Date = new Date()): FromVendor {
    const p = this.profile;
    if (p.progress) {
      const value = getPath(message, p.progress.field);
      if (value !== undefined && value !== null) {
        const stage = ProgressStageSchema.options.find((s) => sameValue(p.progress?.values[s], value));
        if (!stage) throw new Error(`${p.id}: unknown progress value ${JSON.stringify(value)} in ${p.progress.field}`);
        return { type: 'progress', event: { stage, message: PROGRESS_MESSAGES[stage] } };
      }
    }
    const r = p.response;
    const code = r.code ? trimmed(getText(message, r.code)) : undefined;
    const status = r.status ? getPath(message, r.status.field) : undefined;
    if (code === undefined && status === undefined) {
      throw new Error(`${p.id}: reply has no ${[r.status?.field, r.code].filter(Boolean).join(' or ')}`);
    }
    const outcome = this.outcomeOf(status, code);
    const responseCode = code || CODE_FOR_STATUS[outcome];
    const f = r.fields;
    const text = (path: string | undefined) => (path ? (trimmed(getText(message, path)) ?? '') : '');
    const cardType = CardTypeSchema.safeParse(text(f.cardType));
    const result: TransactionResult = {
      outcome,
      responseCode,
      message: (r.message ? trimmed(getText(message, r.message)) : undefined) || describeResponseCode(responseCode).message,
      traceNo: text(f.traceNo),
      batchNo: text(f.batchNo),
      refNo: text(f.refNo),
      authCode: text(f.authCode),
      // The driver boundary: whatever the terminal sent, only first 6 / last 4 pass.
      maskedPan: maskPan(text(f.pan)),
      cardType: cardType.success ? cardType.data : '',
      terminalId: text(f.terminalId),
      merchantId: text(f.merchantId),
      at: parseLocalTime(text(f.date), text(f.time), now),
      amountFen: f.amount ? decodeAmount(getPath(message, f.amount), p.units) : 0,
      orderNo: text(f.orderNo),
    };
    const channel = this.channelOf(f.channel ? getPath(message, f.channel) : undefined);
    if (channel) result.channel = channel;
    const settlement = f.settlement ? getText(message, f.settlement) : undefined;
    if (settlement) result.settlement = this.decodeSettlement(settlement);
    const checked = TransactionResultSchema.safeParse(result);
    if (!checked.success) throw new Error(`${p.id}: reply is invalid: ${formatZodIssues(checked.error)}`);
    const kind = this.replyKind(message);
    return kind ? { type: 'result', result: checked.data, kind } : { type: 'result', result: checked.data };
  }

  // ----------------------------------------------------------------------- device side

  parseRequest(message: VendorMessage): TransactionRequest {
    const p = this.profile;
    // The most specific match wins: a Sunmi QR sale (transType 0 + paymentType 7) also
    // matches the plain sale (transType 0).
    let kind: TransactionKind | undefined;
    let best = -1;
    for (const [k, fields] of this.#requestMarks) {
      if (!fields.every(([path, v]) => sameValue(getPath(message, path), v))) continue;
      if (fields.length > best) {
        kind = k;
        best = fields.length;
      }
    }
    if (!kind) {
      const keys = Object.values(p.kinds)
        .flatMap((s) => Object.keys(s.request))
        .filter((k, i, a) => a.indexOf(k) === i);
      const seen = keys.map((k) => `${k}=${JSON.stringify(getPath(message, k) ?? null)}`).join(', ');
      throw new UnknownTransactionError(`${p.id}: unknown transaction (${seen})`);
    }
    const spec = p.kinds[kind];
    const text = (path: string | undefined) => (path ? trimmed(getText(message, path)) : undefined);
    const tenderValue = p.request.tender ? getPath(message, p.request.tender.field) : undefined;
    const tender =
      (['card', 'qr', 'any'] as const).find((t) => p.request.tender && sameValue(p.request.tender.values[t], tenderValue)) ??
      (kind === 'qrSale' ? 'qr' : 'card');
    // A slice of a shared field (Concert's privateData) holds the original only when the host
    // put one there; otherwise it is part of the order number and is not an original.
    const sliced = (path: string | undefined, shape: RegExp) => {
      const v = text(path);
      return v !== undefined && path?.includes('[') && !shape.test(v) ? undefined : v;
    };
    const original = {
      traceNo: sliced(spec?.fields?.originalTrace ?? p.request.originalTrace, /^\d{6}$/),
      refNo: text(spec?.fields?.originalRef ?? p.request.originalRef),
      date: sliced(spec?.fields?.originalDate ?? p.request.originalDate, /^\d{4}$/),
    };
    const hasOriginal = Object.values(original).some((v) => v);
    const candidate = {
      kind,
      amountFen: decodeAmount(getPath(message, p.request.amount), p.units),
      // Blank stays blank (DeviceRequestSchema): a stand-in would turn every such sale into
      // the same order, and the second would be refused as a duplicate.
      orderNo: text(spec?.fields?.orderNo ?? p.request.orderNo) ?? '',
      tender,
      ...(hasOriginal
        ? { original: Object.fromEntries(Object.entries(original).filter(([, v]) => v)) }
        : {}),
    };
    const parsed = DeviceRequestSchema.safeParse(candidate);
    if (!parsed.success) throw new Error(`${p.id}: request is invalid: ${formatZodIssues(parsed.error)}`);
    return parsed.data;
  }

  /**
   * The reply to `request` (the vendor message as received; its `response.echo` fields are
   * copied back verbatim). `kind` undefined: a refusal of a request of no known kind.
   */
  toVendorResult(result: TransactionResult, kind: TransactionKind | undefined, request?: VendorMessage): VendorMessage {
    const p = this.profile;
    const r = p.response;
    const msg: VendorMessage = {};
    for (const [path, value] of Object.entries(r.constants)) setPath(msg, path, value);
    for (const [path, value] of Object.entries(kind ? (p.kinds[kind]?.response ?? {}) : {})) setPath(msg, path, value);
    if (r.status) setPath(msg, r.status.field, r.status.values[result.outcome]);
    if (r.code) setPath(msg, r.code, result.responseCode);
    if (r.message) setPath(msg, r.message, result.message);
    const f = r.fields;
    const put = (path: string | undefined, value: VendorValue) => {
      if (path) setPath(msg, path, value);
    };
    put(f.traceNo, result.traceNo);
    put(f.batchNo, result.batchNo);
    put(f.refNo, result.refNo);
    put(f.authCode, result.authCode);
    put(f.pan, result.maskedPan);
    put(f.cardType, result.cardType);
    put(f.terminalId, result.terminalId);
    put(f.merchantId, result.merchantId);
    put(f.amount, encodeAmount(result.amountFen, p.units));
    put(f.orderNo, result.orderNo);
    const stamp = localStamp(new Date(result.at));
    put(f.date, r.dateFormat === 'MMDD' ? stamp.slice(4, 8) : stamp.slice(0, 8));
    put(f.time, stamp.slice(8, 14));
    if (result.channel && r.channelValues) put(f.channel, r.channelValues[result.channel]);
    if (result.settlement) put(f.settlement, JSON.stringify(this.encodeSettlement(result.settlement)));
    // Last, so the echo wins over the order number put back above: a blank or space-padded
    // private field returns byte for byte, not trimmed and re-padded.
    if (request) {
      for (const path of r.echo) {
        const value = getPath(request, path);
        if (value !== undefined) setPath(msg, path, value);
      }
    }
    return finishMessage(msg, r.jsonStringFields);
  }

  /**
   * The answer to a request parseRequest() could not take (`error`): a refusal with code 40
   * (unknown kind) or 12 (a bad field), carrying back the request's amount where it reads and
   * its echo fields. Only for profiles with `answersBadRequests`.
   */
  toVendorRefusal(request: VendorMessage, error: unknown, now: Date = new Date()): VendorMessage {
    const code = error instanceof UnknownTransactionError ? REFUSAL_CODES.unknownKind : REFUSAL_CODES.invalid;
    let amountFen = 0;
    try {
      amountFen = decodeAmount(getPath(request, this.profile.request.amount), this.profile.units);
    } catch {
      // The amount itself may be what is wrong; the refusal then says 0.
    }
    return this.toVendorResult(emptyResult({ amountFen, orderNo: '' }, code, now.toISOString()), undefined, request);
  }

  toVendorProgress(event: ProgressEvent): VendorMessage | undefined {
    const p = this.profile.progress;
    const value = p?.values[event.stage];
    if (!p || value === undefined) return undefined;
    const msg: VendorMessage = {};
    setPath(msg, p.field, value);
    return msg;
  }

  // ----------------------------------------------------------------------------- helpers

  private outcomeOf(status: VendorValue | undefined, code: string | undefined): Outcome {
    const s = this.profile.response.status;
    const byCode = code ? describeResponseCode(code).outcome : undefined;
    if (!s || status === undefined) return byCode ?? 'unknown';
    // Several outcomes may share one status value (Lakala -2 is every failure); the
    // field-39 code then decides.
    const candidates = OUTCOMES.filter((o) => sameValue(s.values[o], status));
    if (candidates.length === 0) {
      throw new Error(`${this.profile.id}: unknown ${s.field} value ${JSON.stringify(status)}`);
    }
    if (byCode && candidates.includes(byCode)) return byCode;
    return candidates[0] ?? 'unknown';
  }

  private channelOf(value: VendorValue | undefined): Channel | undefined {
    const values = this.profile.response.channelValues;
    if (!values || value === undefined || value === null || value === '') return undefined;
    return (['wechat', 'alipay', 'unionpay'] as const).find((c) => sameValue(values[c], value));
  }

  private replyKind(message: VendorMessage): TransactionKind | undefined {
    let kind: TransactionKind | undefined;
    let best = -1;
    for (const [k, fields] of this.#responseMarks) {
      if (fields.length === 0 || !fields.every(([path, v]) => sameValue(getPath(message, path), v))) continue;
      if (fields.length > best) {
        kind = k;
        best = fields.length;
      }
    }
    return kind;
  }

  private encodeSettlement(t: SettlementTotals): unknown {
    const unit = (b: { count: number; amountFen: number }) => ({ count: b.count, amount: encodeAmount(b.amountFen, this.profile.units) });
    return {
      domestic: { debit: unit(t.domestic.debit), credit: unit(t.domestic.credit) },
      foreign: { debit: unit(t.foreign.debit), credit: unit(t.foreign.credit) },
    };
  }

  private decodeSettlement(text: string): SettlementTotals {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new Error(`${this.profile.id}: settlement totals are not JSON`);
    }
    const units = this.profile.units;
    const convert = (node: unknown): unknown => {
      if (typeof node !== 'object' || node === null) return node;
      const rec = node as Record<string, unknown>;
      if ('count' in rec && 'amount' in rec) {
        const a = rec.amount;
        return { count: rec.count, amountFen: decodeAmount(typeof a === 'number' || typeof a === 'string' ? a : null, units) };
      }
      return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, convert(v)]));
    };
    const parsed = SettlementTotalsSchema.safeParse(convert(doc));
    if (!parsed.success) throw new Error(`${this.profile.id}: settlement totals invalid: ${formatZodIssues(parsed.error)}`);
    return parsed.data;
  }
}

function trimmed(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.trim();
}

/** "YYYYMMDDhhmmss" in store time (terminals print local time; Chinese acquirers run on UTC+8). An invalid date stamps as the epoch. */
function localStamp(at: Date): string {
  return storeStamp(Number.isNaN(at.getTime()) ? 0 : at);
}

/** Terminal date (MMDD or YYYYMMDD) + time (hhmmss), store time -> ISO; absent or no real time -> now. */
function parseLocalTime(date: string, time: string, now: Date): string {
  const full = /^\d{8}$/.test(date) ? date : /^\d{4}$/.test(date) ? localStamp(now).slice(0, 4) + date : '';
  if (!full) return now.toISOString();
  const hms = /^\d{6}$/.test(time) ? time : '000000';
  const at = parseStoreTime(`${full}${hms}`);
  return at === undefined ? now.toISOString() : new Date(at).toISOString();
}
