/**
 * The contract of the end of day: a business day reconciled against the channels'
 * statements (posdesk recon), and the terminal's batch settlement (结算).
 */
import { z } from 'zod';
import { Tender } from './checkout';
import { BilingualText, type CallSpec, Empty, IsoDate, ResponseCode } from './common';
import { ReceiptPreview } from './printer';

const MatchCategory = z.enum(['matched', 'localOnly', 'channelOnly', 'amountMismatch', 'statusMismatch']);

/** A day reconciled against the channels' statements (Reconciliation page, posdesk recon). */
export const ReconResult = z.object({
  date: IsoDate,
  balanced: z.boolean(),
  channels: z.array(z.string()),
  /** Per category: legs, journal money, channel money, and channel minus journal. */
  totals: z.record(MatchCategory, z.object({ count: z.number().int(), localFen: z.number(), channelFen: z.number(), effectFen: z.number() })),
  items: z.array(
    z.object({
      category: MatchCategory,
      leg: z.enum(['payment', 'refund']),
      channel: z.string(),
      key: z.string(),
      at: z.string(),
      orderNo: z.string().nullable(),
      localState: z.string().nullable(),
      localAmountFen: z.number().nullable(),
      channelAmountFen: z.number().nullable(),
      channelFeeFen: z.number().nullable(),
      effectFen: z.number(),
      note: BilingualText,
    }),
  ),
  /** Rows the parsers could not read: never skipped silently. */
  errors: z.array(z.object({ source: z.string(), line: z.number().int(), message: BilingualText })),
  statement: z.object({
    totals: z.array(z.object({ tender: Tender, count: z.number().int(), grossFen: z.number(), refundFen: z.number(), feeFen: z.number(), netFen: z.number() })),
    grand: z.object({ count: z.number().int(), grossFen: z.number(), refundFen: z.number(), feeFen: z.number(), netFen: z.number() }),
    hourly: z.record(z.string(), z.array(z.number())),
  }),
  /** The merged merchant statement as CSV (UTF-8 with BOM, opens in Excel). */
  csv: z.string(),
  /** Takings by tender and hour. */
  chartSvg: z.string(),
});
export type ReconResult = z.infer<typeof ReconResult>;

const TotalsBlock = z.object({ count: z.number().int(), amountFen: z.number() });
export const SettlementResult = z.object({
  batchNo: z.string(),
  balanced: z.boolean(),
  /** 00 对账平, 95 对账不平. */
  responseCode: ResponseCode,
  differences: z.array(
    z.object({ scheme: z.string(), bucket: z.string(), localCount: z.number(), terminalCount: z.number(), localFen: z.number(), terminalFen: z.number() }),
  ),
  warnings: z.array(BilingualText),
  terminal: z.object({ domestic: z.object({ debit: TotalsBlock, credit: TotalsBlock }), foreign: z.object({ debit: TotalsBlock, credit: TotalsBlock }) }),
  receipt: ReceiptPreview.nullable(),
  printError: z.string().nullable(),
});
export type SettlementResult = z.infer<typeof SettlementResult>;

export const reconCalls = {
  /**
   * Reconcile a business day: the statements come from the embedded gateway simulator's
   * T+1 bills ('gateway') or from uploaded files (base64, as downloaded from the channels).
   */
  'recon.run': {
    input: z
      .object({
        date: IsoDate,
        source: z.enum(['gateway', 'files']),
        files: z.array(z.object({ name: z.string().max(200), base64: z.string().max(30_000_000) })).max(10).default([]),
      })
      .strict(),
    output: ReconResult,
  },
  /** End of day: settle the terminal's batch (结算), compare with the journal, print the slip. */
  'settle.run': { input: Empty, output: SettlementResult },
} as const satisfies Record<string, CallSpec>;
