/**
 * A vendor message as the profiles see it: a JSON-like record (intent extras, a JSON body,
 * TLV tags by name, POSLink fields by position name, Concert fields). Paths address fields:
 *
 *   "amt"                    top-level field
 *   "txndetail.systraceno"   nested; a string-valued parent holding JSON (Lakala/StarPOS
 *                            `txndetail`) is parsed on read and re-serialised on write
 *   "privateData[0:6]"       characters 0..6 of a fixed-width text field
 */
export type VendorScalar = string | number | boolean | null;
export type VendorValue = VendorScalar | VendorMessage;
export interface VendorMessage {
  [field: string]: VendorValue;
}

interface ParsedPath {
  parts: string[];
  slice?: { start: number; end: number };
}

const SLICE = /^(.*)\[(\d+):(\d+)\]$/;

/**
 * Paths come from profiles, a few dozen per vendor, and are read on every field of every
 * message: each is parsed once. The cap only guards against a caller inventing paths.
 */
const parsedPaths = new Map<string, ParsedPath>();
const MAX_PARSED_PATHS = 4096;

function parsePath(path: string): ParsedPath {
  const known = parsedPaths.get(path);
  if (known) return known;
  const m = SLICE.exec(path);
  const parsed: ParsedPath = m ? { parts: (m[1] ?? '').split('.'), slice: { start: Number(m[2]), end: Number(m[3]) } } : { parts: path.split('.') };
  if (parsedPaths.size >= MAX_PARSED_PATHS) parsedPaths.clear();
  parsedPaths.set(path, parsed);
  return parsed;
}

export function isVendorMessage(value: unknown): value is VendorMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON text into a message, or says why it is not one. */
export function parseJsonMessage(text: string): VendorMessage {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`message is not JSON: ${(error as Error).message}`);
  }
  if (!isVendorMessage(doc)) throw new Error('message is JSON but not an object');
  return doc;
}

function child(value: VendorValue | undefined): VendorMessage | undefined {
  if (isVendorMessage(value)) return value;
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      const doc: unknown = JSON.parse(value);
      return isVendorMessage(doc) ? doc : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function getPath(message: VendorMessage, path: string): VendorValue | undefined {
  const { parts, slice } = parsePath(path);
  let node: VendorMessage | undefined = message;
  let value: VendorValue | undefined;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i] ?? '';
    value = node?.[key];
    if (i < parts.length - 1) node = child(value);
  }
  if (slice && value !== undefined && value !== null) {
    return String(value).slice(slice.start, slice.end);
  }
  return value;
}

/** Text of a field, or undefined when absent/null. Numbers become their decimal text. */
export function getText(message: VendorMessage, path: string): string | undefined {
  const v = getPath(message, path);
  if (v === undefined || v === null || typeof v === 'object') return undefined;
  return String(v);
}

/**
 * Sets a field, creating parents. The profile's `jsonStringFields` names top-level fields that travel as a
 * JSON *string* (Lakala/StarPOS `txndetail`): they are kept as objects while building and
 * serialised by finishMessage().
 */
export function setPath(message: VendorMessage, path: string, value: VendorValue): void {
  const { parts, slice } = parsePath(path);
  let node = message;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] ?? '';
    let next = child(node[key]);
    if (!next) next = {};
    node[key] = next;
    node = next;
  }
  const last = parts[parts.length - 1] ?? '';
  if (slice) {
    const width = slice.end - slice.start;
    const current = String(node[last] ?? '').padEnd(slice.start, ' ');
    const piece = String(value ?? '').slice(0, width).padEnd(width, ' ');
    node[last] = current.slice(0, slice.start) + piece + current.slice(slice.end);
    return;
  }
  node[last] = value;
}

/** Serialises the fields that travel as JSON strings. */
export function finishMessage(message: VendorMessage, jsonStringFields: readonly string[]): VendorMessage {
  const out: VendorMessage = { ...message };
  for (const f of jsonStringFields) {
    const v = out[f];
    if (isVendorMessage(v)) out[f] = JSON.stringify(v);
  }
  return out;
}

/** Loose equality used to recognise kinds: 0 and "0" are the same code on different wires. */
export function sameValue(a: VendorValue | undefined, b: VendorValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return String(a).trim() === String(b).trim();
}
