/**
 * The Devices page (设备) against the real headless core: the simulated devices are listed,
 * a test print shows the virtual printer's preview, a simulated unplug shows in the timeline,
 * paper-out holds a sale's receipt until 继续, and the calibration wizard tells an AZERTY
 * keyboard layout (and a missing Enter suffix) from the raw keystrokes of a scan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { CALIBRATION_LABEL } from '../../drivers/scanner/calibration';
import { LAYOUT_TABLES, type LayoutId, typeThroughLayout } from '../../drivers/scanner/keyboard-layouts';
import { newDataDir, ROOT, type ServedCore, serveCore } from './support/server';

const WATER = '6901234000016'; // 农夫山泉 ¥2.00
const SHOTS = path.join(ROOT, 'test-results', 'screens');

let core: ServedCore | undefined;
test.afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function openDevices(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByText('已连接')).toBeVisible();
  await page.getByRole('button', { name: '设备', exact: true }).click();
  await expect(page.getByTestId('device-detail')).toBeVisible();
}

function row(page: Page, id: string) {
  return page.locator(`[data-testid="device-row"][data-device-id="${id}"]`);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A US-layout scanner gun typing `text` into a PC set to `layout`, 3 ms per key: each key
 * arrives as the character the OS layout makes of it; dead keys arrive as "Dead". Keys
 * outside Playwright's US keyboard (é, à, £ …) go through CDP, as a real keydown.
 */
async function scanThroughLayout(page: Page, cdp: CDPSession, text: string, layout: LayoutId, suffix: boolean): Promise<void> {
  const table = LAYOUT_TABLES[layout];
  const keys = [...text].map((c) => {
    const shown = table[c] ?? c;
    return shown === '' ? 'Dead' : shown;
  });
  if (suffix) keys.push('Enter');
  for (const key of keys) {
    if (key === 'Enter' || (key.length === 1 && key.charCodeAt(0) < 127)) await page.keyboard.press(key);
    else {
      await cdp.send('Input.dispatchKeyEvent', key === 'Dead' ? { type: 'rawKeyDown', key } : { type: 'keyDown', key, text: key });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key });
    }
    await pause(3);
  }
}

