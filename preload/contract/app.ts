/**
 * The contract of the app itself: what runs, where its data lives, where its simulators listen.
 */
import { z } from 'zod';
import { type CallSpec, Empty } from './common';

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'headless']),
  dataDir: z.string(),
  dbPath: z.string(),
  storeName: z.string(),
  cashier: z.string(),
  startedAt: z.string(),
  /** Where the embedded simulators listen (QA and test benches steer them there), null when real. */
  simulators: z.object({ terminal: z.string().nullable(), gateway: z.string().nullable() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCalls = {
  'app.info': { input: Empty, output: AppInfo },
} as const satisfies Record<string, CallSpec>;
