import { QrCode } from '../components/QrCode';
import { formatYuan } from '../i18n';
import { usePos } from '../store';

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
  return (
    <div className="customer-view" data-testid="customer-view">
      <h1>{info?.storeName ?? ''} 欢迎光临</h1>
      {shown?.qrCode ? (
        <div className="qr-box big-qr">
          <div className="scan-hint">请使用{shown.channel === 'alipay' ? '支付宝' : '微信'}扫码支付</div>
          <QrCode text={shown.qrCode} size={320} testId="customer-qr" />
          <div className="amount">¥{formatYuan(shown.amountFen)}</div>
        </div>
      ) : order ? (
        <div className="amounts">
          <div>应付 ¥{formatYuan(order.totalFen)}</div>
          <div className="due">还需 ¥{formatYuan(order.dueFen)}</div>
        </div>
      ) : cart.lines.length > 0 ? (
        <div className="amounts">
          <ul>
            {cart.lines.slice(-6).map((l) => (
              <li key={l.lineId}>
                <span>{l.nameZh}</span>
                <span>¥{formatYuan(l.amountFen)}</span>
              </li>
            ))}
          </ul>
          <div className="total">合计 ¥{formatYuan(cart.totalFen)}</div>
        </div>
      ) : lastSale ? (
        <div className="amounts">
          <div>收款成功 谢谢惠顾</div>
          {lastSale.changeFen > 0 && <div className="due">找零 ¥{formatYuan(lastSale.changeFen)}</div>}
        </div>
      ) : (
        <div className="amounts muted">欢迎光临</div>
      )}
    </div>
  );
}
