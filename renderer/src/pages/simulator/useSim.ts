/**
 * The Simulator page's live data: the simulated terminal's state (sim.state, kept live by the
 * sim.changed event) and its transcript (sim.transcript, polled every second with since=next
 * while the page is open). Nothing here talks to the core except through the contract.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SimState } from '../../../../preload/contract';
import { api, usePos } from '../../store';
import { errorText } from '../../api/client';

export interface TranscriptRow {
  /** The entry's index in the simulator's transcript (stable across polls: the row key). */
  seq: number;
  at: string;
  dir: 'tx' | 'rx';
  bytes: string;
  decoded: string | null;
  note: string | null;
}

/** Rows kept in the page; older ones fall off the top (the export has them all). */
const MAX_ROWS = 1500;
const POLL_MS = 1000;

/** Runs a contract call; a failure becomes the notice bar's error (the core's zh-CN text). */
export async function simCall<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    usePos.getState().notify('error', errorText(err));
    return undefined;
  }
}

export function useSim() {
  const connection = usePos((s) => s.connection);
  const [state, setState] = useState<SimState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [rows, setRows] = useState<TranscriptRow[]>([]);
  const [dropped, setDropped] = useState(0);
  const since = useRef(0);
  const polling = useRef(false);

  const load = useCallback(async () => {
    try {
      setState(await api.call('sim.state', {}));
      setLoadError(null);
    } catch (err) {
      setLoadError(errorText(err));
    }
  }, []);

  const poll = useCallback(async () => {
    if (polling.current) return;
    polling.current = true;
    try {
      const page = await api.call('sim.transcript', { since: since.current });
      since.current = page.next;
      setDropped(page.dropped);
      if (page.entries.length > 0) {
        const fresh = page.entries.map((e, i) => ({ seq: page.from + i, ...e }));
        setRows((old) => {
          const merged = [...old.filter((r) => r.seq < page.from), ...fresh];
          return merged.length > MAX_ROWS ? merged.slice(merged.length - MAX_ROWS) : merged;
        });
        // Traffic means the terminal moved: pick up what sim.changed does not carry (queues
        // changed from another window or the HTTP control API, journal lines).
        setState(await api.call('sim.state', {}));
      }
    } catch {
      // Not the simulator, or the socket is reconnecting: sim.state's error says which.
    } finally {
      polling.current = false;
    }
  }, []);

  useEffect(() => {
    if (connection !== 'open') return;
    void load();
    void poll();
    const off = api.on('sim.changed', (s) => {
      setState(s);
      setLoadError(null);
    });
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [connection, load, poll]);

  /** After sim.reset the simulator's transcript starts over (its indexes keep counting). */
  const clearRows = useCallback(() => setRows([]), []);

  return { state, setState, loadError, reload: load, rows, dropped, clearRows };
}
