/**
 * Classify one scanned string: a product (EAN-13/EAN-8/UPC-A/UPC-E/GTIN-14, check digit
 * verified), an in-store weighed/priced item from a barcode scale, GS1 element strings,
 * a customer's WeChat/Alipay/UnionPay payment code, a member card — or say clearly why not.
 * Pure: no I/O, no clock.
 */
import { type AimId, parseAim } from './aim';
import { checkDigitMismatch } from './check-digit';
import { GS, type Gs1Data, parseGs1 } from './gs1';
import { DEFAULT_VARIABLE_MEASURE_LAYOUTS, decodeVariableMeasure, type VariableMeasureLayout, validateLayout } from './variable-measure';

export type ProductSymbology = 'EAN-13' | 'EAN-8' | 'UPC-A' | 'UPC-E' | 'GTIN-14';
export type PaymentWallet = 'wechat' | 'alipay' | 'unionpay';

export interface MemberCardRule {
  /** Which loyalty programme, e.g. "store-card". */
  program: string;
  prefix?: string;
  pattern?: RegExp;
}

export interface ClassifierOptions {
  variableMeasureLayouts: readonly VariableMeasureLayout[];
  /** Checked first, in order: a shop's own cards may look like EAN-13 in-store codes. */
  memberCards: readonly MemberCardRule[];
  /** Longer scans are refused before any parsing (a stuck key, a pasted document). */
  maxLength: number;
}

/** Real codes top out near 100 characters (GS1 QR); 512 leaves room for URLs in QR codes. */
export const DEFAULT_MAX_SCAN_LENGTH = 512;

interface Base {
  /** The scan as received. */
  raw: string;
  /** The scan with surrounding whitespace and the AIM prefix removed. */
  code: string;
  aim: AimId | null;
}

export type ScanClass =
  | (Base & {
      kind: 'product';
      symbology: ProductSymbology;
      /** GTIN-14, zero-padded: the key to look the item up by. */
      gtin: string;
      /** UPC-E expanded to UPC-A. */
      upcA?: string;
      /** GS1 restricted-distribution prefix (in-store 20-29, UPC 2/4): meaningful only in this shop. */
      restricted: boolean;
    })
  | (Base & {
      kind: 'variable-measure';
      layout: string;
      plu: string;
      priceFen?: number;
      weightGrams?: number;
      quantity?: number;
      /** An 18-digit layout can collide with an Alipay code; the UI should know. */
      alsoMatches?: PaymentWallet;
    })
  | (Base & { kind: 'gs1'; data: Gs1Data })
  | (Base & { kind: 'payment'; wallet: PaymentWallet })
  | (Base & { kind: 'member'; program: string })
  | (Base & { kind: 'invalid'; looksLike: string; reason: string })
  | (Base & { kind: 'unknown'; reason: string });

/**
 * Customer-presented payment codes (vendor-protocols.md §3.1). UnionPay's 19-digit `62…`
 * is a one-time 云闪付 code, not a card PAN, per the reference; we never treat it as a card.
 */
const PAYMENT_PATTERNS: ReadonlyArray<{ wallet: PaymentWallet; re: RegExp }> = [
  { wallet: 'wechat', re: /^1[0-5]\d{16}$/ },
  { wallet: 'alipay', re: /^(2[5-9]|30)\d{14,22}$/ },
  { wallet: 'unionpay', re: /^62\d{17}$/ },
  // Alipay face-pay codes: "fp" + 33 characters (35 in all), scene=security_code.
  { wallet: 'alipay', re: /^fp[0-9A-Za-z]{33}$/ },
];

const IN_STORE_EAN = /^2\d/;

export class ScanClassifier {
  readonly options: Readonly<ClassifierOptions>;

