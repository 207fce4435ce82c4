import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/**
 * Golden files for printer tests (test/fixtures/receipts). Run with UPDATE_GOLDEN=1 to
 * (re)write them; otherwise a missing golden is a failure, never silently created.
 */
export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/receipts');

export function golden(name: string, actual: Buffer | string): Buffer {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) throw new Error(`golden ${path} is missing: run the test with UPDATE_GOLDEN=1 and review it`);
  return readFileSync(path);
}

/** Share of pixels whose RGB differs by more than `tolerance` in any channel. */
export function pngDifference(a: Buffer, b: Buffer, tolerance = 32): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  if (pa.width !== pb.width || pa.height !== pb.height) return 1;
  let differing = 0;
  for (let i = 0; i < pa.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs((pa.data[i + c] ?? 0) - (pb.data[i + c] ?? 0)) > tolerance) {
        differing++;
        break;
      }
    }
  }
  return differing / (pa.width * pa.height);
}
