import { useState } from 'react';
import type { QrChannel } from '../../../preload/contract';
import { counterText, tenderText, useT } from '../i18n';
import { api, usePos } from '../store';
import { AmountField } from './AmountField';
import { Dialog } from './Dialog';
import { PayProgress } from './PayProgress';
import { QrCode } from './QrCode';
import { fenToYuan, parseYuan } from '../../../drivers/shared/money';

/** C扫B: a dynamic code for the customer to scan (also on the customer display). */
export function QrShowDialog({ dueFen }: { dueFen: number }) {
  const t = useT(counterText);
  const tender = useT(tenderText);
  const busy = usePos((s) => s.busy);
  const shown = usePos((s) => s.customerDisplay);
  const [text, setText] = useState(fenToYuan(dueFen));
  const show = (channel: QrChannel) => {
    const fen = parseYuan(text);
    if (busy || fen === null || fen <= 0 || fen > dueFen) return;
    void usePos.getState().pay({ tender: 'qrShow', channel, amountFen: fen });
  };
  const stop = () => {
    // Asks the waiting leg to stop; it reverses/closes the code itself.
    void api.call('checkout.cancel', {}).catch(() => undefined);
  };
  return (
    <Dialog title={t('qrShowTitle')} testId="qr-show-dialog">
      {!busy && <AmountField label={t('amount')} text={text} onText={setText} testId="qr-show-amount" autoFocus />}
      {shown?.qrCode ? (
        <div className="qr-box">
          <QrCode text={shown.qrCode} size={220} testId="dynamic-qr" />
          <div className="big num">¥{fenToYuan(shown.amountFen)}</div>
          <div className="muted">{tender(shown.channel ?? 'wechat')}</div>
        </div>
      ) : (
        <div className="channel-pick">
          <button type="button" className="wechat" data-testid="show-wechat" disabled={busy} onClick={() => show('wechat')}>
            {tender('wechat')}
          </button>
          <button type="button" className="alipay" data-testid="show-alipay" disabled={busy} onClick={() => show('alipay')}>
            {tender('alipay')}
          </button>
        </div>
      )}
      <PayProgress idle={t('pickChannel')} />
      <div className="actions">
        {busy ? (
          <button type="button" onClick={stop}>
            {t('stopWaiting')}
          </button>
        ) : (
          <button type="button" onClick={() => usePos.getState().openDialog(null)}>
            {t('cancel')}
          </button>
        )}
      </div>
    </Dialog>
  );
}
