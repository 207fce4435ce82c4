/**
 * The renderer's state (zustand). The core owns the truth (cart, orders, devices);
 * this store mirrors it from call results and pushed events, plus UI-only state.
 */
import { create } from 'zustand';
import type { AppInfo, Cart, DeviceInfo, Order, ReceiptPreview } from '../../preload/api';
import { ApiCallError, createClient } from './api/client';
import type { Lang } from './i18n';

export const api = createClient();

export type Page = 'counter' | 'journal' | 'devices';
export type Dialog = null | { kind: 'cash' } | { kind: 'litres'; productId: string; name: string; priceFen: number };

interface Notice {
  kind: 'error' | 'info' | 'success';
  text: string;
  at: number;
}

export interface PosState {
  lang: Lang;
  page: Page;
  connection: 'open' | 'connecting';
  info: AppInfo | null;
  cart: Cart;
  selectedLineId: string | null;
  dialog: Dialog;
  receipt: ReceiptPreview | null;
  lastSale: { orderNo: string; totalFen: number; changeFen: number; tenderedFen: number } | null;
  notice: Notice | null;
  journal: Order[];
  devices: DeviceInfo[];
  busy: boolean;
  setLang(lang: Lang): void;
  setPage(page: Page): void;
  select(lineId: string | null): void;
  openDialog(d: Dialog): void;
  notify(kind: Notice['kind'], text: string): void;
  refresh(): Promise<void>;
  scan(code: string): Promise<void>;
  addProduct(productId: string, qtyMilli: number): Promise<void>;
  changeQty(lineId: string, deltaMilli: number): Promise<void>;
  removeLine(lineId: string): Promise<void>;
  clearCart(): Promise<void>;
  payCash(tenderedFen: number): Promise<boolean>;
  loadJournal(): Promise<void>;
  reprint(orderNo: string): Promise<void>;
  showReceipt(orderNo: string): Promise<void>;
  loadDevices(): Promise<void>;
}

const EMPTY_CART: Cart = { lines: [], itemCount: 0, totalFen: 0, revision: -1 };
const savedLang = (typeof localStorage !== 'undefined' && localStorage.getItem('posdesk.lang')) as Lang | null;

export const usePos = create<PosState>((set, get) => {
  /** Runs a call, turning a failure into a notice the cashier can read. */
  const guard = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      get().notify('error', err instanceof ApiCallError || err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };
  const applyCart = (cart: Cart) => {
    // Events and call results can cross; never step back to an older revision.
    if (cart.revision >= get().cart.revision || cart.lines.length === 0) set({ cart });
  };

  return {
    lang: savedLang === 'en' ? 'en' : 'zh',
    page: 'counter',
    connection: 'connecting',
    info: null,
    cart: EMPTY_CART,
    selectedLineId: null,
    dialog: null,
    receipt: null,
    lastSale: null,
    notice: null,
    journal: [],
    devices: [],
    busy: false,
    setLang(lang) {
      localStorage.setItem('posdesk.lang', lang);
      document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
      set({ lang });
    },
    setPage(page) {
      set({ page });
      if (page === 'journal') void get().loadJournal();
      if (page === 'devices') void get().loadDevices();
    },
    select(lineId) {
      set({ selectedLineId: lineId });
    },
    openDialog(dialog) {
      set({ dialog });
    },
    notify(kind, text) {
      set({ notice: { kind, text, at: Date.now() } });
    },
    async refresh() {
      const [info, cart, devices] = await Promise.all([api.call('app.info', {}), api.call('cart.get', {}), api.call('devices.list', {})]);
      set({ info, cart, devices });
    },
    async scan(code) {
      const res = await guard(() => api.call('cart.scan', { code }));
      if (!res) return;
      if (res.needsQuantity) {
        const p = res.needsQuantity;
        set({ dialog: { kind: 'litres', productId: p.id, name: get().lang === 'zh' ? p.nameZh : p.nameEn, priceFen: p.priceFen } });
        return;
      }
      applyCart(res.cart);
      set({ selectedLineId: res.line?.lineId ?? null, lastSale: null });
    },
    async addProduct(productId, qtyMilli) {
      const res = await guard(() => api.call('cart.add', { productId, qtyMilli }));
      if (res) {
        applyCart(res.cart);
        set({ selectedLineId: res.line.lineId, lastSale: null });
      }
    },
    async changeQty(lineId, deltaMilli) {
      const line = get().cart.lines.find((l) => l.lineId === lineId);
      if (!line) return;
      const next = line.qtyMilli + deltaMilli;
      if (next <= 0) return get().removeLine(lineId);
      const cart = await guard(() => api.call('cart.setQty', { lineId, qtyMilli: next }));
      if (cart) applyCart(cart);
    },
    async removeLine(lineId) {
      const cart = await guard(() => api.call('cart.remove', { lineId }));
      if (cart) {
        applyCart(cart);
        set({ selectedLineId: cart.lines.at(-1)?.lineId ?? null });
      }
    },
    async clearCart() {
      const cart = await guard(() => api.call('cart.clear', {}));
      if (cart) applyCart(cart);
    },
    async payCash(tenderedFen) {
      if (get().busy) return false; // a double press cannot pay twice
      set({ busy: true });
      try {
        const res = await guard(() => api.call('checkout.pay', { tender: 'cash', tenderedFen }));
        if (!res) return false;
        if (!res.order) return false;
        set({
          lastSale: { orderNo: res.order.orderNo, totalFen: res.order.totalFen, changeFen: res.changeFen, tenderedFen },
          receipt: res.receipt ?? get().receipt,
          dialog: null,
          selectedLineId: null,
        });
        if (res.printError) get().notify('error', res.printError);
        return true;
      } finally {
        set({ busy: false });
      }
    },
    async loadJournal() {
      const journal = await guard(() => api.call('journal.list', { limit: 100 }));
      if (journal) set({ journal });
    },
    async reprint(orderNo) {
      const receipt = await guard(() => api.call('receipt.reprint', { orderNo }));
      if (receipt) set({ receipt });
    },
    async showReceipt(orderNo) {
      const receipt = await guard(() => api.call('receipt.get', { orderNo }));
      if (receipt !== undefined) set({ receipt });
    },
    async loadDevices() {
      const devices = await guard(() => api.call('devices.list', {}));
      if (devices) set({ devices });
    },
  };
});

api.on('cart.changed', (cart) => {
  const s = usePos.getState();
  if (cart.revision >= s.cart.revision || cart.lines.length === 0) usePos.setState({ cart });
});
api.on('receipt.printed', (receipt) => usePos.setState({ receipt }));
api.on('device.status', (d) => {
  const devices = usePos.getState().devices.filter((x) => x.id !== d.id);
  usePos.setState({ devices: [...devices, d].sort((a, b) => a.id.localeCompare(b.id)) });
});
api.onConnection((connection) => {
  usePos.setState({ connection });
  if (connection === 'open') void usePos.getState().refresh().catch(() => undefined);
});
