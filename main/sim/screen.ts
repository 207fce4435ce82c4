/**
 * What the simulated terminal's screen shows right now, derived from the device's events:
 * a request puts it to work, progress events move it through the card flow (请插卡 -> 读卡中 ->
 * 请输入密码 -> 处理中 -> 打印中), a result brings it back to idle, or to "please sign in" when
 * the terminal needs a sign-in first. Pure: the caller says whether the terminal is signed in.
 */
import type { ProgressStage, TransactionKind } from '../../drivers/terminal/model';
import type { DeviceEvent } from '../../drivers/terminal/simulator/device';
import type { PendingDecision } from '../../drivers/terminal/simulator/terminal';

export type ScreenState = 'idle' | 'signInRequired' | ProgressStage;

export interface Screen {
  state: ScreenState;
  /** The text the terminal shows (Chinese, as on the device). */
  message: string;
  amountFen?: number;
  kind?: TransactionKind;
  orderNo?: string;
  /** Field-39 code of the last finished transaction, while idle. */
  lastResponseCode?: string;
  /** ISO time of the last change. */
  at: string;
}

const IDLE_MESSAGE = '欢迎使用';
const SIGN_IN_MESSAGE = '请先签到';
const WORKING_MESSAGE = '处理中';
const MANUAL_MESSAGE = '等待人工审批（批准/拒绝）';

export class ScreenTracker {
  // Kept without its time string: a busy terminal changes screen several times a sale, and the
  // screen is read far less often than it changes (only when someone watches).
  #screen: Omit<Screen, 'at'>;
  #at: Date;

  constructor(
    private readonly signedIn: () => boolean,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#at = this.now();
    this.#screen = this.#rest();
  }

  current(): Screen {
    return { ...this.#screen, at: this.#at.toISOString() };
  }

  /** Feed every device event here. */
  onDeviceEvent(event: DeviceEvent): void {
    switch (event.type) {
      case 'request': {
        const { kind, amountFen, orderNo } = event.request;
        this.#set({ state: 'processing', message: WORKING_MESSAGE, kind, amountFen, orderNo });
        return;
      }
      case 'progress': {
        const { kind, amountFen, orderNo } = event.request;
        this.#set({ state: event.event.stage, message: event.event.message, kind, amountFen, orderNo });
        return;
      }
      case 'result': {
        const r = event.result;
        const kind = this.#screen.kind;
        this.#set({
          ...this.#rest(),
          message: `${r.responseCode} ${r.message}`.trim(),
          lastResponseCode: r.responseCode,
          ...(kind ? { kind } : {}),
          amountFen: r.amountFen,
          orderNo: r.orderNo,
        });
        return;
      }
      default:
        return;
    }
  }

  /** Manual mode: a held transaction shows an operator prompt until decided. */
  onPending(pending: readonly PendingDecision[]): void {
    const first = pending[0];
    if (!first) return;
    const { kind, amountFen, orderNo } = first.request;
    this.#set({ state: 'processing', message: `${MANUAL_MESSAGE} #${first.id}`, kind, amountFen, orderNo });
  }

  /** After a reset: idle, or sign-in required. */
  rest(): void {
    this.#set(this.#rest());
  }

  #rest(): Omit<Screen, 'at'> {
    const signedIn = this.signedIn();
    return { state: signedIn ? 'idle' : 'signInRequired', message: signedIn ? IDLE_MESSAGE : SIGN_IN_MESSAGE };
  }

  #set(s: Omit<Screen, 'at'>): void {
    this.#screen = s;
    this.#at = this.now();
  }
}
