import { useEffect, useRef, useState } from 'react';
import type { Product } from '../../../preload/api';
import { CartTable } from '../components/CartTable';
import { CashDialog } from '../components/CashDialog';
import { LitresDialog } from '../components/LitresDialog';
import { ReceiptPanel } from '../components/ReceiptPanel';
import { formatYuan } from '../i18n';
import { api, usePos } from '../store';
import { useT } from '../useT';

export function CounterPage() {
  const t = useT();
  const cart = usePos((s) => s.cart);
  const dialog = usePos((s) => s.dialog);
  const lastSale = usePos((s) => s.lastSale);
  const lang = usePos((s) => s.lang);
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
      } else if (e.key === 'F4') {
        e.preventDefault();
        if (s.cart.lines.length > 0) s.openDialog({ kind: 'cash' });
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
          {results.length > 0 && (
            <ul className="results">
              {results.map((p) => (
                <li key={p.id}>
                  <button type="button" onClick={() => pick(p)}>
                    <span>{lang === 'zh' ? p.nameZh : p.nameEn}</span>
                    <span className="muted">{p.barcode}</span>
                    <span className="num">¥{formatYuan(p.priceFen)}/{p.unit}</span>
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
          <div className="label">{t('total')}</div>
          <div className="total" data-testid="total">
            ¥{formatYuan(cart.totalFen)}
          </div>
          <div className="muted">
            {t('items')} {cart.itemCount} · {cart.lines.length} {t('lines')}
          </div>
        </div>
        {lastSale && (
          <div className="sale-done" data-testid="sale-done">
            <div>
              {t('paid')} · {t('orderNo')} {lastSale.orderNo}
            </div>
            <div className="change">
              {t('change')} <strong data-testid="change">¥{formatYuan(lastSale.changeFen)}</strong>
            </div>
          </div>
        )}
        <div className="tenders">
          <button type="button" className="tender cash" disabled={cart.lines.length === 0} onClick={() => usePos.getState().openDialog({ kind: 'cash' })}>
            <kbd>F4</kbd> {t('payCash')}
          </button>
          <button type="button" className="tender" disabled title={t('comingSoon')}>
            <kbd>F5</kbd> {t('payCard')}
          </button>
          <button type="button" className="tender" disabled title={t('comingSoon')}>
            <kbd>F6</kbd> {t('payQr')}
          </button>
          <button type="button" className="tender minor" disabled={cart.lines.length === 0} onClick={() => void usePos.getState().clearCart()}>
            {t('clearCart')}
          </button>
        </div>
        <ReceiptPanel />
      </aside>
      {dialog?.kind === 'cash' && <CashDialog totalFen={cart.totalFen} />}
      {dialog?.kind === 'litres' && <LitresDialog productId={dialog.productId} name={dialog.name} priceFen={dialog.priceFen} />}
    </div>
  );
}
