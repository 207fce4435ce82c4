/** The response codes QA picks from, and a code's meaning in the page's language (i18n/tables/simulator.ts). */
import { describeResponseCode } from '../../../../drivers/terminal/model';
import type { simulatorText, T } from '../../i18n';

type St = T<typeof simulatorText>;

/** A code's meaning: the table's, else the terminal model's own text (交易失败（xx）). */
export function codeMeaning(t: St, code: string): string {
  return t.or(`code.${code}`, describeResponseCode(code).message);
}

/** A code and its meaning: "51 余额不足" / "51 Insufficient funds". */
export function codeText(t: St, code: string): string {
  return `${code} ${codeMeaning(t, code)}`;
}

/** Codes QA picks from to decline a held sale (most asked-for first). */
export const DECLINE_CODES = ['51', '55', '54', '61', '75', '91', '96', '98', '05', '14', 'L2'] as const;
/** Codes for the next-outcome picker ('00' first). */
export const OUTCOME_CODES = ['00', ...DECLINE_CODES, '40', '94'] as const;
