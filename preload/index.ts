/**
 * The preload bridge: exposes exactly the contract's surface as `window.posdeskBridge`.
 * Call names are checked against the allow-list here and payloads are validated
 * again in main; the renderer never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { type CallResult, IPC_CALL, IPC_EVENT, isCallName } from './contract';

const bridge = {
  async call(name: string, input: unknown): Promise<CallResult<unknown>> {
    if (!isCallName(name)) return { ok: false, error: { code: 'UNKNOWN_CALL', message: `unknown call "${name}"` } };
    return ipcRenderer.invoke(IPC_CALL, name, input) as Promise<CallResult<unknown>>;
  },
  subscribe(listener: (e: { event: string; payload: unknown }) => void): () => void {
    const wrapped = (_e: unknown, msg: { event: string; payload: unknown }) => listener(msg);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
};

export type PosDeskBridge = typeof bridge;

contextBridge.exposeInMainWorld('posdeskBridge', bridge);
