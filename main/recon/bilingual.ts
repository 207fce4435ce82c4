/**
 * Texts of the recon engine that reach a cashier (match notes, bad-row messages, settlement
 * warnings) are one string "中文 / English", the house form (preload/bilingual.ts, which the
 * renderer's pickLang uses too); `zhOf` / `enOf` split it, for messages built from a nested
 * one and for outputs that want one language.
 */
import { fenToYuan } from '../../drivers/shared/money';

export { both, enOf, zhOf } from '../../preload/bilingual';

/** Money for the Chinese half: 1234 -> "¥12.34", -5 -> "-¥0.05". */
export function yuan(fen: number): string {
  return `${fen < 0 ? '-' : ''}¥${fenToYuan(Math.abs(fen))}`;
}
