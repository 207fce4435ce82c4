import { useState } from 'react';
import { counterText, useT } from '../i18n';
import { usePos } from '../store';
import { AmountField } from './AmountField';
import { Dialog } from './Dialog';
import { PayProgress } from './PayProgress';
import { fenToYuan, parseYuan } from '../../../drivers/shared/money';

/** Bank card on the terminal: send the amount, the cardholder acts on the terminal. */
export function CardDialog({ dueFen }: { dueFen: number }) {
  const t = useT(counterText);
  const busy = usePos((s) => s.busy);
  const [text, setText] = useState(fenToYuan(dueFen));
  const go = (fen: number | null) => {
    if (fen === null || fen <= 0 || fen > dueFen || busy) return;
    void usePos.getState().pay({ tender: 'card', amountFen: fen });
  };
  return (
    <Dialog title={t('cardTitle')} testId="card-dialog">
      <AmountField label={t('amount')} text={text} onText={setText} onEnter={go} testId="card-amount" autoFocus />
      <PayProgress idle={t('cardHint')} />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => usePos.getState().openDialog(null)}>
          {t('cancel')}
        </button>
        <button type="button" className="primary" data-testid="send-card" disabled={busy} onClick={() => go(parseYuan(text))}>
          {t('sendToTerminal')}
        </button>
      </div>
    </Dialog>
  );
}
