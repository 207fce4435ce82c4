/**
 * The first sale through every layer, in Debian's Chromium against the real headless
 * core: a keyboard-wedge scan at 3 ms per key (with no field focused, then with the
 * search box focused — the scan must not leak into it), cash with change, the receipt
 * preview from the virtual printer, and the order still in the journal after a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openCounter, scanWithGun } from './support/counter';
import { newDataDir, ROOT, type ServedCore, serveCore } from './support/server';

const WATER = '6901234000016'; // 农夫山泉 ¥2.00
const NOODLES = '6901234000030'; // 康师傅 ¥4.50
const SHOTS = path.join(ROOT, 'test-results', 'screens');

let core: ServedCore | undefined;
test.afterEach(async () => {
  await core?.stop();
  core = undefined;
});


test('scan, pay cash, see change and receipt; the order survives a restart', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = newDataDir();
  core = await serveCore(dataDir);
  await openCounter(page, core.url);

  // 1. No field focused: the scan adds the line.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
  await scanWithGun(page, WATER);
  const lines = page.getByTestId('cart-line');
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toHaveAttribute('data-barcode', WATER);
  await expect(page.getByTestId('total')).toHaveText('¥2.00');

  // 2. The search box focused with a human's half-typed word: the scan goes to the
  //    cart, not into the box, and the human's text is kept intact.
  const search = page.getByTestId('search');
  await search.click();
  await page.keyboard.type('kang', { delay: 120 });
  await expect(search).toHaveValue('kang');
  await scanWithGun(page, NOODLES);
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(1)).toHaveAttribute('data-barcode', NOODLES);
  await expect(search).toHaveValue('kang');
  await expect(page.getByTestId('total')).toHaveText('¥6.50');
  await search.fill('');

  // The same digits typed by a human (slowly) are text, not a scan.
  await search.click();
  await page.keyboard.type(WATER.slice(0, 6), { delay: 90 });
  await expect(search).toHaveValue(WATER.slice(0, 6));
  await expect(lines).toHaveCount(2);
  await search.fill('');
  await page.screenshot({ path: path.join(SHOTS, 'counter-cart.png') });

  // 3. Cash: F4, tender ¥10, change ¥3.50.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('F4');
  const dialog = page.getByTestId('cash-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('tendered').fill('10');
  await expect(page.getByTestId('change-preview')).toHaveText('¥3.50');
  await page.screenshot({ path: path.join(SHOTS, 'cash-dialog.png') });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('change')).toHaveText('¥3.50');

  // 4. The receipt preview rendered by the virtual printer from the ESC/POS bytes.
  const preview = page.getByTestId('receipt-preview');
  await expect(preview).toBeVisible();
  const orderNo = await preview.getAttribute('data-order-no');
  expect(orderNo).toMatch(/^\d{14}$/);
  const svg = decodeURIComponent((await preview.getAttribute('src'))?.replace(/^data:image\/svg\+xml;charset=utf-8,/, '') ?? '');
  expect(svg).toContain('<svg');
  expect(svg).toContain(orderNo as string);
  expect(svg).toContain('农夫山泉');
  expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await expect(lines).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'counter-paid.png') });

  // 5. Restart the core on the same data directory: the order is in the journal.
  await core.stop();
  core = await serveCore(dataDir);
  await openCounter(page, core.url);
  await page.getByRole('button', { name: '流水' }).click();
  const row = page.locator(`[data-testid="journal-row"][data-order-no="${orderNo}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('¥6.50');
  await expect(row).toContainText('现金');
  await row.click();
  await expect(page.getByTestId('order-detail')).toContainText('已发送 → 已成功');
  // The stored receipt of the selected order is shown again, re-rendered from its bytes.
  await expect(page.getByTestId('receipt-preview')).toHaveAttribute('data-order-no', orderNo as string);
  await page.screenshot({ path: path.join(SHOTS, 'journal.png') });

  // 交班: the shift holds the sale; closing it prints the report and starts a fresh shift.
  await expect(page.getByTestId('shift-sales')).toContainText('¥6.50');
  await page.getByTestId('counted-cash').fill('6.5');
  await page.getByTestId('close-shift').click();
  await expect(page.getByTestId('shift-sales')).toContainText('¥0.00');
  await expect(page.getByTestId('receipt-preview')).toHaveAttribute('data-order-no', 'SHIFT');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('English can be switched on and the counter reads in English', async ({ page }) => {
  core = await serveCore(newDataDir());
  await openCounter(page, core.url);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('Scan an item')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await scanWithGun(page, WATER);
  await expect(page.getByTestId('cart-line')).toContainText('Nongfu Spring water 550ml');
  await page.screenshot({ path: path.join(SHOTS, 'counter-en.png') });
});
