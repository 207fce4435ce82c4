/**
 * The Simulator page's own strings (zh-CN first, English complete). QA engineers read these
 * while they play a POS vendor's terminal; the terminal's own screen text stays as the device
 * shows it (Chinese), with the state name and response-code meaning given in both languages.
 */
import { usePos } from '../../store';
import { describeResponseCode } from '../../../../drivers/terminal/model';

const zh = {
  title: '终端模拟',
  loading: '正在读取模拟终端…',
  notSim: '当前终端不是模拟器，本页不可用。',
  retry: '重试',
  vendor: '厂商',
  address: '地址',
  linkKind: '链路类型',
  link: '链路',
  connections: '连接数',
  connected: '已连接',
  disconnected: '未连接',
  manualOn: '人工审批',
  manualOff: '自动应答',
  manualHint: '人工审批模式：每笔消费都会在这里等待“批准/拒绝”',
  autoHint: '自动应答：按预设结果或金额尾数规则（.51 余额不足 …）应答',
  screenTitle: '终端屏幕',
  amount: '金额',
  order: '订单号',
  lastCode: '上次应答码',
  counters: '计数器',
  trace: '凭证号',
  batch: '批次号',
  reference: '参考号',
  signedIn: '签到日',
  notSignedIn: '未签到',
  pendingTitle: '待审批交易',
  pendingNone: '没有等待审批的交易',
  pendingNoneAuto: '自动应答模式下交易不会在此等待；启动核心时加 --sim-manual true 可逐笔审批',
  approve: '批准',
  decline: '拒绝',
  declineWith: '拒绝原因',
  trace_: '凭证',
  nextTitle: '预设下一笔结果',
  nextCode: '应答码',
  times: '笔数',
  faultTimes: '笔',
  setNext: '预设',
  queuedOutcomes: '已排队结果',
  queuedFaults: '已排队故障',
  none: '无',
  faultsTitle: '故障注入',
  faultsHint: '点一下即为后续交易排入该故障（可累加），每次',
  armed: '已排队',
  resetQueue: '清除排队和报文记录',
  wipe: '清空终端数据',
  wipeConfirm: '清空终端的交易记录和计数器？此操作不可撤销。',
  resetDone: '已清除排队的结果、故障和报文记录',
  wipeDone: '已清空终端数据',
  journalTitle: '终端交易记录',
  journalNone: '暂无交易',
  colKind: '类型',
  colOrder: '订单号',
  colAmount: '金额',
  colCode: '应答',
  colTrace: '凭证号',
  colPan: '卡号',
  voided: '已撤销',
  reversed: '已冲正',
  transcriptTitle: '报文记录',
  transcriptHint: '逐字节记录收银机与终端之间的所有往来',
  colTime: '时间',
  colDir: '方向',
  colHex: '原始字节 (hex)',
  colDecoded: '解码',
  dirRx: '收银→终端',
  dirTx: '终端→收银',
  follow: '自动滚到最新',
  exportJsonl: '导出 JSONL',
  exported: '报文记录已导出',
  transcriptEmpty: '暂无报文。在收银台发起一笔银行卡交易后，这里会逐条显示。',
  dropped: '条较早记录已丢弃',
  entries: '条',
  bytes: '字节',
  nextQueued: '已预设：接下来',
  nextQueuedSuffix: '笔应答',
  faultQueued: '已排入故障',
  approvedToast: '已批准',
  awaiting: '待审批',
  keyCancel: '取消',
  keyClear: '清除',
  keyEnter: '确认',
  declinedToast: '已拒绝',
} as const;

export type SimKey = keyof typeof zh;

