/**
 * Translation tables: one per domain (i18n/tables/), Chinese first, English complete. The
 * types make a table whole: the English side has exactly the Chinese side's keys, and each
 * English text names exactly the {parameters} of its Chinese text (a type error otherwise);
 * a lookup names a key the table has and passes exactly the parameters its text names.
 *
 * Plain functions, no React: `tr` for code that is handed a language, `bilingual` for text
 * that outlives the language it was made in (a notice, an error shaped like the core's).
 * React components use `useT(table)` (./useT.ts), which reads the language from the store.
 */
import { both, enOf, pickLang, zhOf } from '../../../preload/bilingual';

/** zh-CN first (the cashier), English switchable. */
export type Lang = 'zh' | 'en';

/** A table's messages: key -> text, with {name} where a parameter goes. */
export type Messages = { readonly [key: string]: string };

/** The names of the {parameters} in a text: Params<'第 {n} 行'> = 'n'. */
export type Params<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Params<Rest> : never;

/** What a lookup of a text passes after the key: nothing, or a value for each parameter. */
export type ParamArgs<S> = [Params<S>] extends [never] ? [] : [params: { readonly [P in Params<S>]: string | number }];

/** The keys of a table whose texts take no parameters: what a key held in data may name. */
export type PlainKey<Tb> = Tb extends Table<infer M> ? { [K in keyof M & string]: [Params<M[K]>] extends [never] ? K : never }[keyof M & string] : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** An English text that names every parameter P of its Chinese text. */
type Naming<P extends string> = [P] extends [never] ? string : UnionToIntersection<P extends string ? `${string}{${P}}${string}` : never>;

/** The English side a Chinese side asks for: the same keys, the same parameters. */
type EnglishFor<Zh extends Messages, En> = {
  readonly [K in keyof Zh]: K extends keyof En
    ? [Exclude<Params<En[K]>, Params<Zh[K]>>] extends [never]
      ? Naming<Params<Zh[K]> & string>
      : `the Chinese text has no parameter {${Exclude<Params<En[K]>, Params<Zh[K]>> & string}}`
    : string;
};
type NoExtraKeys<Zh, En> = { readonly [K in Exclude<keyof En, keyof Zh>]: 'this key is not in the Chinese table' };

/** One domain's words in both languages; the Chinese texts' literal types carry the parameters. */
export interface Table<M extends Messages> {
  readonly zh: M;
  readonly en: { readonly [K in keyof M]: string };
}

/**
 * A table, checked whole at compile time:
 *   defineTable({ zh: { lineN: '第 {n} 行' }, en: { lineN: 'line {n}' } })
 */
export function defineTable<const Zh extends Messages, const En extends EnglishFor<Zh, En> & NoExtraKeys<Zh, En>>(table: { zh: Zh; en: En }): Table<Zh> {
  return table as unknown as Table<Zh>;
}

type Values = { readonly [name: string]: string | number };

/** A text with its {parameters} filled in (a name without a value stays as written). */
export function fill(text: string, params: Values | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A message in a given language, for code outside React: tr(queueText, lang, 'retried'). */
export function tr<M extends Messages, K extends keyof M & string>(table: Table<M>, lang: Lang, key: K, ...params: ParamArgs<M[K]>): string {
  return fill(table[lang][key] as string, params[0] as Values | undefined);
}

/**
 * A message as "中文 / English" (preload/bilingual.ts, the form the core's texts take), for
 * text kept past the moment it is made: the notice bar shows the half in the language of
 * the moment it is read. A parameter that is itself "中文 / English" gives each half its half.
 */
export function bilingual<M extends Messages, K extends keyof M & string>(table: Table<M>, key: K, ...params: ParamArgs<M[K]>): string {
  const p = params[0] as Values | undefined;
  const half = (of: (text: string) => string): Values | undefined => (p ? Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'string' ? of(v) : v])) : undefined);
  return both(fill(table.zh[key] as string, half(zhOf)), fill(table.en[key] as string, half(enOf)));
}

/** A table's lookup in one language. */
export interface Lookup<M extends Messages> {
  /** t('lineN', { n: 3 }): the key must be the table's, the parameters its text's. */
  <K extends keyof M & string>(key: K, ...params: ParamArgs<M[K]>): string;
  /** The language these texts are in. */
  readonly lang: Lang;
  /** The cashier's half of a text from the core ("中文 / English"); any other text as it is. */
  pick(text: string): string;
  /** A key known only at run time (a kind off the wire, without parameters): its text, else the fallback. */
  or(key: string, fallback: string): string;
  /** The name in this language of something the core names twice (a product, a cart line). A function's own `name` is read-only, hence nameOf. */
  nameOf(item: { readonly nameZh: string; readonly nameEn: string }): string;
}

/** The lookup useT gives for a table: T<typeof queueText>, for a component handing it on. */
export type T<Tb> = Tb extends Table<infer M> ? Lookup<M> : never;

/** Binds a table to a language: what useT gives a component (tests call it directly). */
export function bindT<M extends Messages>(table: Table<M>, lang: Lang): Lookup<M> {
  const texts = table[lang] as { readonly [key: string]: string | undefined };
  const t = (key: string, ...params: Array<{ readonly [name: string]: string | number }>) => fill(texts[key] ?? key, params[0]);
  return Object.assign(t, {
    lang,
    pick: (text: string) => pickLang(text, lang),
    or: (key: string, fallback: string) => (Object.hasOwn(texts, key) ? (texts[key] as string) : fallback),
    nameOf: (item: { readonly nameZh: string; readonly nameEn: string }) => (lang === 'zh' ? item.nameZh : item.nameEn),
  }) as Lookup<M>;
}
