import { useState } from 'react';
import { formatYuan, parseYuan } from '../i18n';
import { usePos } from '../store';
import { useT } from '../useT';
import { Dialog } from './Dialog';

/** Notes a cashier is most often handed, for one-tap entry. */
const NOTES_FEN = [5000, 10000];

export function CashDialog({ totalFen }: { totalFen: number }) {
  const t = useT();
  const busy = usePos((s) => s.busy);
  const [text, setText] = useState(formatYuan(totalFen));
  const tendered = parseYuan(text);
  const enough = tendered !== null && tendered >= totalFen;
  const pay = (fen: number | null) => {
    if (fen === null || fen < totalFen || busy) return;
    void usePos.getState().payCash(fen);
  };
  const quick = [totalFen, ...NOTES_FEN.filter((n) => n > totalFen)].slice(0, 3);
  return (
    <Dialog title={t('cashTitle')} testId="cash-dialog">
      <div className="row big">
        <span>{t('total')}</span>
        <span className="num">¥{formatYuan(totalFen)}</span>
      </div>
      <label className="row big">
        <span>{t('tendered')}</span>
        <input
          data-testid="tendered"
          className="num money-input"
          inputMode="decimal"
          value={text}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              pay(parseYuan(e.currentTarget.value));
            }
          }}
        />
      </label>
      <div className="quick">
        {quick.map((fen, i) => (
          <button type="button" key={fen} onClick={() => pay(fen)} disabled={busy}>
            {i === 0 ? t('exact') : `¥${formatYuan(fen)}`}
          </button>
        ))}
      </div>
      <div className={`row big change-row ${enough ? '' : 'short'}`}>
        <span>{t('change')}</span>
        <span className="num" data-testid="change-preview">
          {enough && tendered !== null ? `¥${formatYuan(tendered - totalFen)}` : t('short')}
        </span>
      </div>
      <div className="actions">
        <button type="button" onClick={() => usePos.getState().openDialog(null)}>
          {t('cancel')}
        </button>
        <button type="button" className="primary" data-testid="confirm-cash" disabled={!enough || busy} onClick={() => pay(tendered)}>
          {t('confirm')}
        </button>
      </div>
    </Dialog>
  );
}
