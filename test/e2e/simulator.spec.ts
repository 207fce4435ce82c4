/**
 * The Simulator page (终端模拟) in Debian's Chromium against the real headless core with the
 * simulated terminal in manual mode: a card sale from the counter waits on the terminal, QA
 * approves it from a second window; a preset 51 declines the next one; a held sale is declined
 * with a chosen code; the transcript shows both directions decoded and exports as JSON lines;
 * fault switches queue and a reset clears them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openCounter, scanWithGun } from './support/counter';
import { newDataDir, ROOT, type ServedCore, serveCore } from './support/server';

const WATER = '6901234000016'; // 农夫山泉 ¥2.00
const SHOTS = path.join(ROOT, 'test-results', 'screens');

let core: ServedCore | undefined;
test.afterEach(async () => {
  await core?.stop();
  core = undefined;
});


test('QA approves, presets and declines card sales from the Simulator page; transcript decoded and exported', async ({ page, context }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  core = await serveCore(newDataDir(), ['--sim-manual', 'true', '--sim-stage-delay-ms', '50']);
  await openCounter(page, core.url);

  // 1. Counter: scan, F5, Enter sends ¥2.00 to the terminal (the result is not awaited).
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await scanWithGun(page, WATER);
  await expect(page.getByTestId('total')).toHaveText('¥2.00');
  await page.keyboard.press('F5');
  await expect(page.getByTestId('card-dialog')).toBeVisible();
  await page.keyboard.press('Enter');

  // 2. QA window: the sale waits for a decision, the terminal's screen says so.
  const qa = await context.newPage();
  await qa.goto(core.url);
  await qa.getByRole('button', { name: '终端模拟' }).click();
  const held = qa.getByTestId('sim-pending-row');
  await expect(held).toHaveCount(1);
  await expect(held.getByTestId('sim-pending-amount')).toHaveText('¥2.00');
  await expect(qa.getByTestId('sim-screen-message')).toContainText('等待人工审批');
  await expect(qa.getByTestId('sim-screen-amount')).toHaveText('¥2.00');
  await expect(qa.getByTestId('sim-link')).toContainText('已连接');
  await expect(qa.getByTestId('sim-journal')).toContainText('待审批');
  await expect(page.getByTestId('pay-progress')).toBeVisible(); // the counter is still waiting
  await qa.screenshot({ path: path.join(SHOTS, 'simulator-pending.png') });
  await held.getByRole('button', { name: '批准' }).click();

  // The counter completes the sale; the terminal shows 交易成功 and journals it.
  await expect(page.getByTestId('sale-done')).toBeVisible();
  await expect(page.getByTestId('card-dialog')).toBeHidden();
  await expect(held).toHaveCount(0);
  await expect(qa.getByTestId('sim-screen-message')).toHaveText('交易成功');
  await expect(qa.getByTestId('sim-screen')).toHaveAttribute('data-state', 'idle');
  await expect(qa.locator('[data-testid="sim-journal-row"][data-code="00"]')).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'simulator-counter-approved.png') });

  // 3. Preset 51 for the next sale: it is declined without waiting for a decision.
  await qa.getByTestId('sim-next-code').selectOption('51');
  await qa.getByTestId('sim-next-set').click();
  await expect(qa.getByTestId('sim-queued-outcomes')).toContainText('51 余额不足');
  // Back to the counter window: let it paint again (a background tab is throttled) before a
  // 3 ms-per-key scan, or the first keys of the burst would arrive late and split the code.
  await page.bringToFront();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await scanWithGun(page, WATER);
  await expect(page.getByTestId('total')).toHaveText('¥2.00');
  await page.keyboard.press('F5');
  await expect(page.getByTestId('card-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('余额不足');
  await expect(page.getByTestId('card-dialog')).toBeVisible(); // still owed: the cashier can retry
  await expect(qa.getByTestId('sim-queued-outcomes')).not.toContainText('51');
  await expect(qa.getByTestId('sim-screen-message')).toHaveText('余额不足');
  await expect(qa.locator('[data-testid="sim-journal-row"][data-code="51"]')).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'simulator-counter-declined.png') });

  // 4. Retry from the dialog; QA declines the held sale with 55 密码错误.
  await page.getByTestId('send-card').click();
  await expect(held).toHaveCount(1);
  await held.getByTestId('sim-decline-code').selectOption('55');
  await qa.screenshot({ path: path.join(SHOTS, 'simulator-pending-decline.png') });
  await held.getByRole('button', { name: '拒绝' }).click();
  await expect(page.getByRole('alert')).toContainText('密码错误');
  await expect(qa.getByTestId('sim-screen-message')).toHaveText('密码错误');
  await expect(qa.locator('[data-testid="sim-journal-row"][data-code="55"]')).toHaveCount(1);

  // 5. Transcript: both directions, with decoded messages.
  const rx = qa.locator('[data-testid="sim-transcript-row"][data-dir="rx"]');
  const tx = qa.locator('[data-testid="sim-transcript-row"][data-dir="tx"]');
  await expect(rx.first()).toBeVisible();
  await expect(tx.first()).toBeVisible();
  await expect(rx.first()).toContainText('收银→终端');
  await expect(tx.first()).toContainText('终端→收银');
  const decoded = await rx.first().getByTestId('sim-decoded').textContent();
  expect(() => JSON.parse(decoded ?? '')).not.toThrow();
  // A click opens a row in full (scrolling up also stops following the newest row).
  await rx.first().click();
  await expect(rx.first()).toHaveClass(/open/);
  await qa.screenshot({ path: path.join(SHOTS, 'simulator-transcript.png') });

  // Export downloads every entry as JSON lines.
  const downloading = qa.waitForEvent('download');
  await qa.getByTestId('sim-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  const saved = await download.path();
  const lines = fs.readFileSync(saved, 'utf8').trim().split('\n');
  const entries = lines.map((l) => JSON.parse(l) as { dir: string; bytes: string });
  expect(entries.some((e) => e.dir === 'rx')).toBe(true);
  expect(entries.some((e) => e.dir === 'tx')).toBe(true);
  expect(entries.length).toBeGreaterThanOrEqual(await rx.count());

  // 6. Fault switches queue (clicks add up); a reset clears them and the transcript.
  const checksum = qa.locator('[data-testid="sim-fault"][data-fault="badChecksum"]');
  await expect(checksum).toHaveText(/校验错/);
  await checksum.click();
  await checksum.click();
  await expect(checksum).toHaveAttribute('aria-pressed', 'true');
  await expect(checksum).toContainText('×2');
  await expect(qa.locator('[data-testid="sim-fault"][data-fault="appKilled"]')).toHaveAttribute('aria-pressed', 'false');
  await qa.screenshot({ path: path.join(SHOTS, 'simulator-faults.png') });
  await qa.getByTestId('sim-reset').click();
  await expect(checksum).toHaveAttribute('aria-pressed', 'false');
  await expect(qa.getByTestId('sim-transcript-row')).toHaveCount(0);
  // The terminal's journal is kept (only a wipe forgets it).
  await expect(qa.getByTestId('sim-journal-row')).toHaveCount(3);

  // 7. English reads completely.
  await qa.getByRole('button', { name: 'English' }).click();
  await expect(qa.getByText('Terminal journal')).toBeVisible();
  await expect(qa.getByText('Fault injection')).toBeVisible();
  await expect(qa.locator('[data-testid="sim-fault"][data-fault="badChecksum"]')).toContainText('Bad checksum');
  await qa.screenshot({ path: path.join(SHOTS, 'simulator-en.png') });
});
