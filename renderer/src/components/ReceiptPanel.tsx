import { usePos } from '../store';
import { commonText, useT } from '../i18n';

/** The virtual printer's rendering of the last receipt, as it looks on paper. */
export function ReceiptPanel() {
  const t = useT(commonText);
  const receipt = usePos((s) => s.receipt);
  return (
    <section className="receipt-panel" aria-label={t('lastReceipt')}>
      <h3>
        {t('lastReceipt')}
        {receipt && <span className="muted"> · {receipt.orderNo}</span>}
      </h3>
      <div className="paper-tray">
        {receipt ? (
          <img
            className="receipt-img"
            data-testid="receipt-preview"
            data-order-no={receipt.orderNo}
            alt={`receipt ${receipt.orderNo}`}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(receipt.svg)}`}
          />
        ) : (
          <p className="muted">{t('noReceipt')}</p>
        )}
      </div>
    </section>
  );
}
