/**
 * The schema of a vendor profile data file (profiles/<vendor>/profile.json). A QA user copies
 * one, edits the field names and codes, and gets a new vendor without writing code; the schema
 * checks the file and names every bad field.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { formatZodIssues, ProgressStageSchema, TransactionKindSchema } from '../model';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
/** field path -> value, e.g. { "msg_tp": "0200", "proc_cd": "000000" }. */
const FieldValues = z.record(z.string(), Scalar);
const Path = z.string().min(1);

export const LinkKindSchema = z.enum([
  /** 0x55AA…XOR…0xCC33 packets with handshake and 2 s heartbeat (CodePay-style bridge). */
  'smartpos-55aa',
  /** 4-byte big-endian length + payload over TCP (bridge app on the smart POS). */
  'length-prefixed',
  /** Raw JSON over a COM port (StarPOS PC invoke). */
  'json-com',
  /** STX LEN(BCD) DATA ETX LRC with ACK/NAK/EOT (bank MIS-POS). */
  'mispos',
  /** STX cmd FS ver FS … ETX LRC, 3 tries then EOT (PAX POSLink). */
  'poslink',
  /** ENQ/ACK … STX msg ETX LRC … EOT sessions (Ingenico Concert). */
  'concert',
]);
export type LinkKind = z.infer<typeof LinkKindSchema>;

/** How a message's fields become a frame body. */
export const WireKindSchema = z.enum(['json', 'tlv', 'poslink', 'concert']);

export const AmountUnitSchema = z.enum([
  /** integer fen as a JSON number (Sunmi `amount` long, WangPOS `xiaoFei(amountFen)`). */
  'fen-int',
  /** integer fen as digits text (PAX amount in minor units). */
  'fen-string',
  /** yuan text with 2 decimals (StarPOS/Lakala `amt` "100.01"). */
  'yuan-string',
  /** yuan as a JSON double (Landi `amount` Double). */
  'yuan-double',
  /** 12-digit zero-padded minor units (MIS-POS DF03 `%012s`). */
  'cents-12digit',
]);
export type AmountUnit = z.infer<typeof AmountUnitSchema>;

const REQUIRED_KINDS = ['sale', 'void', 'refund', 'query', 'signIn', 'settle', 'reprint', 'reverse'] as const;

const KindSpec = z.object({
  /** Fields (and values) that identify this kind in a request. */
  request: FieldValues,
  /** Fields the reply carries for this kind (StarPOS msgTp "0210"/"0310"); optional. */
  response: FieldValues.optional(),
  /** Per-kind path overrides, e.g. Concert puts the original trace in privateData. */
  fields: z
    .object({
      orderNo: Path.optional(),
      originalTrace: Path.optional(),
      originalRef: Path.optional(),
      originalDate: Path.optional(),
    })
    .optional(),
});