  constructor(options?: Partial<ClassifierOptions>) {
    const o: ClassifierOptions = {
      variableMeasureLayouts: DEFAULT_VARIABLE_MEASURE_LAYOUTS,
      memberCards: [],
      maxLength: DEFAULT_MAX_SCAN_LENGTH,
      ...options,
    };
    for (const l of o.variableMeasureLayouts) validateLayout(l);
    for (const m of o.memberCards) {
      if (m.prefix === undefined && m.pattern === undefined) throw new TypeError(`member card rule "${m.program}" needs a prefix or a pattern`);
    }
    this.options = Object.freeze(o);
  }

  classify(raw: string): ScanClass {
    const none = { raw, code: raw, aim: null };
    if (raw.length > this.options.maxLength) {
      return { ...none, kind: 'unknown', reason: `scan is ${raw.length} characters long, at most ${this.options.maxLength} allowed` };
    }
    const trimmed = raw.trim();
    if (trimmed === '') return { ...none, code: '', kind: 'unknown', reason: 'empty scan' };
    const { aim, rest: code } = parseAim(trimmed);
    const base: Base = { raw, code, aim };
    if (code === '') return { ...base, kind: 'unknown', reason: `AIM prefix ${aim?.id ?? ''} with no data` };

    const chars = [...code];
    const ctl = chars.findIndex((c) => c !== GS && /[\u0000-\u001f\u007f-\u009f]/.test(c));
    if (ctl !== -1) {
      const cp = chars[ctl]?.codePointAt(0) ?? 0;
      return { ...base, kind: 'unknown', reason: `contains control character U+${cp.toString(16).toUpperCase().padStart(4, '0')} at position ${ctl}` };
    }

    for (const m of this.options.memberCards) {
      if ((m.prefix === undefined || code.startsWith(m.prefix)) && (m.pattern === undefined || m.pattern.test(code))) {
        return { ...base, kind: 'member', program: m.program };
      }
    }

    if (aim?.gs1 === true || code.includes(GS) || /^\(\d{2,4}\)/.test(code)) {
      const g = parseGs1(code);
      return g.ok ? { ...base, kind: 'gs1', data: g.data } : { ...base, kind: 'invalid', looksLike: 'GS1', reason: g.reason };
    }

    if (/^\d+$/.test(code)) return this.#digits(base);

    for (const p of PAYMENT_PATTERNS) if (p.re.test(code)) return { ...base, kind: 'payment', wallet: p.wallet };
    return { ...base, kind: 'unknown', reason: 'not a product, weighed item, GS1, payment or member code' };
  }

