/**
 * The common POS monitor is 1024×768: every page fits its width in both languages (a
 * cashier screen that scrolls sideways hides the language switch and the status), and the
 * top bar keeps every page's tab and the language button on screen. Screenshots of each
 * page are written to test-results/screens/ for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { newDataDir, ROOT, type ServedCore, serveCore } from './support/server';

const SHOTS = path.join(ROOT, 'test-results', 'screens');
const TABS = { zh: ['收银', '流水', '设备', '终端模拟', '上传队列', '对账', '设置'], en: ['Counter', 'Journal', 'Devices', 'Simulator', 'Queue', 'Reconciliation', 'Settings'] };

let core: ServedCore | undefined;
test.afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`every page fits ${size.width}×${size.height} in Chinese and English`, async ({ page }) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    core = await serveCore(newDataDir());
    await page.setViewportSize(size);
    await page.goto(core.url);
    await expect(page.getByTestId('total')).toBeVisible();
    for (const lang of ['zh', 'en'] as const) {
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      for (const tab of TABS[lang]) {
        await page.locator('.topbar .tab', { hasText: tab }).click();
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(SHOTS, `monitor-${size.width}-${lang}-${tab}.png`) });
        expect(await overflow(page), `${lang} ${tab}: the page scrolls sideways`).toBeLessThanOrEqual(0);
        // The language switch (last in the bar) is on screen.
        const box = await page.locator('.topbar .lang').boundingBox();
        expect(box && box.x + box.width <= size.width, `${lang} ${tab}: the language button is cut off`).toBe(true);
        await page.screenshot({ path: path.join(SHOTS, `monitor-${size.width}-${lang}-${tab}.png`) });
      }
    }
  });
}
