/**
 * GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, DataBar): a run of
 * (application identifier, value) pairs. Fixed-length values follow their AI directly;
 * variable-length values end at FNC1, which a scanner transmits as GS (0x1D), or at the end.
 * Also accepts the human-readable "(01)…(17)…" form some scanners are set to send.
 */
import { checkDigitMismatch } from './check-digit';

/** FNC1 as transmitted by scanners: ASCII Group Separator. */
export const GS = '\u001d';

export interface Gs1Field {
  ai: string;
  title: string;
  value: string;
}

export interface Gs1Data {
  fields: Gs1Field[];
  /** (01) GTIN-14 */
  gtin?: string;
  /** (10) batch / lot */
  batch?: string;
  /** (17) expiry as YYYY-MM-DD (day 00 means the month's last day) */
  expiry?: string;
  /** (21) serial number */
  serial?: string;
  /** (310n) net weight, in grams (fractional only when n > 3) */
  netWeightGrams?: number;
  /** (392n) price payable, integer fen */
  priceFen?: number;
  /** (30) / (37) count of items */
  count?: number;
}

export type Gs1Result = { ok: true; data: Gs1Data } | { ok: false; reason: string };

interface AiSpec {
  title: string;
  /** Exact value length, when fixed. */
  fixed?: number;
  /** Maximum value length, when variable. */
  max?: number;
  numeric: boolean;
  /** The value ends with a GS1 mod-10 check digit. */
  check?: boolean;
  date?: boolean;
}

const n = (title: string, fixed: number, extra: Partial<AiSpec> = {}): AiSpec => ({ title, fixed, numeric: true, ...extra });
const nv = (title: string, max: number): AiSpec => ({ title, max, numeric: true });
const an = (title: string, max: number): AiSpec => ({ title, max, numeric: false });

/** The 2- and 3-digit AIs we understand (a POS subset of the GS1 AI table). */
const AIS: Readonly<Record<string, AiSpec>> = {
  '00': n('SSCC', 18, { check: true }),
  '01': n('GTIN', 14, { check: true }),
  '02': n('CONTENT', 14, { check: true }),
  '10': an('BATCH/LOT', 20),
  '11': n('PROD DATE', 6, { date: true }),
  '12': n('DUE DATE', 6, { date: true }),
  '13': n('PACK DATE', 6, { date: true }),
  '15': n('BEST BEFORE', 6, { date: true }),
  '16': n('SELL BY', 6, { date: true }),
  '17': n('USE BY', 6, { date: true }),
  '20': n('VARIANT', 2),
  '21': an('SERIAL', 20),
  '22': an('CPV', 20),
  '240': an('ADDITIONAL ID', 30),
  '241': an('CUST. PART No.', 30),
  '30': nv('VAR. COUNT', 8),
  '37': nv('COUNT', 8),
  '400': an('ORDER NUMBER', 30),
  '410': n('SHIP TO LOC', 13, { check: true }),
  '414': n('LOC No.', 13, { check: true }),
  '420': an('SHIP TO POST', 20),
  '422': n('ORIGIN', 3),
  '90': an('INTERNAL', 30),
  '91': an('INTERNAL', 90),
  '92': an('INTERNAL', 90),
  '93': an('INTERNAL', 90),
  '94': an('INTERNAL', 90),
  '95': an('INTERNAL', 90),
  '96': an('INTERNAL', 90),
  '97': an('INTERNAL', 90),
  '98': an('INTERNAL', 90),
  '99': an('INTERNAL', 90),
};

/** Four-digit AIs whose last digit is the implied decimal places of the value. */
const DECIMAL_AIS: Readonly<Record<string, AiSpec>> = {
  '310': n('NET WEIGHT (kg)', 6),
  '311': n('LENGTH (m)', 6),
  '320': n('NET WEIGHT (lb)', 6),
  '330': n('GROSS WEIGHT (kg)', 6),
  '390': nv('AMOUNT', 15),
  '391': nv('AMOUNT (ISO currency)', 18),
  '392': nv('PRICE', 15),
  '393': nv('PRICE (ISO currency)', 18),
};

function lookup(data: string, at: number): { ai: string; spec: AiSpec } | null {
  const two = data.slice(at, at + 2);
  const twoSpec = AIS[two];
  if (twoSpec !== undefined) return { ai: two, spec: twoSpec };
  const three = data.slice(at, at + 3);
  const threeSpec = AIS[three];
  if (threeSpec !== undefined) return { ai: three, spec: threeSpec };
  const decSpec = DECIMAL_AIS[three];
  const four = data.slice(at, at + 4);
  if (decSpec !== undefined && /^\d{4}$/.test(four)) return { ai: four, spec: decSpec };
  // Any other 31nn-36nn is a fixed 6-digit measure we can skip over correctly.
  if (/^3[1-6]\d\d$/.test(four)) return { ai: four, spec: n('MEASURE', 6) };
  return null;
}

