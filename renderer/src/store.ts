/**
 * The renderer's state (zustand). The core owns the truth (cart, orders, devices);
 * this store mirrors it from call results and pushed events, plus UI-only state.
 */
import { create } from 'zustand';
import { fenToYuan } from '../../drivers/shared/money';
import type { AppInfo, Cart, CheckoutState, DeviceInfo, EventPayload, Order, PayInput, QueueStatus, ReceiptPreview } from '../../preload/contract';
import { ApiCallError, createClient } from './api/client';
// The plain half of ./i18n (its index also holds useT, which imports this store).
import { bilingual, type Lang } from './i18n/table';
import { commonText } from './i18n/tables/common';
import { counterText } from './i18n/tables/counter';
import { journalText } from './i18n/tables/journal';

export const api = createClient();

export type Page = 'counter' | 'journal' | 'devices' | 'simulator' | 'queue' | 'recon' | 'settings';
export type Dialog =
  | null
  | { kind: 'cash' }
  | { kind: 'card' }
  | { kind: 'qrScan' }
  | { kind: 'qrShow' }
  | { kind: 'storedValue' }
  | { kind: 'camera' }
  | { kind: 'litres'; productId: string; name: string; priceFen: number };

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
  queue: QueueStatus | null;
  busy: boolean;
  checkout: CheckoutState;
  /** The latest progress of the leg in flight (请插卡… / 用户正在输入密码…). */
  progress: EventPayload<'payment.progress'> | null;
  customerDisplay: EventPayload<'customer.display'> | null;
  voice: boolean;
  /** A dialog that wants the next scan (payment code, member card) instead of the cart. */
  scanTarget: ((code: string) => void) | null;
  /** The scanner calibration wizard takes every raw keystroke while this is set. */
  rawKeyTarget: ((key: string, atMs: number) => void) | null;
  /** Bumped after the calibration wizard saves settings: the scanner hook re-reads them. */
  scannerRevision: number;
  recoveredSeen: boolean;
  setVoice(on: boolean): void;
  pay(input: PayInput): Promise<boolean>;
  cancelOrder(): Promise<void>;
  queryPayment(paymentId: string): Promise<void>;
  refund(orderNo: string, paymentId: string, amountFen: number): Promise<void>;
  voidOrder(orderNo: string): Promise<void>;
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
  loadJournal(): Promise<void>;
  reprint(orderNo: string): Promise<void>;
  /** Prints the order's newest refund or void slip again (and its card slips), marked 重打印. */
  reprintRefund(orderNo: string): Promise<void>;
  showReceipt(orderNo: string): Promise<void>;
  loadDevices(): Promise<void>;
}

const EMPTY_CART: Cart = { lines: [], itemCount: 0, totalFen: 0, revision: -1 };
const EMPTY_CHECKOUT: CheckoutState = { openOrder: null, recovering: false, recovered: [], inDoubt: [] };
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
    queue: null,
    busy: false,
    checkout: EMPTY_CHECKOUT,
    progress: null,
    customerDisplay: null,
    scanTarget: null,
    rawKeyTarget: null,
    scannerRevision: 0,
    recoveredSeen: false,
    voice: typeof localStorage === 'undefined' || localStorage.getItem('posdesk.voice') !== 'off',
    setVoice(on) {
      localStorage.setItem('posdesk.voice', on ? 'on' : 'off');
      set({ voice: on });
    },
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
      const [info, cart, devices, checkout, queue] = await Promise.all([
        api.call('app.info', {}),
        api.call('cart.get', {}),
        api.call('devices.list', {}),
        api.call('checkout.state', {}),
        api.call('queue.status', {}),
      ]);
      set({ info, cart, devices, checkout, queue });
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
    async pay(input) {
      if (get().busy) return false; // a double press cannot pay twice (the core refuses too)
      set({ busy: true, progress: null });
      try {
        const res = await guard(() => api.call('checkout.pay', input));
        if (!res) return false;
        const p = res.payment;
        if (res.order) {
          set({
            lastSale: { orderNo: res.order.orderNo, totalFen: res.order.totalFen, changeFen: res.changeFen, tenderedFen: p.tenderedFen ?? p.amountFen },
            receipt: res.receipt ?? get().receipt,
            dialog: null,
            selectedLineId: null,
          });
          if (res.printError) get().notify('error', res.printError);
        } else if (p.state === 'approved') {
          set({ dialog: null });
          get().notify('success', bilingual(counterText, 'paidPart', { paid: fenToYuan(p.amountFen), due: fenToYuan(res.openOrder?.dueFen ?? 0) }));
        } else {
          get().notify('error', bilingual(counterText, p.state === 'unknown' ? 'payUnknown' : 'payFailed', { detail: p.events.at(-1)?.detail ?? p.state }));
        }
        return p.state === 'approved';
      } finally {
        set({ busy: false, progress: null });
      }
    },
    async cancelOrder() {
      const checkout = await guard(() => api.call('checkout.cancel', {}));
      if (checkout) {
        set({ checkout, dialog: null });
        get().notify('info', bilingual(counterText, 'orderCancelled'));
      }
    },
    async queryPayment(paymentId) {
      const p = await guard(() => api.call('payment.query', { paymentId }));
      if (p) get().notify(p.state === 'approved' ? 'success' : 'info', bilingual(counterText, 'queryResult', { state: bilingual(commonText, `state.${p.state}`) }));
      const checkout = await guard(() => api.call('checkout.state', {}));
      if (checkout) set({ checkout });
    },
    async refund(orderNo, paymentId, amountFen) {
      const order = await guard(() => api.call('journal.refund', { orderNo, paymentId, amountFen }));
      if (order) {
        // The refund slip's preview came with 'receipt.printed' while the call ran: it stays shown.
        get().notify('success', bilingual(journalText, 'refundedNotice', { amount: fenToYuan(amountFen) }));
        await get().loadJournal();
      }
    },
    async voidOrder(orderNo) {
      const order = await guard(() => api.call('journal.void', { orderNo }));
      if (order) {
        get().notify('success', bilingual(journalText, 'voidedNotice', { orderNo }));
        await get().loadJournal();
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
    async reprintRefund(orderNo) {
      const previews = await guard(() => api.call('receipt.reprintRefund', { orderNo }));
      const slip = previews?.[0];
      if (slip) set({ receipt: slip });
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
api.on('checkout.changed', (checkout) => usePos.setState({ checkout }));
api.on('queue.changed', (queue) => usePos.setState({ queue }));
api.on('payment.progress', (progress) => usePos.setState({ progress }));
api.on('customer.display', (customerDisplay) => usePos.setState({ customerDisplay: customerDisplay.mode === 'idle' ? null : customerDisplay }));
api.on('announce', (a) => {
  if (!usePos.getState().voice) return;
  speak(a.text, a.lang);
});

/** zh-CN speech where the platform has a voice for it; silent otherwise (never an error). */
export function speak(text: string, lang: string): void {
  try {
    if (typeof speechSynthesis === 'undefined') return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    const voice = speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').startsWith(lang));
    if (voice) u.voice = voice;
    speechSynthesis.speak(u);
  } catch {
    // No speech on this machine: the screen already says it.
  }
}
api.on('device.status', (d) => {
  const devices = usePos.getState().devices.filter((x) => x.id !== d.id);
  usePos.setState({ devices: [...devices, d].sort((a, b) => a.id.localeCompare(b.id)) });
});
api.onConnection((connection) => {
  usePos.setState({ connection });
  if (connection === 'open') void usePos.getState().refresh().catch(() => undefined);
});
