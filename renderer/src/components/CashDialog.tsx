import { useState } from 'react';
import { commonText, counterText, useT } from '../i18n';
import { usePos } from '../store';
import { AmountField } from './AmountField';
import { Dialog } from './Dialog';
import { fenToYuan, parseYuan } from '../../../drivers/shared/money';

/** Notes a cashier is most often handed, for one-tap entry. */
const NOTES_FEN = [5000, 10000];

/** Cash: the amount handed over; less than what is due pays part (split tender). */
export function CashDialog({ dueFen }: { dueFen: number }) {
  const t = useT(counterText);
  const c = useT(commonText);
  const busy = usePos((s) => s.busy);
  const [text, setText] = useState(fenToYuan(dueFen));
  const tendered = parseYuan(text);
  const pay = (fen: number | null) => {
    if (fen === null || fen <= 0 || busy) return;
    void usePos.getState().pay({ tender: 'cash', tenderedFen: fen });
  };
  const quick = [dueFen, ...NOTES_FEN.filter((n) => n > dueFen)].slice(0, 3);
  const partial = tendered !== null && tendered > 0 && tendered < dueFen;
  return (
    <Dialog title={t('cashTitle')} testId="cash-dialog">
      <div className="row big">
        <span>{t('due')}</span>
        <span className="num">¥{fenToYuan(dueFen)}</span>
      </div>
      <AmountField label={c('tendered')} text={text} onText={setText} onEnter={pay} testId="tendered" autoFocus />
      <div className="quick">
        {quick.map((fen, i) => (
          <button type="button" key={fen} onClick={() => pay(fen)} disabled={busy}>
            {i === 0 ? t('exact') : `¥${fenToYuan(fen)}`}
          </button>
        ))}
      </div>
      <div className={`row big change-row ${partial ? 'short' : ''}`}>
        <span>{partial ? t('stillDue') : c('change')}</span>
        <span className="num" data-testid="change-preview">
          {tendered === null ? '—' : partial ? `¥${fenToYuan(dueFen - tendered)}` : `¥${fenToYuan(tendered - dueFen)}`}
        </span>
      </div>
      <div className="actions">
        <button type="button" onClick={() => usePos.getState().openDialog(null)}>
          {t('cancel')}
        </button>
        <button type="button" className="primary" data-testid="confirm-cash" disabled={tendered === null || tendered <= 0 || busy} onClick={() => pay(tendered)}>
          {partial ? t('payPart') : t('confirm')}
        </button>
      </div>
    </Dialog>
  );
}
