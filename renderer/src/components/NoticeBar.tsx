import { useEffect } from 'react';
import { commonText, useT } from '../i18n';
import { usePos } from '../store';

/** One line under the top bar for errors and confirmations; errors stay until replaced. */
export function NoticeBar() {
  const notice = usePos((s) => s.notice);
  const t = useT(commonText);
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const id = setTimeout(() => usePos.setState({ notice: null }), 4000);
    return () => clearTimeout(id);
  }, [notice]);
  if (!notice) return <div className="notice empty" />;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{t.pick(notice.text)}</span>
      <button type="button" onClick={() => usePos.setState({ notice: null })} aria-label="close">
        ×
      </button>
    </div>
  );
}
