/**
 * Contract handlers of the Reconciliation page: a day reconciled against the channels'
 * statements, and the end-of-day terminal settlement compared with the journal.
 */
import type { ReceiptPreview, ReconResult, SettlementResult } from '../../preload/contract';
import type { TerminalDriver } from '../../drivers/terminal/host/driver';
import type { PrinterProfile } from '../../drivers/printer/profile';
import { encodeSettlementReport } from '../../drivers/printer/templates/settlement';
import { storeDay } from '../../drivers/shared/store-time';
import type { StatementDownload } from '../channels/statement-download';
import type { Handlers } from '../contract/dispatch';
import { ApiFailure } from '../contract/errors';
import type { Db } from '../db/open';
import { parseStatement } from './detect';
import { SqliteJournal } from './journal-source';
import { matchStatements } from './match';
import { compareSettlement, settlementSlipData } from './settlement';
import { buildMerchantStatement } from './statement';
import { merchantStatementCsv } from './statement-csv';
import { takingsChartSvg } from './takings-chart';

export interface ReconDeps {
  db: Db;
  /** Downloads each wallet's T+1 statement for a day (ChannelService.statements). */
  statements: (day: string) => Promise<StatementDownload[]>;
  driver: TerminalDriver;
  printDocument: (kind: string, bytes: Uint8Array) => Promise<ReceiptPreview>;
  /** The receipt printer's profile at print time (its device settings pick the model). */
  printerProfile: () => PrinterProfile;
  storeName: string;
  cashier: string;
  now: () => Date;
  /** The day is closed: recorded in the outbox, in one transaction, for HQ. */
  dayClosed?: (e: { day: string; batchNo: string; balanced: boolean; responseCode: string; at: string; totals: unknown }) => void;
}

export function reconHandlers(d: ReconDeps): Pick<Handlers, 'recon.run' | 'settle.run'> {
  const journal = new SqliteJournal(d.db);
  return {
    'recon.run': async ({ date, source, files }) => {
      const inputs: Array<{ name: string; bytes: Uint8Array }> = [];
      /** Statements that could not be fetched: reported like a file that cannot be read. */
      const missing: Array<{ source: string; line: number; message: string }> = [];
      if (source === 'gateway') {
        for (const s of await d.statements(date)) {
          if (s.bytes) inputs.push({ name: s.name, bytes: s.bytes });
          else if (s.problem) missing.push({ source: s.name, line: 0, message: s.problem });
        }
      } else {
        if (files.length === 0) throw new ApiFailure('INVALID_INPUT', '请选择对账单文件 / choose at least one statement file', 'files');
        for (const f of files) inputs.push({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) });
      }
      const parsed = inputs.map((f) => parseStatement(f.bytes, f.name));
      const local = journal.paymentsOn(date);
      const match = matchStatements(
        local,
        parsed.flatMap((p) => p.rows),
        { date },
      );
      const statement = buildMerchantStatement(local, match, { date });
      const result: ReconResult = {
        date,
        balanced: match.balanced && missing.length === 0 && parsed.every((p) => p.errors.length === 0),
        channels: match.channels,
        totals: match.totals,
        items: match.items.map((i) => ({
          category: i.category,
          leg: i.leg,
          channel: i.channel,
          key: i.key,
          at: i.at,
          orderNo: i.orderNo ?? null,
          localState: i.localState ?? null,
          localAmountFen: i.localAmountFen ?? null,
          channelAmountFen: i.channelAmountFen ?? null,
          channelFeeFen: i.channelFeeFen ?? null,
          effectFen: i.effectFen,
          note: i.note,
        })),
        errors: [...missing, ...parsed.flatMap((p) => p.errors.map((e) => ({ source: e.source ?? p.source, line: e.line, message: e.message })))],
        statement: {
          totals: statement.totals.map((t) => ({ tender: t.tender, count: t.count, grossFen: t.grossFen, refundFen: t.refundFen, feeFen: t.feeFen, netFen: t.netFen })),
          grand: { count: statement.grand.count, grossFen: statement.grand.grossFen, refundFen: statement.grand.refundFen, feeFen: statement.grand.feeFen, netFen: statement.grand.netFen },
          hourly: statement.hourly,
        },
        csv: merchantStatementCsv(statement),
        chartSvg: takingsChartSvg(statement),
      };
      return result;
    },
    'settle.run': async () => {
      const r = await d.driver.settle();
      const totals = r.result.settlement;
      if (r.result.outcome !== 'approved' || !totals) {
        throw new ApiFailure('DEVICE', `终端结算失败 / settlement failed: ${r.result.responseCode} ${r.result.message}`);
      }
      const now = d.now();
      // The batch may span midnight: compare against the journal of today and yesterday.
      const local = [...journal.paymentsOn(storeDay(new Date(now.getTime() - 86_400_000))), ...journal.paymentsOn(storeDay(now))];
      const unique = [...new Map(local.map((p) => [p.paymentId, p])).values()];
      const cmp = compareSettlement(unique, { batchNo: r.result.batchNo, ...totals }, { terminalId: r.result.terminalId });
      d.db.transaction(() =>
        d.dayClosed?.({ day: storeDay(now), batchNo: cmp.batchNo, balanced: cmp.balanced, responseCode: cmp.responseCode, at: now.toISOString(), totals }),
      )();
      let receipt: ReceiptPreview | null = null;
      let printError: string | null = null;
      try {
        const slip = settlementSlipData(cmp, {
          merchantName: d.storeName,
          merchantNo: r.result.merchantId,
          terminalNo: r.result.terminalId,
          operatorNo: d.cashier,
          at: now.toISOString(),
        });
        receipt = await d.printDocument('settlement', encodeSettlementReport(slip, d.printerProfile()));
      } catch (err) {
        printError = err instanceof Error ? err.message : String(err);
      }
      const result: SettlementResult = {
        batchNo: cmp.batchNo,
        balanced: cmp.balanced,
        responseCode: cmp.responseCode,
        differences: cmp.differences,
        warnings: cmp.warnings,
        terminal: { domestic: totals.domestic, foreign: totals.foreign },
        receipt,
        printError,
      };
      return result;
    },
  };
}
