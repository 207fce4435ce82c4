/**
 * A core with the real embedded simulators (terminal over loopback TCP, QR gateway over
 * HTTP) whose waiting rules are shrunk so a test runs in tenths of a second: QR timing
 * ×0.01 (WeChat's 45 s window becomes 450 ms), card transaction timeout 3 s.
 */
import type { CallName, CallOutput, CallResult } from '../../preload/contract';
import type { CoreConfig } from '../../main/config';
import { tempCore } from './temp-core';

export const FAST: Partial<CoreConfig> = { qrTimeScale: 0.01, simStageDelayMs: 0, terminalTxnMs: 3000, qrTimeoutMs: 400 };

export async function fastCore(overrides: Partial<CoreConfig> = {}, dataDir?: string) {
  const core = await tempCore({ ...FAST, ...overrides }, dataDir);
  // Customers who "enter the password" take 100 ms; a reverse may follow at once.
  core.sims.gateway?.control.setRules({ userPayingMs: 100, reverseMinDelayMs: 0, autoCloseMs: 60_000 });
  return core;
}

export function ok<T>(res: CallResult<unknown>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.result as T;
}

type Core = Awaited<ReturnType<typeof fastCore>>;

export async function call<N extends CallName>(core: Core, name: N, input: unknown): Promise<CallOutput<N>> {
  return ok<CallOutput<N>>(await core.dispatch(name, input));
}

let codeSeq = 0;
/** A fresh, well-formed payment code each call (the simulator treats codes as single-use). */
export function wechatCode(): string {
  codeSeq++;
  return `13${String(Date.now() % 1e10).padStart(10, '0')}${String(codeSeq).padStart(6, '0')}`;
}
export function alipayCode(): string {
  codeSeq++;
  return `28${String(Date.now() % 1e10).padStart(10, '0')}${String(codeSeq).padStart(6, '0')}`;
}