export const ProfileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'id is lower-case letters, digits and dashes'),
  displayName: z.string().min(1),
  /** Where the public facts come from, e.g. "vendor-protocols.md §1.2". */
  sources: z.array(z.string()).default([]),
  link: LinkKindSchema,
  wire: WireKindSchema,
  /** Text encoding of TLV values / JSON bytes. */
  textEncoding: z.enum(['utf8', 'gbk']).default('utf8'),
  units: AmountUnitSchema,
  /**
   * The terminal refuses card transactions (L1) until the cash register signs it in for the
   * business day (签到, what China's acquirer apps and MIS-POS require). A Concert terminal
   * logs on to its acquirer by itself, and the cash registers that drive it never send one.
   */
  signInRequired: z.boolean().default(true),
  /**
   * The terminal answers a request it cannot run (a transaction type it does not know: 40, a
   * bad field: 12) with a refusal, as a Concert terminal answers status 7. Without it the
   * request is reported on the simulator and not answered, for vendors whose refusal form is
   * not known.
   */
  answersBadRequests: z.boolean().default(false),
  timeouts: z.object({
    /** Link-level acknowledgement of a request. */
    ackMs: z.number().int().positive(),
    /** Whole card transaction (customer inserts card, types PIN, host answers). */
    txnMs: z.number().int().positive(),
    /** A query or reversal (no cardholder involved). */
    queryMs: z.number().int().positive(),
    /** Pause between reversal retries. */
    reversalRetryMs: z.number().int().positive(),
    reversalAttempts: z.number().int().positive(),
  }),
  kinds: z.partialRecord(TransactionKindSchema, KindSpec),
  request: z.object({
    /** Fields every request carries (appid, proc_tp, protocol version…). */
    constants: FieldValues.default({}),
    amount: Path,
    orderNo: Path,
    tender: z
      .object({ field: Path, values: z.object({ card: Scalar, qr: Scalar, any: Scalar }) })
      .optional(),
    originalTrace: Path.optional(),
    originalRef: Path.optional(),
    originalDate: Path.optional(),
    timestamp: Path.optional(),
  }),
  response: z.object({
    /** Fields every reply carries (Concert posNumber, currency…). */
    constants: FieldValues.default({}),
    /**
     * Request fields the reply carries back exactly as received (same path both ways), over
     * the constants and the result's own fields: Concert echoes the POS number, mode, currency
     * and private field, and the answer flag decides the reply's length (wire.ts).
     */
    echo: z.array(Path).default([]),
    /** The vendor's own success/cancel/failure signal (Lakala resultCode -1/0/-2…). */
    status: z
      .object({
        field: Path,
        values: z.object({
          approved: Scalar,
          declined: Scalar,
          cancelled: Scalar,
          failed: Scalar,
          unknown: Scalar,
        }),
      })
      .optional(),
    /** ISO 8583 field-39 style code (Sunmi answerCode, Landi responseCodeThirtyNine). */
    code: Path.optional(),
    message: Path.optional(),
    fields: z
      .object({
        traceNo: Path,
        batchNo: Path,
        refNo: Path,
        authCode: Path,
        pan: Path,
        cardType: Path,
        terminalId: Path,
        merchantId: Path,
        amount: Path,
        orderNo: Path,
        date: Path,
        time: Path,
        channel: Path,
        settlement: Path,
      })
      .partial(),
    dateFormat: z.enum(['MMDD', 'YYYYMMDD']).default('MMDD'),
    channelValues: z.object({ wechat: Scalar, alipay: Scalar, unionpay: Scalar }).optional(),
    /** Top-level fields that travel as a JSON string (Lakala/StarPOS `txndetail`). */
    jsonStringFields: z.array(z.string()).default([]),
  }),
  /** Progress messages the device sends while a card transaction runs (omit if none). */
  progress: z.object({ field: Path, values: z.partialRecord(ProgressStageSchema, Scalar) }).optional(),
  /** Field names by position after command and version (POSLink only). */
  positional: z.object({ request: z.array(z.string()), response: z.array(z.string()) }).optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;

/** Validates a profile document; the error names every bad field and the source. */
export function parseProfile(doc: unknown, source = 'profile'): Profile {
  const parsed = ProfileSchema.safeParse(doc);
  if (!parsed.success) throw new Error(`${source} is invalid: ${formatZodIssues(parsed.error)}`);
  const profile = parsed.data;
  const missing = REQUIRED_KINDS.filter((k) => !profile.kinds[k]);
  if (missing.length) throw new Error(`${source} is invalid: kinds: missing ${missing.join(', ')}`);
  if (profile.wire === 'poslink' && !profile.positional) {
    throw new Error(`${source} is invalid: positional: required when wire is "poslink"`);
  }
  if (profile.response.status === undefined && profile.response.code === undefined) {
    throw new Error(`${source} is invalid: response: needs a status or a code field`);
  }
  // Two kinds with identical request fields could not be told apart by the device.
  const seen = new Map<string, string>();
  for (const [kind, spec] of Object.entries(profile.kinds)) {
    const key = JSON.stringify(Object.entries(spec.request).sort());
    const other = seen.get(key);
    if (other) throw new Error(`${source} is invalid: kinds.${kind}.request is the same as kinds.${other}.request`);
    seen.set(key, kind);
  }
  return profile;
}

export async function loadProfileFile(path: string): Promise<Profile> {
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseProfile(doc, path);
}
