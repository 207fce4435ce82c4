import { useEffect, useRef } from 'react';
import type { Cart } from '../../../preload/contract';
import { counterText, useT } from '../i18n';
import { usePos } from '../store';
import { fenToYuan, formatQty } from '../../../drivers/shared/money';

export function CartTable({ cart }: { cart: Cart }) {
  const t = useT(counterText);
  const selected = usePos((s) => s.selectedLineId);
  const bodyRef = useRef<HTMLDivElement>(null);

  // Keep the newest/selected line in view, as on a real till.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the selection or cart changes, though the DOM is read directly
  useEffect(() => {
    bodyRef.current?.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected, cart.revision]);

  if (cart.lines.length === 0) {
    return (
      <div className="cart-empty">
        <div className="big">{t('emptyCart')}</div>
        <div className="muted">{t('emptyCartHint')}</div>
      </div>
    );
  }
  return (
    <div className="cart-table" ref={bodyRef}>
      <table>
        <thead>
          <tr>
            <th className="c-no">{t('colNo')}</th>
            <th>{t('colItem')}</th>
            <th className="num">{t('colPrice')}</th>
            <th className="num">{t('colQty')}</th>
            <th className="num">{t('colAmount')}</th>
            <th />
          </tr>
        </thead>
        <tbody data-testid="cart-lines">
          {cart.lines.map((l, i) => (
            <tr
              key={l.lineId}
              data-testid="cart-line"
              data-barcode={l.barcode}
              className={l.lineId === selected ? 'selected' : undefined}
              onClick={() => usePos.getState().select(l.lineId)}
            >
              <td className="c-no">{i + 1}</td>
              <td>
                <div className="item-name">{t.nameOf(l)}</div>
                <div className="muted small">{l.barcode}</div>
              </td>
              <td className="num">¥{fenToYuan(l.unitPriceFen)}</td>
              <td className="num qty">
                {l.soldBy === 'each' && (
                  <button type="button" className="step" aria-label="-1" onClick={() => void usePos.getState().changeQty(l.lineId, -1000)}>
                    −
                  </button>
                )}
                <span data-testid="qty">
                  {formatQty(l.qtyMilli)}
                  {l.soldBy !== 'each' ? ` ${l.unit}` : ''}
                </span>
                {l.soldBy === 'each' && (
                  <button type="button" className="step" aria-label="+1" onClick={() => void usePos.getState().changeQty(l.lineId, 1000)}>
                    +
                  </button>
                )}
              </td>
              <td className="num amount">¥{fenToYuan(l.amountFen)}</td>
              <td>
                <button type="button" className="remove" aria-label={t('removeLine')} onClick={() => void usePos.getState().removeLine(l.lineId)}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
