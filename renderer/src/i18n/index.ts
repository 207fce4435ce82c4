/**
 * The renderer's words in two languages, one way (DESIGN rule 8: translations in one place).
 *
 *   const t = useT(counterText);      // a component: the store's language
 *   t('svToppedUp', { amount })       // keys and {parameters} are typed by the table
 *   t.pick(err.message)               // the cashier's half of a core "中文 / English" text
 *   tr(queueText, lang, 'retried')    // code outside React, handed a language
 *   bilingual(counterText, 'payFailed', { detail })  // "中文 / English", for a notice
 *
 * One table per domain in ./tables, each defined with defineTable ({ zh, en }, the English
 * with exactly the Chinese keys and parameters). The tenders' names are one table keyed by
 * the contract's Tender. How the core's "中文 / English" texts split is preload/bilingual.ts;
 * the renderer reaches it only through here (t.pick, bilingual).
 */
export { bilingual, type Lang, type PlainKey, type T, tr } from './table';
export { useT } from './useT';
export { commonText } from './tables/common';
export { counterText } from './tables/counter';
export { devicesText } from './tables/devices';
export { journalText } from './tables/journal';
export { queueText } from './tables/queue';
export { reconText } from './tables/recon';
export { settingsText } from './tables/settings';
export { simulatorText } from './tables/simulator';
export { tenderText } from './tables/tenders';