  #digits(base: Base): ScanClass {
    const { code, aim } = base;
    if (aim?.eanVariant !== undefined) {
      // The scanner said EAN/UPC: only those lengths can be right.
      const okLengths = aim.eanVariant === 'EAN-8' ? [8] : aim.eanVariant === 'EAN-13/UPC' ? [13, 12, 8] : [];
      if (!okLengths.includes(code.length)) {
        return { ...base, kind: 'invalid', looksLike: `EAN/UPC (${aim.id})`, reason: `${aim.id} scan has ${code.length} digits` };
      }
    }
    if (code.length === 13) return this.#ean13(base);
    if (code.length === 12) return product(base, 'UPC-A', code, { restricted: /^[24]/.test(code) });
    if (code.length === 8) {
      if (aim?.eanVariant !== 'EAN-8' && /^[01]/.test(code) && checkDigitMismatch(upcEToUpcA(code)) === null) {
        const upcA = upcEToUpcA(code);
        return { ...base, kind: 'product', symbology: 'UPC-E', gtin: upcA.padStart(14, '0'), upcA, restricted: /^[24]/.test(upcA) };
      }
      return product(base, 'EAN-8', code, { restricted: /^[02]/.test(code) });
    }
    if (code.length === 18) {
      const vm = decodeVariableMeasure(code, this.options.variableMeasureLayouts);
      if (vm?.ok === true) {
        const alsoMatches = PAYMENT_PATTERNS.find((p) => p.re.test(code))?.wallet;
        return { ...base, kind: 'variable-measure', ...vm.value, ...(alsoMatches === undefined ? {} : { alsoMatches }) };
      }
      if (vm?.ok === false && !PAYMENT_PATTERNS.some((p) => p.re.test(code))) {
        return { ...base, kind: 'invalid', looksLike: 'in-store code', reason: vm.reason };
      }
    }
    for (const p of PAYMENT_PATTERNS) if (p.re.test(code)) return { ...base, kind: 'payment', wallet: p.wallet };
    if (/^1[0-5]/.test(code) && code.length >= 16 && code.length <= 24) {
      return { ...base, kind: 'invalid', looksLike: 'WeChat payment code', reason: `WeChat payment codes have 18 digits, this has ${code.length}` };
    }
    if (code.startsWith('62') && code.length >= 16 && code.length <= 24) {
      return { ...base, kind: 'invalid', looksLike: 'UnionPay payment code', reason: `UnionPay payment codes have 19 digits, this has ${code.length}` };
    }
    if (code.length === 14) return product(base, 'GTIN-14', code, { restricted: /^02/.test(code) });
    if (code.startsWith('01') && code.length >= 16) {
      // GS1 with only fixed-length fields needs no FNC1, and some scanners drop the AIM prefix.
      const g = parseGs1(code);
      if (g.ok) return { ...base, kind: 'gs1', data: g.data };
    }
    return { ...base, kind: 'unknown', reason: `${code.length} digits: not an EAN/UPC, weighed item, payment or member code` };
  }

  #ean13(base: Base): ScanClass {
    const { code } = base;
    const bad = checkDigitMismatch(code);
    if (bad !== null) return { ...base, kind: 'invalid', looksLike: 'EAN-13', reason: `EAN-13 check digit is ${bad.found}, expected ${bad.expected}` };
    if (IN_STORE_EAN.test(code)) {
      const vm = decodeVariableMeasure(code, this.options.variableMeasureLayouts);
      if (vm?.ok === true) return { ...base, kind: 'variable-measure', ...vm.value };
      if (vm?.ok === false) return { ...base, kind: 'invalid', looksLike: 'in-store code', reason: vm.reason };
      return product(base, 'EAN-13', code, { restricted: true });
    }
    return product(base, 'EAN-13', code, { restricted: false });
  }
}

function product(base: Base, symbology: ProductSymbology, code: string, extra: { restricted: boolean }): ScanClass {
  const bad = checkDigitMismatch(code);
  if (bad !== null) return { ...base, kind: 'invalid', looksLike: symbology, reason: `${symbology} check digit is ${bad.found}, expected ${bad.expected}` };
  return { ...base, kind: 'product', symbology, gtin: code.padStart(14, '0'), ...extra };
}

/**
 * Expand an 8-digit UPC-E (number system, 6 digits, check) to its 12-digit UPC-A.
 * The last of the six digits says where the zeros of the manufacturer/product split go.
 */
export function upcEToUpcA(upcE: string): string {
  if (!/^[01]\d{7}$/.test(upcE)) throw new TypeError(`UPC-E needs 8 digits starting 0 or 1, got "${upcE}"`);
  const ns = upcE.charAt(0);
  const d = upcE.slice(1, 7);
  const check = upcE.charAt(7);
  const last = d.charAt(5);
  let body: string;
  if (last === '0' || last === '1' || last === '2') body = `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
  else if (last === '3') body = `${d.slice(0, 3)}00000${d.slice(3, 5)}`;
  else if (last === '4') body = `${d.slice(0, 4)}00000${d.charAt(4)}`;
  else body = `${d.slice(0, 5)}0000${last}`;
  return `${ns}${body}${check}`;
}

/** Convenience: classify with default options. */
export function classifyScan(raw: string, options?: Partial<ClassifierOptions>): ScanClass {
  return new ScanClassifier(options).classify(raw);
}
