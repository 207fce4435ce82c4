/** The core's event bus: typed by the contract; IPC and WebSocket both subscribe to it. */
import type { EventName, EventPayload } from '../preload/contract';

export type AnyEvent = { [N in EventName]: { event: N; payload: EventPayload<N> } }[EventName];

export class EventBus {
  private readonly listeners = new Set<(e: AnyEvent) => void>();

  emit<N extends EventName>(event: N, payload: EventPayload<N>): void {
    const e = { event, payload } as AnyEvent;
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  subscribe(listener: (e: AnyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
