import { useCallback, useEffect, useRef, useState } from 'react';
import type { Product } from '../../../preload/contract';
import { CartTable } from '../components/CartTable';
import { CameraDialog } from '../components/CameraDialog';
import { CardDialog } from '../components/CardDialog';
import { CashDialog } from '../components/CashDialog';
import { LitresDialog } from '../components/LitresDialog';
import { InDoubtPanel, OrderPanel, RecoveredBanner } from '../components/OrderPanel';
import { QrScanDialog } from '../components/QrScanDialog';
import { QrShowDialog } from '../components/QrShowDialog';
import { ReceiptPanel } from '../components/ReceiptPanel';
import { StoredValueDialog } from '../components/StoredValueDialog';
import { commonText, counterText, tenderText, useT } from '../i18n';
import { api, usePos } from '../store';
import { fenToYuan } from '../../../drivers/shared/money';

const TENDER_KEYS: Record<string, 'cash' | 'card' | 'qrScan' | 'qrShow' | 'storedValue'> = {
  F4: 'cash',
  F5: 'card',
  F6: 'qrScan',
  F7: 'qrShow',
  F8: 'storedValue',
};

/** The tender buttons: a tender's own name (tenderText), or the counter's word for a QR way round. */
const TENDERS: Array<{ key: string; kind: 'cash' | 'card' | 'qrScan' | 'qrShow' | 'storedValue'; label: { tender: 'cash' | 'card' | 'storedValue' } | { counter: 'payQr' | 'payShowQr' } }> = [
  { key: 'F4', kind: 'cash', label: { tender: 'cash' } },
  { key: 'F5', kind: 'card', label: { tender: 'card' } },
  { key: 'F6', kind: 'qrScan', label: { counter: 'payQr' } },
  { key: 'F7', kind: 'qrShow', label: { counter: 'payShowQr' } },
  { key: 'F8', kind: 'storedValue', label: { tender: 'storedValue' } },
];