const en: Record<SimKey, string> = {
  title: 'Terminal simulator',
  loading: 'Reading the simulated terminal…',
  notSim: 'The terminal is not the simulator; this page is not available.',
  retry: 'Retry',
  vendor: 'Vendor',
  address: 'Address',
  linkKind: 'Link type',
  link: 'Link',
  connections: 'Connections',
  connected: 'connected',
  disconnected: 'not connected',
  manualOn: 'Manual approval',
  manualOff: 'Auto answer',
  manualHint: 'Manual mode: every sale waits here for Approve / Decline',
  autoHint: 'Auto answer: the preset outcome, else the amount’s cents (.51 insufficient funds …)',
  screenTitle: 'Terminal screen',
  amount: 'Amount',
  order: 'Order no.',
  lastCode: 'Last response',
  counters: 'Counters',
  trace: 'Trace no.',
  batch: 'Batch no.',
  reference: 'Reference no.',
  signedIn: 'Signed in',
  notSignedIn: 'not signed in',
  pendingTitle: 'Waiting for approval',
  pendingNone: 'No transaction is waiting',
  pendingNoneAuto: 'In auto-answer mode nothing waits here; start the core with --sim-manual true to decide each sale',
  approve: 'Approve',
  decline: 'Decline',
  declineWith: 'Decline code',
  trace_: 'Trace',
  nextTitle: 'Next outcome',
  nextCode: 'Response code',
  times: 'Sales',
  faultTimes: 'sale(s)',
  setNext: 'Preset',
  queuedOutcomes: 'Queued outcomes',
  queuedFaults: 'Queued faults',
  none: 'none',
  faultsTitle: 'Fault injection',
  faultsHint: 'A click queues the fault for the coming sales (clicks add up). Each click:',
  armed: 'queued',
  resetQueue: 'Clear queue and transcript',
  wipe: 'Wipe terminal data',
  wipeConfirm: 'Wipe the terminal’s journal and counters? This cannot be undone.',
  resetDone: 'Queued outcomes, faults and the transcript were cleared',
  wipeDone: 'Terminal data wiped',
  journalTitle: 'Terminal journal',
  journalNone: 'No transactions yet',
  colKind: 'Kind',
  colOrder: 'Order no.',
  colAmount: 'Amount',
  colCode: 'Resp.',
  colTrace: 'Trace',
  colPan: 'Card',
  voided: 'voided',
  reversed: 'reversed',
  transcriptTitle: 'Transcript',
  transcriptHint: 'Every byte between the till and the terminal, both ways',
  colTime: 'Time',
  colDir: 'Direction',
  colHex: 'Bytes (hex)',
  colDecoded: 'Decoded',
  dirRx: 'Till → terminal',
  dirTx: 'Terminal → till',
  follow: 'Follow newest',
  exportJsonl: 'Export JSONL',
  exported: 'Transcript exported',
  transcriptEmpty: 'No bytes yet. Start a card sale at the counter and they appear here.',
  dropped: 'older entries dropped',
  entries: 'entries',
  bytes: 'bytes',
  nextQueued: 'Preset: the next',
  nextQueuedSuffix: 'answers',
  faultQueued: 'Fault queued',
  approvedToast: 'Approved',
  awaiting: 'Awaiting decision',
  keyCancel: 'Cancel',
  keyClear: 'Clear',
  keyEnter: 'Enter',
  declinedToast: 'Declined',
};

export const SIM_STRINGS = { zh, en } as const;

/** The page's string function in the current language. */
export function useSimT(): (key: SimKey) => string {
  const lang = usePos((s) => s.lang);
  return (key) => SIM_STRINGS[lang][key];
}

type Bi = { zh: string; en: string };

/** Terminal screen states (main/sim/screen.ts). */
export const SCREEN_STATES: Record<string, Bi> = {
  idle: { zh: '空闲', en: 'Idle' },
  signInRequired: { zh: '需要签到', en: 'Sign-in required' },
  waitingCard: { zh: '等待刷卡', en: 'Waiting for card' },
  readingCard: { zh: '读卡中', en: 'Reading card' },
  waitingPin: { zh: '等待输入密码', en: 'Waiting for PIN' },
  processing: { zh: '处理中', en: 'Processing' },
  printing: { zh: '打印中', en: 'Printing' },
};

/** What the terminal's own Chinese prompts mean, for the English page. */
export const SCREEN_MESSAGES_EN: Record<string, string> = {
  欢迎使用: 'Welcome',
  请先签到: 'Please sign in first',
  处理中: 'Processing',
  '请插卡/挥卡/刷卡': 'Insert, tap or swipe card',
  读卡中: 'Reading card',
  请输入密码: 'Enter PIN',
  打印中: 'Printing',
};

/** Transaction kinds (drivers/terminal/model.ts). */
export const KINDS: Record<string, Bi> = {
  sale: { zh: '消费', en: 'Sale' },
  void: { zh: '撤销', en: 'Void' },
  refund: { zh: '退货', en: 'Refund' },
  query: { zh: '查询', en: 'Query' },
  signIn: { zh: '签到', en: 'Sign-in' },
  settle: { zh: '结算', en: 'Settle' },
  reprint: { zh: '重打印', en: 'Reprint' },
  preAuth: { zh: '预授权', en: 'Pre-auth' },
  qrSale: { zh: '扫码消费', en: 'QR sale' },
  reverse: { zh: '冲正', en: 'Reversal' },
};