test('devices: listed, test print preview, unplug in the timeline, paper-out held job', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = newDataDir();
  core = await serveCore(dataDir);
  await openDevices(page, core.url);

  // The simulated printer, the pole display and the keyboard-wedge scanner are listed.
  await expect(row(page, 'sim_printer')).toBeVisible();
  await expect(row(page, 'sim_printer')).toContainText('模拟');
  await expect(row(page, 'sim_printer')).toContainText('小票打印机');
  await expect(row(page, 'sim_display')).toContainText('客显');
  await expect(row(page, 'scanner-wedge')).toContainText('扫码枪');
  await expect(page.getByTestId('pole-display')).toBeVisible();

  // Test print: the preview is the virtual printer's rendering of the test page.
  await row(page, 'sim_printer').click();
  await expect(page.getByTestId('device-detail')).toHaveAttribute('data-device-id', 'sim_printer');
  await page.getByTestId('test-print').click();
  const preview = page.getByTestId('test-print-preview');
  await expect(preview).toBeVisible();
  const svg = decodeURIComponent((await preview.getAttribute('src'))?.replace(/^data:image\/svg\+xml;charset=utf-8,/, '') ?? '');
  expect(svg).toContain('<svg');
  expect(svg).toContain('打印测试');
  expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  // The bytes it sent are in the byte log, and the job in the queue.
  await expect(page.getByTestId('byte-log')).toContainText('→');
  await expect(page.locator('[data-testid="print-job"][data-state="done"]').first()).toContainText('测试页');
  await page.screenshot({ path: path.join(SHOTS, 'devices-printer.png') });

  // Simulated unplug: the timeline says so and the light goes offline; replug recovers.
  await page.getByTestId('unplug').click();
  const timeline = page.getByTestId('device-timeline');
  await expect(timeline.locator('[data-kind="unplugged"]').first()).toContainText('拔出');
  await expect(row(page, 'sim_printer')).toHaveAttribute('data-status', 'offline');
  await expect(page.getByTestId('device-status')).toHaveText('离线');
  await page.screenshot({ path: path.join(SHOTS, 'devices-unplugged.png') });
  await page.getByTestId('replug').click();
  await expect(timeline.locator('[data-kind="replugged"]').first()).toContainText('插回');
  await expect(row(page, 'sim_printer')).toHaveAttribute('data-status', 'ready');
  await expect(timeline.locator('[data-kind="recovered"]').first()).toBeVisible();

  // Paper out (QA toggle) → a cash sale → its receipt is held with 装纸 → 继续 prints it.
  await page.getByTestId('sim-paperOut').click();
  await expect(page.getByTestId('sim-paperOut')).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '收银', exact: true }).click();
  await expect(page.getByText('请扫描商品条码')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.type(`${WATER}\n`, { delay: 3 });
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.keyboard.press('F4');
  await page.getByTestId('tendered').fill('10');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('change')).toHaveText('¥8.00');

  await page.getByRole('button', { name: '设备', exact: true }).click();
  await expect(page.getByTestId('device-detail')).toHaveAttribute('data-device-id', 'sim_printer');
  const held = page.locator('[data-testid="print-job"][data-state="held"]');
  await expect(held).toHaveCount(1);
  await expect(held).toContainText('装纸');
  await expect(held).toContainText('缺纸');
  await expect(held.getByRole('button', { name: '继续' })).toBeVisible();
  // The pole display shows the change: 8.00 with the 找零 lamp lit.
  const pole = page.getByTestId('pole-display');
  await expect(pole).toHaveAttribute('data-digits', '8.00');
  await expect(pole.locator('[data-lamp-id="change"]')).toHaveAttribute('data-on', 'true');
  await page.screenshot({ path: path.join(SHOTS, 'devices-held.png') });

  await page.getByTestId('sim-paperOut').click();
  await expect(page.getByTestId('sim-paperOut')).toHaveAttribute('aria-pressed', 'false');
  const jobId = await held.getAttribute('data-job-id');
  await held.getByRole('button', { name: '继续' }).click();
  await expect(page.locator(`[data-testid="print-job"][data-job-id="${jobId}"]`)).toHaveAttribute('data-state', 'done');
  await expect(held).toHaveCount(0);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('calibration wizard detects an AZERTY layout and a missing Enter; scan test shows the code', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  core = await serveCore(newDataDir());
  await openDevices(page, core.url);
  const cdp = await page.context().newCDPSession(page);

  await row(page, 'scanner-wedge').click();
  await expect(page.getByTestId('device-detail')).toHaveAttribute('data-device-id', 'scanner-wedge');
  await page.getByTestId('calibrate').click();
  const wizard = page.getByTestId('calibration-wizard');
  await expect(wizard).toBeVisible();
  await expect(page.getByTestId('calibration-label')).toHaveText(CALIBRATION_LABEL);
  await page.screenshot({ path: path.join(SHOTS, 'devices-calibration-capture.png') });

  // The label typed through AZERTY, ending with Enter.
  await scanThroughLayout(page, cdp, CALIBRATION_LABEL, 'fr-azerty', true);
  const report = page.getByTestId('calibration-report');
  await expect(report).toHaveAttribute('data-layout', 'fr-azerty');
  await expect(page.getByTestId('calibration-layout')).toContainText('AZERTY');
  await expect(page.getByTestId('calibration-suffix')).toHaveText('Enter');
  await expect(report).toContainText(typeThroughLayout(CALIBRATION_LABEL, 'fr-azerty'));
  await expect(page.getByTestId('calibration-problems')).toContainText('法式 AZERTY');
  await expect(page.getByTestId('calibration-problems')).toContainText('死键');
  console.log('SPEED', await page.getByTestId('calibration-speed').textContent());
  await page.screenshot({ path: path.join(SHOTS, 'devices-calibration-azerty.png') });

  // Again on US with no suffix: the wizard says the Enter is missing.
  await page.getByTestId('calibration-rescan').click();
  await expect(page.getByTestId('calibration-count')).toHaveText('0');
  await scanThroughLayout(page, cdp, CALIBRATION_LABEL, 'us', false);
  await expect(report).toHaveAttribute('data-layout', 'us');
  await expect(report).toHaveAttribute('data-suffix', '');
  await expect(page.getByTestId('calibration-suffix')).toContainText('缺少');
  await expect(page.getByTestId('calibration-problems')).toContainText('回车');

  // Back to the AZERTY scan and apply: the recommendation is saved for the detector.
  await page.getByTestId('calibration-rescan').click();
  await expect(page.getByTestId('calibration-count')).toHaveText('0');
  await scanThroughLayout(page, cdp, CALIBRATION_LABEL, 'fr-azerty', true);
  await expect(report).toHaveAttribute('data-layout', 'fr-azerty');
  await page.getByTestId('calibration-apply').click();
  await expect(wizard).toBeHidden();
  const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('posdesk.scanner'))) ?? 'null') as { remap: string; suffixes: string[] } | null;
  expect(saved?.remap).toBe('fr-azerty');
  expect(saved?.suffixes).toEqual(['Enter']);
  await expect(page.getByTestId('saved-calibration')).toContainText('AZERTY');
  // Raw capture is over: a scan goes through the detector again, into the scan-test box.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.type(`${WATER}\n`, { delay: 3 });
  await expect(page.getByTestId('scan-test-code')).toHaveText(WATER);
  await expect(page.getByTestId('scan-test')).toContainText('商品条码');
  await page.screenshot({ path: path.join(SHOTS, 'devices-scanner.png') });

  // English reads completely.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('scan-test')).toContainText('Product barcode');
  await expect(page.getByRole('button', { name: 'Calibrate scanner' })).toBeVisible();
  await row(page, 'sim_printer').click();
  await expect(page.getByRole('button', { name: 'Print test page' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'devices-en.png') });
});
