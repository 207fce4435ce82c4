/**
 * The Reconciliation page's results, kept while the cashier visits other pages (the
 * page itself unmounts). UI-only state: the core keeps no "last reconciliation".
 */
import { create } from 'zustand';
import type { ReconResult, SettlementResult } from '../../../../preload/contract';

/** The store's business day (UTC+8), as the core counts it. */
export function storeDay(d = new Date()): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface ReconUi {
  date: string;
  recon: ReconResult | null;
  /** 'gateway' or the imported file names. */
  source: 'gateway' | string[] | null;
  reconBusy: boolean;
  settle: SettlementResult | null;
  settleBusy: boolean;
  onlyDiffs: boolean;
}

export const useRecon = create<ReconUi>(() => ({
  date: storeDay(),
  recon: null,
  source: null,
  reconBusy: false,
  settle: null,
  settleBusy: false,
  onlyDiffs: true,
}));
