/**
 * Scripted scenarios: a JSON file listing, in order, what the next transactions do (card entry,
 * PIN tries, outcome, faults). Each transaction consumes the first step whose `match` fits it;
 * unmatched transactions fall back to the outcome rules. Validated by zod with errors that
 * name the bad field, because QA write these by hand.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CardTypeSchema, formatZodIssues, TransactionKindSchema } from '../model';
import { FaultSchema } from './faults';

export const CardEntrySchema = z.enum(['chip', 'tap', 'swipe']);

export const CardScriptSchema = z.object({
  entry: CardEntrySchema.default('chip'),
  /** The chip read fails; the terminal falls back to swipe (降级交易). */
  chipFails: z.boolean().default(false),
  /** Offline PIN tries in order; 3 wrong tries block the card (75). Empty = no PIN asked. */
  pin: z.array(z.enum(['ok', 'wrong'])).default(['ok']),
  /** Full card number the simulated card carries (masked before it leaves the terminal). */
  pan: z.string().regex(/^\d{12,19}$/, 'pan is 12-19 digits').optional(),
  cardType: CardTypeSchema.optional(),
  /** The cardholder presses cancel at this stage. */
  cancelAt: z.enum(['waitingCard', 'waitingPin']).optional(),
});
export type CardScript = z.infer<typeof CardScriptSchema>;

export const ScenarioStepSchema = z.object({
  /** Which transaction the step scripts; without `kind` it scripts the next sale/preAuth/qrSale. */
  match: z
    .object({
      kind: TransactionKindSchema.optional(),
      orderNo: z.string().optional(),
      amountFen: z.number().int().nonnegative().optional(),
    })
    .optional(),
  card: CardScriptSchema.optional(),
  /** Field-39 code the issuer answers; absent = the outcome rules decide. */
  responseCode: z.string().regex(/^[0-9A-Z]{2}$/, 'responseCode is 2 characters').optional(),
  /** Wait for a manual decision (UI approve/decline) instead of deciding automatically. */
  manual: z.boolean().optional(),
  faults: z.array(FaultSchema).default([]),
  channel: z.enum(['wechat', 'alipay', 'unionpay']).optional(),
});
export type ScenarioStep = z.infer<typeof ScenarioStepSchema>;

export const ScenarioSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().optional(),
  /** Faults applied to every transaction of the scenario. */
  faults: z.array(FaultSchema).default([]),
  steps: z.array(ScenarioStepSchema).default([]),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

export function parseScenario(doc: unknown, source = 'scenario'): Scenario {
  const parsed = ScenarioSchema.safeParse(doc);
  if (!parsed.success) throw new Error(`${source} is invalid: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

export async function loadScenarioFile(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseScenario(doc, path);
}