/**
 * English for the field-39 codes. The Chinese is the terminal model's own text
 * (drivers/terminal/model.ts RESPONSE_CODES), so the page and the driver never disagree.
 */
const CODES_EN: Record<string, string> = {
  '00': 'Approved',
  '01': 'Refer to card issuer',
  '05': 'Do not honour',
  '06': 'Error',
  '12': 'Invalid transaction',
  '13': 'Invalid amount',
  '14': 'Invalid card number',
  '25': 'Original not found',
  '30': 'Format error',
  '40': 'Function not enabled',
  '51': 'Insufficient funds',
  '54': 'Expired card',
  '55': 'Wrong PIN',
  '61': 'Over amount limit',
  '64': 'Original amount wrong',
  '75': 'PIN tries exceeded',
  '91': 'Issuer unavailable',
  '94': 'Duplicate transaction',
  '96': 'System malfunction',
  '98': 'No answer from issuer',
  L1: 'Sign in first',
  L2: 'Cancelled',
  L3: 'Card read failed',
  L4: 'Timed out',
  L5: 'Original already voided',
  L6: 'Result unknown, query',
  L7: 'Reversed',
};

/** A code's meaning in the page's language. */
export function codeMeaning(code: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? describeResponseCode(code).message : (CODES_EN[code] ?? describeResponseCode(code).message);
}

/** Codes QA picks from to decline a held sale (most asked-for first). */
export const DECLINE_CODES = ['51', '55', '54', '61', '75', '91', '96', '98', '05', '14', 'L2'] as const;
/** Codes for the next-outcome picker ('00' first). */
export const OUTCOME_CODES = ['00', ...DECLINE_CODES, '40', '94'] as const;

/** The simulator's faults (drivers/terminal/simulator/faults.ts), label and meaning. */
export const FAULTS: Record<string, { zh: string; en: string; zhHint: string; enHint: string }> = {
  badChecksum: { zh: '校验错', en: 'Bad checksum', zhHint: '应答帧校验位损坏：收银机应回 NAK，终端重发', enHint: 'Reply frame with a corrupted LRC: the till must NAK, the terminal resends' },
  loneAckThenSilence: { zh: '只回ACK', en: 'ACK, no reply', zhHint: '终端回 ACK 后不再应答：收银机应超时', enHint: 'The terminal ACKs, then says nothing: the till must time out' },
  truncatedFrame: { zh: '截断帧', en: 'Truncated frame', zhHint: '先只发半个应答帧，再发完整帧', enHint: 'Half the reply frame first, then the whole one' },
  strayBytes: { zh: '杂散字节', en: 'Stray bytes', zhHint: '应答前夹带一个 0x00 和一段日志数据', enHint: 'A stray 0x00 and a log-like packet before the reply' },
  duplicateFrames: { zh: '重复帧', en: 'Double frame', zhHint: '应答帧连发两次', enHint: 'The reply frame is written twice' },
  missedHeartbeats: { zh: '心跳丢失', en: 'No heartbeats', zhHint: '交易期间终端停止心跳（仅桥接链路）', enHint: 'The terminal stops its heartbeats during the sale (bridge link only)' },
  nakStorm: { zh: 'NAK风暴', en: 'NAK storm', zhHint: '终端对收银机接下来的帧连续回 NAK 后才接受', enHint: 'The terminal NAKs the till’s next frames several times before accepting' },
  lateReply: { zh: '超时后应答', en: 'Late reply', zhHint: '应答压到收银机交易超时之后才发出', enHint: 'The reply is held back until after the till’s timeout' },
  linkGone: { zh: '链路断开', en: 'Link gone', zhHint: '交易中途终端断开链路（拔线）', enHint: 'The terminal drops the link mid-sale (cable pulled)' },
  appKilled: { zh: '收单应用被杀', en: 'App killed', zhHint: '交易完成后收单应用退出、不应答：只有查询能找回结果', enHint: 'The acquiring app dies after the sale: no reply; only a query recovers it' },
  duplicateOrderNo: { zh: '重复订单号', en: 'Dup. order (94)', zhHint: '无论订单号如何，终端都应答 94 重复交易', enHint: 'The terminal answers 94 (duplicate) whatever the order' },
  functionNotEnabled: { zh: '功能未开通', en: 'Not enabled (40)', zhHint: '终端应答 40 该功能尚未开通', enHint: 'The terminal answers 40 (function not enabled)' },
};

/** A code and its meaning in the page's language: "51 余额不足". */
export function codeText(code: string, lang: 'zh' | 'en'): string {
  return `${code} ${codeMeaning(code, lang)}`;
}
