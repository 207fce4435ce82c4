import { useMemo } from 'react';
import { usePos } from '../store';
import { bindT, type Lookup, type Messages, type Table } from './table';

/** The one way a component reads its words: const t = useT(counterText). */
export function useT<M extends Messages>(table: Table<M>): Lookup<M> {
  const lang = usePos((s) => s.lang);
  return useMemo(() => bindT(table, lang), [table, lang]);
}
