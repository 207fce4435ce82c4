/** What every counter e2e spec does: open the counter, and scan like a gun. */
import { expect, type Page } from '@playwright/test';

/** A scanner gun: each key 3 ms after the previous one, ending in Enter. */
export async function scanWithGun(page: Page, code: string): Promise<void> {
  await page.keyboard.type(`${code}\n`, { delay: 3 });
}

/** Opens the counter and waits until it is connected to the core and empty. */
export async function openCounter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByText('已连接')).toBeVisible();
  await expect(page.getByText('请扫描商品条码')).toBeVisible();
}