function isoDate(yymmdd: string): string | null {
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  let dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12) return null;
  // Two-digit years are read as 20YY: POS goods carry dates near today, and the full
  // GS1 sliding-century rule would make the result depend on the clock.
  const year = 2000 + yy;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (dd === 0) dd = last; // GS1: day 00 means the end of the month
  if (dd > last) return null;
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** Turn "(01)09501101530003(17)251231" into the transmitted form with GS separators. */
function fromBracketed(s: string): string | null {
  const parts = [...s.matchAll(/\((\d{2,4})\)([^(]*)/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join('') !== s) return null;
  return parts.map((m) => `${m[1]}${m[2]}`).join(GS);
}

/** Parse GS1 element strings (AIM prefix already removed; a leading GS/FNC1 is allowed). */
export function parseGs1(input: string): Gs1Result {
  let data = input.startsWith('(') ? fromBracketed(input) : input;
  if (data === null) return { ok: false, reason: 'malformed bracketed GS1 string' };
  if (data.startsWith(GS)) data = data.slice(1);
  if (data === '') return { ok: false, reason: 'empty GS1 data' };
  const out: Gs1Data = { fields: [] };
  let at = 0;
  while (at < data.length) {
    const hit = lookup(data, at);
    if (hit === null) return { ok: false, reason: `unknown GS1 application identifier at position ${at}: "${data.slice(at, at + 4)}"` };
    const { ai, spec } = hit;
    const start = at + ai.length;
    let value: string;
    if (spec.fixed !== undefined) {
      value = data.slice(start, start + spec.fixed);
      at = start + spec.fixed;
      if (value.length !== spec.fixed) return { ok: false, reason: `(${ai}) needs ${spec.fixed} characters, got ${value.length}` };
      if (data.charAt(at) === GS) at++; // a redundant FNC1 after a fixed field is tolerated
    } else {
      const end = data.indexOf(GS, start);
      value = end === -1 ? data.slice(start) : data.slice(start, end);
      at = end === -1 ? data.length : end + 1;
      if (value.length === 0) return { ok: false, reason: `(${ai}) is empty` };
      if (value.length > (spec.max ?? 0)) return { ok: false, reason: `(${ai}) is ${value.length} characters long, at most ${spec.max} allowed` };
    }
    if (spec.numeric && !/^\d+$/.test(value)) return { ok: false, reason: `(${ai}) must be digits, got "${value}"` };
    if (!spec.numeric && !/^[\x21-\x7e]+$/.test(value)) return { ok: false, reason: `(${ai}) has characters outside the GS1 set: "${value}"` };
    if (spec.check === true) {
      const bad = checkDigitMismatch(value);
      if (bad !== null) return { ok: false, reason: `(${ai}) check digit is ${bad.found}, expected ${bad.expected}` };
    }
    const field: Gs1Field = { ai, title: spec.title, value };
    out.fields.push(field);
    const problem = interpret(out, field, spec);
    if (problem !== null) return { ok: false, reason: problem };
  }
  return { ok: true, data: out };
}

/** Fill the well-known typed fields; returns a reason when a value is out of range. */
function interpret(out: Gs1Data, { ai, value }: Gs1Field, spec: AiSpec): string | null {
  if (spec.date === true) {
    const iso = isoDate(value);
    if (iso === null) return `(${ai}) is not a valid YYMMDD date: "${value}"`;
    if (ai === '17') out.expiry = iso;
    return null;
  }
  const decimals = Number(ai.charAt(3));
  if (ai === '01') out.gtin = value;
  else if (ai === '10') out.batch = value;
  else if (ai === '21') out.serial = value;
  else if (ai === '30' || ai === '37') out.count = Number(value);
  else if (ai.startsWith('310')) out.netWeightGrams = Number(value) / 10 ** (decimals - 3);
  else if (ai.startsWith('392')) {
    const units = BigInt(value);
    // Money is integer fen: scale the n-decimal amount to 2 decimals, refusing sub-fen digits.
    const fen = decimals <= 2 ? units * 10n ** BigInt(2 - decimals) : units / 10n ** BigInt(decimals - 2);
    if (decimals > 2 && fen * 10n ** BigInt(decimals - 2) !== units) return `(${ai}) price ${value} has sub-fen precision`;
    if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return `(${ai}) price ${value} is too large`;
    out.priceFen = Number(fen);
  }
  return null;
}
