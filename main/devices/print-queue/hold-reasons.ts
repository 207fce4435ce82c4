/**
 * Why a print job is held, and what the cashier should do about it, in their words.
 *
 * The split that matters (field-notes §2, node-thermal-printer#78): a job held *before* a byte
 * went out can simply be sent when the cashier says 继续; a job held *after* bytes went out may
 * already be on paper, so it is never re-sent without the cashier's confirmation.
 */
import type { PrinterStatus } from '../../../drivers/printer/status';

export type HoldCode =
  | 'paperOut'
  | 'coverOpen'
  | 'offline'
  | 'printerError'
  | 'noStatus'
  | 'disconnected'
  | 'maybeIncomplete'
  | 'interrupted';

export interface HoldReason {
  code: HoldCode;
  /** What happened. */
  message: string;
  /** What to do. */
  action: string;
}

/** Holds that come before any byte was sent: resending is exactly-once safe. */
export const PRE_JOB_CODES: readonly HoldCode[] = ['paperOut', 'coverOpen', 'offline', 'printerError', 'noStatus', 'disconnected'];

export function isSafeToResend(code: HoldCode): boolean {
  return PRE_JOB_CODES.includes(code);
}

const CHECK_RECEIPT = '查看已出的小票：不完整请点 重打印（标记为副本），完整请点 已打印 / Check the paper: Reprint (marked COPY) or Mark printed';

const TEXT: Record<HoldCode, { message: string; action: string }> = {
  paperOut: { message: '打印机缺纸 / Paper out', action: '装纸后点 继续 / Load paper, then press Continue' },
  coverOpen: { message: '纸仓盖打开 / Cover open', action: '合上纸仓盖后点 继续 / Close the cover, then press Continue' },
  offline: {
    message: '打印机离线 / Printer offline',
    action: '检查打印机电源和指示灯后点 继续 / Check the printer’s power and lights, then press Continue',
  },
  printerError: {
    message: '打印机故障（切刀或机械错误）/ Printer error (cutter or mechanism)',
    action: '排除卡纸，关机再开机后点 继续 / Clear the jam, power-cycle the printer, then press Continue',
  },
  noStatus: {
    message: '打印机无应答 / The printer did not answer the status query',
    action: '检查打印机电源和连线后点 继续 / Check the printer’s power and cable, then press Continue',
  },
  disconnected: {
    message: '打印机未连接 / Printer not connected',
    action: '检查网线、USB 或串口线和电源后点 继续 / Check the cable and power, then press Continue',
  },
  maybeIncomplete: { message: '小票可能未打印完整 / The receipt may be incomplete', action: CHECK_RECEIPT },
  interrupted: { message: '打印被中断（程序重启）/ Printing was interrupted by a restart', action: CHECK_RECEIPT },
};

/** The reason for `code`, with an optional technical detail appended to the message. */
export function holdReason(code: HoldCode, detail?: string): HoldReason {
  const t = TEXT[code];
  return { code, message: detail ? `${t.message}: ${detail}` : t.message, action: t.action };
}

/** The condition that stops a job, most specific first; null when the printer can print. */
export function holdFromStatus(s: PrinterStatus): HoldCode | null {
  if (s.coverOpen) return 'coverOpen';
  if (s.paperOut) return 'paperOut';
  if (s.error) return 'printerError';
  if (!s.online) return 'offline';
  return null;
}
