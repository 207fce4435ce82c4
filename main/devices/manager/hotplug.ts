/**
 * Hotplug by polling, Odoo style (field-notes §1.1): discover every interval, diff the ids
 * against the last set, report additions at once and removals only after the device has been
 * missing for removeAfterMs (a flapping device, or one missing from a single slow poll, is
 * never reported). Discovery problems are reported once per change, not once per poll.
 */
import type { Clock } from './clock';
import type { DeviceDescriptor } from './descriptor';
import type { DiscoveryProblem, DiscoveryResult } from './discovery';

export type DiscoverFn = () => Promise<DiscoveryResult>;

/** Odoo's Interface._loop_delay is 3 s: quick enough for a cashier replugging a scanner. */
export const DEFAULT_POLL_MS = 3_000;
/** Odoo drops a printer after 3 missed polls; two intervals here (~6 s) absorbs a USB re-enumeration. */
export const DEFAULT_REMOVE_AFTER_MS = 6_000;

export interface HotplugOptions {
  discover: DiscoverFn;
  clock: Clock;
  intervalMs?: number;
  removeAfterMs?: number;
}

interface Known {
  descriptor: DeviceDescriptor;
  missingSince: number | undefined;
}

export class Hotplug {
  readonly #o: Required<HotplugOptions>;
  readonly #known = new Map<string, Known>();
  readonly #added = new Set<(d: DeviceDescriptor) => void>();
  readonly #removed = new Set<(d: DeviceDescriptor, reason: string) => void>();
  readonly #problems = new Set<(p: DiscoveryProblem[]) => void>();
  #problemKey = '';
  #stopTimer: (() => void) | undefined;
  #polling: Promise<void> | undefined;
  #running = false;

  constructor(options: HotplugOptions) {
    this.#o = { intervalMs: DEFAULT_POLL_MS, removeAfterMs: DEFAULT_REMOVE_AFTER_MS, ...options };
  }

  onAdded(l: (d: DeviceDescriptor) => void): () => void {
    this.#added.add(l);
    return () => this.#added.delete(l);
  }

  onRemoved(l: (d: DeviceDescriptor, reason: string) => void): () => void {
    this.#removed.add(l);
    return () => this.#removed.delete(l);
  }

  /** Called with the current problem list whenever it changes (empty = all clear). */
  onProblems(l: (p: DiscoveryProblem[]) => void): () => void {
    this.#problems.add(l);
    return () => this.#problems.delete(l);
  }

  present(): DeviceDescriptor[] {
    return [...this.#known.values()].map((k) => k.descriptor);
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.poll();
  }

  stop(): void {
    this.#running = false;
    this.#stopTimer?.();
    this.#stopTimer = undefined;
  }

  /** One discovery pass (also used by the loop). Concurrent calls share the pass in flight. */
  poll(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = undefined;
      if (this.#running) {
        this.#stopTimer?.();
        this.#stopTimer = this.#o.clock.setTimer(() => void this.poll(), this.#o.intervalMs);
      }
    });
    return this.#polling;
  }

  async #poll(): Promise<void> {
    let result: DiscoveryResult;
    try {
      result = await this.#o.discover();
    } catch (error) {
      result = { devices: [...this.#known.values()].filter((k) => k.missingSince === undefined).map((k) => k.descriptor), problems: [{ source: 'discovery', message: `discovery failed: ${error instanceof Error ? error.message : String(error)}` }] };
    }
    const now = this.#o.clock.now();
    const seen = new Set<string>();
    for (const d of result.devices) {
      seen.add(d.id);
      const k = this.#known.get(d.id);
      if (!k) {
        this.#known.set(d.id, { descriptor: d, missingSince: undefined });
        for (const l of this.#added) l(d);
      } else {
        k.descriptor = d;
        k.missingSince = undefined; // back before the debounce ran out: a flap, not reported
      }
    }
    for (const [id, k] of this.#known) {
      if (seen.has(id)) continue;
      k.missingSince ??= now;
      const gone = now - k.missingSince;
      if (gone >= this.#o.removeAfterMs) {
        this.#known.delete(id);
        for (const l of this.#removed) l(k.descriptor, `not seen for ${gone} ms`);
      }
    }
    const key = result.problems.map((p) => `${p.source}:${p.message}`).join('\n');
    if (key !== this.#problemKey) {
      this.#problemKey = key;
      for (const l of this.#problems) l(result.problems);
    }
  }
}
