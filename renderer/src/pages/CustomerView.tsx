import { QrCode } from '../components/QrCode';
import { counterText, type Lang, tr } from '../i18n';
import { usePos } from '../store';
import { fenToYuan } from '../../../drivers/shared/money';

/** The customer display speaks Chinese, whichever language the cashier reads. */
const CUSTOMER_LANG: Lang = 'zh';

/**
 * The customer-facing screen (a second monitor, or a tablet opening `?view=customer`):
 * the total, what is still due, the dynamic payment code when one is shown, and the change.
 */
export function CustomerView() {
  const cart = usePos((s) => s.cart);
  const order = usePos((s) => s.checkout.openOrder);
  const shown = usePos((s) => s.customerDisplay);
  const lastSale = usePos((s) => s.lastSale);
  const info = usePos((s) => s.info);
  const yuan = (fen: number) => ({ amount: fenToYuan(fen) });
  return (
    <div className="customer-view" data-testid="customer-view">
      <h1>{tr(counterText, CUSTOMER_LANG, 'cust.storeWelcome', { store: info?.storeName ?? '' })}</h1>
      {shown?.qrCode ? (
        <div className="qr-box big-qr">
          <div className="scan-hint">{tr(counterText, CUSTOMER_LANG, `cust.scan.${shown.channel ?? 'wechat'}`)}</div>
          <QrCode text={shown.qrCode} size={320} testId="customer-qr" />
          <div className="amount">¥{fenToYuan(shown.amountFen)}</div>
        </div>
      ) : order ? (
        <div className="amounts">
          <div>{tr(counterText, CUSTOMER_LANG, 'cust.payable', yuan(order.totalFen))}</div>
          <div className="due">{tr(counterText, CUSTOMER_LANG, 'cust.due', yuan(order.dueFen))}</div>
        </div>
      ) : cart.lines.length > 0 ? (
        <div className="amounts">
          <ul>
            {cart.lines.slice(-6).map((l) => (
              <li key={l.lineId}>
                <span>{l.nameZh}</span>
                <span>¥{fenToYuan(l.amountFen)}</span>
              </li>
            ))}
          </ul>
          <div className="total">{tr(counterText, CUSTOMER_LANG, 'cust.total', yuan(cart.totalFen))}</div>
        </div>
      ) : lastSale ? (
        <div className="amounts">
          <div>{tr(counterText, CUSTOMER_LANG, 'cust.thanks')}</div>
          {lastSale.changeFen > 0 && <div className="due">{tr(counterText, CUSTOMER_LANG, 'cust.change', yuan(lastSale.changeFen))}</div>}
        </div>
      ) : (
        <div className="amounts muted">{tr(counterText, CUSTOMER_LANG, 'cust.welcome')}</div>
      )}
    </div>
  );
}
