import { useState } from 'react';
import { counterText, useT } from '../i18n';
import { usePos } from '../store';
import { Dialog } from './Dialog';
import { fenToYuan, lineAmountFen } from '../../../drivers/shared/money';

/** Fuel is sold by the litre: the cashier enters what the pump shows (up to 3 decimals). */
export function LitresDialog({ productId, name, priceFen }: { productId: string; name: string; priceFen: number }) {
  const t = useT(counterText);
  const [text, setText] = useState('');
  const m = /^\s*(\d{1,4})(?:\.(\d{0,3}))?\s*$/.exec(text);
  const qtyMilli = m ? Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0')) : 0;
  const amount = lineAmountFen(priceFen, qtyMilli);
  const ok = qtyMilli > 0;
  const add = () => {
    if (!ok) return;
    usePos.getState().openDialog(null);
    void usePos.getState().addProduct(productId, qtyMilli);
  };
  return (
    <Dialog title={`${name} · ¥${fenToYuan(priceFen)}${t('perLitre')}`} testId="litres-dialog">
      <label className="row big">
        <span>{t('litres')}</span>
        <input
          data-testid="litres"
          className="num money-input"
          inputMode="decimal"
          placeholder={t('enterLitres')}
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
      </label>
      <div className="row big">
        <span>{t('colAmount')}</span>
        <span className="num">¥{fenToYuan(amount)}</span>
      </div>
      <div className="actions">
        <button type="button" onClick={() => usePos.getState().openDialog(null)}>
          {t('cancel')}
        </button>
        <button type="button" className="primary" disabled={!ok} onClick={add}>
          {t('ok')}
        </button>
      </div>
    </Dialog>
  );
}
