import { useState } from 'react';
import { counterText, useT } from '../i18n';
import { usePos } from '../store';
import { useScanTarget } from '../useScanTarget';
import { AmountField } from './AmountField';
import { Dialog } from './Dialog';
import { PayProgress } from './PayProgress';
import { fenToYuan, parseYuan } from '../../../drivers/shared/money';

/** B扫C: the gun scans the customer's WeChat/Alipay/UnionPay payment code. */
export function QrScanDialog({ dueFen }: { dueFen: number }) {
  const t = useT(counterText);
  const busy = usePos((s) => s.busy);
  const [text, setText] = useState(fenToYuan(dueFen));
  const [code, setCode] = useState('');
  // While this dialog is open, a scan is the customer's payment code.
  useScanTarget((scanned) => submit(scanned));
  const submit = (authCode: string) => {
    const fen = parseYuan(text);
    if (busy || fen === null || fen <= 0 || fen > dueFen) return;
    setCode('');
    void usePos.getState().pay({ tender: 'qrScan', authCode: authCode.trim(), amountFen: fen });
  };
  return (
    <Dialog title={t('qrScanTitle')} testId="qr-scan-dialog">
      <AmountField label={t('amount')} text={text} onText={setText} testId="qr-amount" />
      <label className="row">
        <span>{t('paymentCode')}</span>
        <input
          data-testid="auth-code"
          className="mono code-input"
          value={code}
          autoFocus
          placeholder={t('scanCustomerCode')}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit(e.currentTarget.value);
            }
          }}
        />
      </label>
      <PayProgress idle={t('scanCustomerCode')} />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => usePos.getState().openDialog(null)}>
          {t('cancel')}
        </button>
      </div>
    </Dialog>
  );
}
