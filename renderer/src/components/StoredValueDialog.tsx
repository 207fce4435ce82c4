import { useState } from 'react';
import type { StoredValueCard } from '../../../preload/contract';
import { counterText, useT } from '../i18n';
import { api, usePos } from '../store';
import { useScanTarget } from '../useScanTarget';
import { AmountField } from './AmountField';
import { Dialog } from './Dialog';
import { fenToYuan, parseYuan } from '../../../drivers/shared/money';

/** The store's own member cards (预付卡): look up, issue, top up, pay with or without a PIN. */
export function StoredValueDialog({ dueFen }: { dueFen: number }) {
  const t = useT(counterText);
  const busy = usePos((s) => s.busy);
  const [cardNo, setCardNo] = useState('');
  const [card, setCard] = useState<StoredValueCard | null>(null);
  const [missing, setMissing] = useState(false);
  const [pin, setPin] = useState('');
  const [text, setText] = useState(fenToYuan(dueFen));
  const [topUp, setTopUp] = useState('');
  const [holder, setHolder] = useState('');

  const lookup = async (no: string) => {
    setCardNo(no);
    setMissing(false);
    try {
      setCard(await api.call('storedValue.get', { cardNo: no }));
    } catch {
      setCard(null);
      setMissing(true);
    }
  };
  useScanTarget((scanned) => void lookup(scanned.trim()));
  const run = async <T,>(fn: () => Promise<T>) => {
    try {
      return await fn();
    } catch (err) {
      usePos.getState().notify('error', err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };
  const pay = () => {
    const fen = parseYuan(text);
    if (!card || fen === null || fen <= 0 || busy) return;
    void usePos.getState().pay({ tender: 'storedValue', cardNo: card.cardNo, amountFen: fen, ...(pin ? { pin } : {}) });
  };
  return (
    <Dialog title={t('svTitle')} testId="sv-dialog">
      <label className="row">
        <span>{t('cardNo')}</span>
        <input
          data-testid="sv-card"
          className="mono code-input"
          value={cardNo}
          autoFocus
          placeholder={t('svScanHint')}
          onChange={(e) => setCardNo(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void lookup(e.currentTarget.value.trim())}
        />
      </label>
      {card && (
        <div className="sv-card" data-testid="sv-info">
          <span>{card.holder}</span>
          <span className="num big" data-testid="sv-balance">
            ¥{fenToYuan(card.balanceFen)}
          </span>
        </div>
      )}
      {missing && (
        <div className="sv-issue">
          <span className="muted">{t('svNotFound')}</span>
          <input data-testid="sv-holder" placeholder={t('svHolder')} value={holder} onChange={(e) => setHolder(e.target.value)} />
          <button
            type="button"
            data-testid="sv-issue"
            onClick={async () => {
              const c = await run(() => api.call('storedValue.issue', { cardNo, holder: holder || t('svDefaultHolder'), ...(pin ? { pin } : {}) }));
              if (c) {
                setCard(c);
                setMissing(false);
              }
            }}
          >
            {t('svIssue')}
          </button>
        </div>
      )}
      <label className="row">
        <span>{t('pin')}</span>
        <input data-testid="sv-pin" type="password" inputMode="numeric" maxLength={6} value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      {card && (
        <div className="row">
          <input data-testid="sv-topup-amount" className="num" placeholder={t('svTopUpAmount')} value={topUp} onChange={(e) => setTopUp(e.target.value)} />
          <button
            type="button"
            data-testid="sv-topup"
            onClick={async () => {
              const fen = parseYuan(topUp);
              if (fen === null || fen <= 0) return;
              const c = await run(() => api.call('storedValue.topUp', { cardNo: card.cardNo, amountFen: fen }));
              if (c) {
                setCard(c);
                setTopUp('');
                usePos.getState().notify('success', t('svToppedUp', { amount: fenToYuan(fen) }));
              }
            }}
          >
            {t('svTopUp')}
          </button>
        </div>
      )}
      <AmountField label={t('amount')} text={text} onText={setText} onEnter={() => pay()} testId="sv-amount" />
      <div className="actions">
        <button type="button" onClick={() => usePos.getState().openDialog(null)}>
          {t('cancel')}
        </button>
        <button type="button" className="primary" data-testid="sv-pay" disabled={!card || busy} onClick={pay}>
          {t('svPay')}
        </button>
      </div>
    </Dialog>
  );
}
