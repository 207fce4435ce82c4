import { type MessageKey, messages } from './i18n';
import { usePos } from './store';

/** The current language's message function. */
export function useT(): (key: MessageKey) => string {
  const lang = usePos((s) => s.lang);
  return (key) => messages[lang][key];
}