export function CounterPage() {
  const t = useT(counterText);
  const c = useT(commonText);
  const tender = useT(tenderText);
  const cart = usePos((s) => s.cart);
  const dialog = usePos((s) => s.dialog);
  const lastSale = usePos((s) => s.lastSale);
  const openOrder = usePos((s) => s.checkout.openOrder);
  const dueFen = openOrder?.dueFen ?? cart.totalFen;
  const canPay = cart.lines.length > 0 || openOrder !== null;
  const searchRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Product[]>([]);

  useEffect(() => {
    const q = query.trim();
    if (!q || /^\d{8,}$/.test(q)) {
      setResults([]);
      return;
    }
    let live = true;
    api.call('catalog.search', { query: q, limit: 8 }).then(
      (r) => live && setResults(r),
      () => live && setResults([]),
    );
    return () => {
      live = false;
    };
  }, [query]);

  // Counter hotkeys (bubble phase: the scanner hook has already taken scans out).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = usePos.getState();
      if (s.dialog) return;
      const inField = e.target instanceof HTMLInputElement;
      if (e.key === 'F2') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (TENDER_KEYS[e.key]) {
        e.preventDefault();
        if (s.cart.lines.length > 0 || s.checkout.openOrder) s.openDialog({ kind: TENDER_KEYS[e.key] });
      } else if (!inField && s.selectedLineId && (e.key === '+' || e.key === '=')) {
        e.preventDefault();
        void s.changeQty(s.selectedLineId, 1000);
      } else if (!inField && s.selectedLineId && e.key === '-') {
        e.preventDefault();
        void s.changeQty(s.selectedLineId, -1000);
      } else if (!inField && s.selectedLineId && e.key === 'Delete') {
        e.preventDefault();
        void s.removeLine(s.selectedLineId);
      } else if (e.key === 'Escape' && inField) {
        setQuery('');
        (e.target as HTMLInputElement).blur();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A code read by the camera goes where a gun's scan would: a dialog waiting for it, else the cart.
  const onCameraCode = useCallback((code: string) => {
    const s = usePos.getState();
    s.openDialog(null);
    if (s.scanTarget) s.scanTarget(code);
    else void s.scan(code);
  }, []);

  const pick = (p: Product) => {
    setQuery('');
    setResults([]);
    if (p.soldBy === 'litre') usePos.getState().openDialog({ kind: 'litres', productId: p.id, name: p.nameZh, priceFen: p.priceFen });
    else void usePos.getState().addProduct(p.id, 1000);
  };

  const onSearchKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const q = e.currentTarget.value.trim();
    if (!q) return;
    if (results.length > 0 && !/^\d+$/.test(q)) pick(results[0]);
    else {
      void usePos.getState().scan(q);
      setQuery('');
    }
  };

  return (
    <div className="counter">
      <section className="cart-pane">
        <div className="search">
          <input
            ref={searchRef}
            data-testid="search"
            type="search"
            placeholder={t('search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
            autoComplete="off"
          />
          <button type="button" className="camera-btn" data-testid="camera-scan" onClick={() => usePos.getState().openDialog({ kind: 'camera' })}>
            {t('camera')}
          </button>
          {results.length > 0 && (
            <ul className="results">
              {results.map((p) => (
                <li key={p.id}>
                  <button type="button" onClick={() => pick(p)}>
                    <span>{t.nameOf(p)}</span>
                    <span className="muted">{p.barcode}</span>
                    <span className="num">¥{fenToYuan(p.priceFen)}/{p.unit}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <CartTable cart={cart} />
        <footer className="keys-hint">{t('keysHint')}</footer>
      </section>
      <aside className="side-pane">
        <div className="total-box">
          <div className="label">{c('total')}</div>
          <div className="total" data-testid="total">
            ¥{fenToYuan(openOrder?.totalFen ?? cart.totalFen)}
          </div>
          <div className="muted">
            {t('items')} {cart.itemCount} · {cart.lines.length} {t('lines')}
          </div>
        </div>
        {lastSale && (
          <div className="sale-done" data-testid="sale-done">
            <div>
              {t('paid')} · {c('orderNo')} {lastSale.orderNo}
            </div>
            <div className="change">
              {c('change')} <strong data-testid="change">¥{fenToYuan(lastSale.changeFen)}</strong>
            </div>
          </div>
        )}
        <RecoveredBanner />
        <InDoubtPanel />
        <OrderPanel />
        <div className="tenders">
          {TENDERS.map((tb) => (
            <button
              key={tb.kind}
              type="button"
              data-testid={`tender-${tb.kind}`}
              className={`tender ${tb.kind}`}
              disabled={!canPay}
              onClick={() => usePos.getState().openDialog({ kind: tb.kind })}
            >
              <kbd>{tb.key}</kbd> {'tender' in tb.label ? tender(tb.label.tender) : t(tb.label.counter)}
            </button>
          ))}
          <button type="button" className="tender minor" disabled={cart.lines.length === 0 || openOrder !== null} onClick={() => void usePos.getState().clearCart()}>
            {t('clearCart')}
          </button>
        </div>
        <ReceiptPanel />
      </aside>
      {dialog?.kind === 'cash' && <CashDialog dueFen={dueFen} />}
      {dialog?.kind === 'card' && <CardDialog dueFen={dueFen} />}
      {dialog?.kind === 'qrScan' && <QrScanDialog dueFen={dueFen} />}
      {dialog?.kind === 'qrShow' && <QrShowDialog dueFen={dueFen} />}
      {dialog?.kind === 'storedValue' && <StoredValueDialog dueFen={dueFen} />}
      {dialog?.kind === 'camera' && <CameraDialog onCode={onCameraCode} />}
      {dialog?.kind === 'litres' && <LitresDialog productId={dialog.productId} name={dialog.name} priceFen={dialog.priceFen} />}
    </div>
  );
}
