/**
 * A full disk mid-shift, on a real (tmpfs) filesystem: the core's data directory — SQLite
 * file, WAL, logs — lives on a small tmpfs that the test fills up. A sale then fails with a
 * clear STORAGE error, nothing half-written, no card charged (a leg is written before the
 * terminal hears of it); the core keeps running; once space is freed the same sale goes
 * through and the database is intact. Mounting needs root (CAP_SYS_ADMIN): elsewhere the
 * test prints a SKIP line with its reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../preload/contract';
import { createLogger } from '../../main/log';
import { call, fastCore } from '../helpers/fast-core';
import { tempDir } from '../helpers/temp-dir';

const MOUNT_SIZE = '24m';
let mountPoint = '';
let skipReason: string | null = null;

beforeAll(() => {
  mountPoint = tempDir('posdesk-full-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_SIZE},mode=0700`, 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (err) {
    skipReason = `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]}); needs root`;
    console.log(`SKIP full-disk.test.ts: ${skipReason}`);
  }
});

afterAll(() => {
  if (!skipReason) {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    } catch {
      // A test that failed half-way may have left a file open: detach the mount anyway.
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
    }
  }
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

/** Writes a filler file until the filesystem refuses another byte. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  // Down to the last byte: smaller writes until even one byte is refused.
  for (const size of [4096, 512, 1]) {
    try {
      for (;;) fs.writeSync(fd, chunk.subarray(0, size));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    }
  }
  fs.closeSync(fd);
  return filler;
}

describe('a full disk', () => {
  it('refuses a sale with a clear error, charges nothing, loses nothing, and sells again once space is freed', async (ctx) => {
    if (skipReason) return ctx.skip();
    const dataDir = path.join(mountPoint, 'data');
    fs.mkdirSync(dataDir);
    const core = await fastCore({}, dataDir);
    try {
      // A sale before the disk fills: it must survive everything below.
      await call(core, 'cart.scan', { code: '6901234000016' });
      const first = await call(core, 'checkout.pay', { tender: 'cash', tenderedFen: 200 });
      expect(first.order?.status).toBe('completed');
      await call(core, 'cart.scan', { code: '6901234000030' });
      const cardsBefore = core.sims.terminal?.journal().length ?? 0;

      const filler = fillDisk(mountPoint);
      // The card leg is written before the terminal is asked: with no room to write it, the
      // terminal never hears of the sale.
      const card = await core.dispatch('checkout.pay', { tender: 'card' });
      expect(card.ok).toBe(false);
      if (card.ok) return;
      expect(card.error.code).toBe('STORAGE');
      expect(card.error.message).toMatch(/磁盘已满/);
      expect(card.error.message).toMatch(/disk is full/);
      expect(core.sims.terminal?.journal().length ?? 0).toBe(cardsBefore);
      const cash = await core.dispatch('checkout.pay', { tender: 'cash', tenderedFen: 500 });
      expect(cash).toMatchObject({ ok: false, error: { code: 'STORAGE' } });

      // Still alive and still showing what it has.
      const journal = await call(core, 'journal.list', {});
      expect(journal.map((o) => o.orderNo)).toContain(first.order?.orderNo);

      fs.rmSync(filler);
      const retried = await call(core, 'checkout.pay', { tender: 'card' });
      expect(retried.order?.status).toBe('completed');
      expect(retried.order?.payments.map((p) => [p.tender, p.state])).toEqual([['card', 'approved']]);
      expect(core.sims.terminal?.journal().length).toBe(cardsBefore + 1);
      const orders = core.db.prepare(`SELECT status, COUNT(*) AS n FROM orders GROUP BY status`).all();
      expect(orders).toEqual([{ status: 'completed', n: 2 }]);
      const stranded = core.db.prepare(`SELECT COUNT(*) AS n FROM payments WHERE state NOT IN ('approved')`).get() as { n: number };
      expect(stranded.n).toBe(0);
      expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const paid: CallOutput<'journal.list'> = await call(core, 'journal.list', {});
      expect(paid).toHaveLength(2);
    } finally {
      await core.close();
    }
  });

  it('never makes a log call throw: the line waits in memory and is written once there is room', async (ctx) => {
    if (skipReason) return ctx.skip();
    const dir = path.join(mountPoint, 'logger');
    const logger = createLogger(dir);
    const file = path.join(dir, 'logs', 'posdesk.log');
    logger.log.info('before the disk filled');
    const filler = fillDisk(mountPoint);
    // Bigger than the room left in the file's last page: the write itself fails with ENOSPC.
    const big = 'x'.repeat(20_000);
    expect(() => logger.log.warn({ detail: big }, 'while the disk is full')).not.toThrow();
    expect(() => logger.log.info('still full')).not.toThrow();
    fs.rmSync(filler);
    logger.log.info('room again');
    await logger.close();
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('before the disk filled');
    expect(text).toContain('room again');
    // Nothing written while full was lost: at most torn across the moment the disk filled.
    expect(text).toContain('still full');
    expect(text.split('x'.repeat(1000)).length).toBeGreaterThan(1);
  });
});
