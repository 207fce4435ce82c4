import { counterText, useT } from '../i18n';
import { usePos } from '../store';

/** What the terminal / wallet is waiting for, in big letters (请插卡/挥卡/刷卡, 请输入密码…). */
export function PayProgress({ idle }: { idle: string }) {
  const progress = usePos((s) => s.progress);
  const busy = usePos((s) => s.busy);
  const t = useT(counterText);
  if (!busy) return <div className="pay-progress idle">{idle}</div>;
  return (
    <div className="pay-progress" data-testid="pay-progress" role="status">
      <span className="spinner" />
      <span>{progress?.detail ? t.pick(progress.detail) : t('processing')}</span>
    </div>
  );
}
