/**
 * The IPC call handler, kept apart from main/index.ts so it runs (and is tested)
 * under plain Node. It accepts calls only from the app's own window and hands the
 * raw payload to the dispatcher, which validates it against the contract.
 */
import type { CallResult } from '../preload/contract';
import type { Dispatch } from './contract/dispatch';

export type IpcCallHandler = (event: { sender: unknown }, name: unknown, input: unknown) => Promise<CallResult<unknown>>;

export function createIpcCallHandler(dispatch: Dispatch, isOwnWindow: (sender: unknown) => boolean): IpcCallHandler {
  return async (event, name, input) => {
    if (!isOwnWindow(event.sender)) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'calls are accepted from the PosDesk window only' } };
    if (typeof name !== 'string') return { ok: false, error: { code: 'UNKNOWN_CALL', message: 'the call name must be a string' } };
    return dispatch(name, input);
  };
}
