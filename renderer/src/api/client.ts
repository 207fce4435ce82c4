/**
 * The renderer's way in: `window.posdeskBridge` (Electron preload, IPC) when present,
 * else a WebSocket to the headless server that served this page. Both speak the same
 * contract (preload/contract/), so nothing above this file knows which one it has.
 */
import type { CallResult, EventName, EventPayload, PosDeskApi, WsServerFrame } from '../../../preload/contract';
// The plain half of ../i18n (its index also holds useT, which imports the store, which imports this client).
import { bilingual } from '../i18n/table';
import { commonText } from '../i18n/tables/common';

export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface Bridge {
  call(name: string, input: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (e: { event: string; payload: unknown }) => void): () => void;
}

type Listener = (payload: unknown) => void;

export interface Client extends PosDeskApi {
  /** 'open' | 'connecting' — shown in the status bar. */
  onConnection(listener: (state: 'open' | 'connecting') => void): () => void;
}

/** The message of a failed call (the core's "中文 / English" text) or of any other error. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function unwrap<T>(res: CallResult<unknown>): T {
  if (res.ok) return res.result as T;
  throw new ApiCallError(res.error.code, res.error.message, res.error.field);
}

export function createClient(): Client {
  const bridge = (window as unknown as { posdeskBridge?: Bridge }).posdeskBridge;
  const listeners = new Map<string, Set<Listener>>();
  const connListeners = new Set<(s: 'open' | 'connecting') => void>();
  const fire = (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const on = <N extends EventName>(name: N, listener: (p: EventPayload<N>) => void) => {
    const set = listeners.get(name) ?? new Set();
    set.add(listener as Listener);
    listeners.set(name, set);
    return () => set.delete(listener as Listener);
  };
  const onConnection = (l: (s: 'open' | 'connecting') => void) => {
    connListeners.add(l);
    return () => connListeners.delete(l);
  };

  if (bridge) {
    bridge.subscribe((e) => fire(e.event, e.payload));
    return {
      call: async (name, input) => unwrap(await bridge.call(name, input)),
      on,
      onConnection: (l) => {
        l('open');
        return onConnection(l);
      },
    };
  }

  // WebSocket client with reconnect. Calls made while disconnected wait for the socket.
  let ws: WebSocket | undefined;
  let nextId = 1;
  const waiters: Array<(s: WebSocket) => void> = [];
  const pending = new Map<number, (r: CallResult<unknown>) => void>();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws${location.search}`;
  const socket = (): Promise<WebSocket> => (ws ? Promise.resolve(ws) : new Promise((r) => waiters.push(r)));

  const connect = () => {
    for (const l of connListeners) l('connecting');
    const sock = new WebSocket(url);
    sock.onopen = () => {
      ws = sock;
      for (const l of connListeners) l('open');
      for (const w of waiters.splice(0)) w(sock);
    };
    sock.onmessage = (m) => {
      const frame = JSON.parse(String(m.data)) as WsServerFrame;
      if ('event' in frame) fire(frame.event, frame.payload);
      else {
        pending.get(frame.id)?.(frame);
        pending.delete(frame.id);
      }
    };
    sock.onclose = () => {
      ws = undefined;
      for (const resolve of pending.values()) {
        resolve({ ok: false, error: { code: 'INTERNAL', message: bilingual(commonText, 'coreLost') } });
      }
      pending.clear();
      setTimeout(connect, 500);
    };
  };
  connect();

  return {
    async call(name, input) {
      const sock = await socket();
      const id = nextId++;
      const res = await new Promise<CallResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        sock.send(JSON.stringify({ id, call: name, input }));
      });
      return unwrap(res);
    },
    on,
    onConnection,
  };
}
