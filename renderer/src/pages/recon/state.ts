/**
 * The Reconciliation page's results, kept while the cashier visits other pages (the
 * page itself unmounts). UI-only state: the core keeps no "last reconciliation".
 */
import { create } from 'zustand';
import { storeDay } from '../../../../drivers/shared/store-time';
import type { ReconResult, SettlementResult } from '../../../../preload/contract';

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
  date: storeDay(new Date()),
  recon: null,
  source: null,
  reconBusy: false,
  settle: null,
  settleBusy: false,
  onlyDiffs: true,
}));
