/** A real core on a real SQLite file in a fresh temp dir, for integration tests. */
import fs from 'node:fs';
import { type Core, createCore } from '../../main/app';
import { type CoreConfig, loadConfig } from '../../main/config';
import { tempDir } from './temp-dir';

export { tempDir };


export async function tempCore(overrides: Partial<CoreConfig> = {}, dataDir = tempDir()): Promise<Core & { dataDir: string; cleanup(): Promise<void> }> {
  const config = { ...loadConfig(['--data-dir', dataDir, '--port', '0'], {}), ...overrides };
  const core = await createCore(config, { mode: 'headless' });
  return Object.assign(core, {
    dataDir,
    async cleanup() {
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export function countRows(core: Core, table: string): number {
  return (core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}
