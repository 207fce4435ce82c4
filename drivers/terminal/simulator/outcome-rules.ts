/**
 * Outcome rules: the amount's last two digits pick a field-39 code (and optionally faults),
 * so a cashier or a bench can provoke a decline just by typing 12.51. The default table is the
 * data file outcome-rules.json; QA can pass their own.
 */
import { z } from 'zod';
import { formatZodIssues } from '../model';
import defaultRulesJson from './outcome-rules.json';
import { type Fault, FaultSchema } from './faults';

const CENTS = z.number().int().min(0).max(99);

export const OutcomeRuleSchema = z.object({
  from: CENTS,
  to: CENTS,
  responseCode: z.string().regex(/^[0-9A-Z]{2}$/, 'responseCode is 2 characters like "00" or "51"'),
  faults: z.array(FaultSchema).optional(),
});
export const OutcomeRulesSchema = z.object({ rules: z.array(OutcomeRuleSchema) });
export type OutcomeRule = z.infer<typeof OutcomeRuleSchema>;

/** Validates a rules document (e.g. a QA-edited copy of outcome-rules.json). */
export function parseOutcomeRules(doc: unknown): OutcomeRule[] {
  const parsed = OutcomeRulesSchema.safeParse(doc);
  if (!parsed.success) throw new Error(`invalid outcome rules: ${formatZodIssues(parsed.error)}`);
  for (const r of parsed.data.rules) {
    if (r.from > r.to) throw new Error(`invalid outcome rules: range ${r.from}..${r.to} is reversed`);
  }
  return parsed.data.rules;
}

export const DEFAULT_OUTCOME_RULES: readonly OutcomeRule[] = parseOutcomeRules(defaultRulesJson);

/** Fen modulo 100 are the "cents" of the yuan amount. */
const FEN_PER_YUAN = 100;

export function ruleForAmount(
  amountFen: number,
  rules: readonly OutcomeRule[] = DEFAULT_OUTCOME_RULES,
): { responseCode: string; faults: Fault[] } {
  const cents = amountFen % FEN_PER_YUAN;
  const rule = rules.find((r) => cents >= r.from && cents <= r.to);
  return { responseCode: rule?.responseCode ?? '00', faults: [...(rule?.faults ?? [])] };
}
