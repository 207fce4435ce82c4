/**
 * The Devices page (设备) against the real headless core: the simulated devices are listed,
 * a test print shows the virtual printer's preview, a simulated unplug shows in the timeline,
 * paper-out holds a sale's receipt until 继续, and the calibration wizard tells an AZERTY
 * keyboard layout (and a missing Enter suffix, and the 3 ms speed) from the raw keystrokes
 * of a scan. The scanner's keys go in through CDP: an AZERTY PC yields é, à, ç and dead
 * keys, which page.keyboard cannot press.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { CALIBRATION_LABEL } from '../../drivers/scanner/calibration';
import { LAYOUT_TABLES, type LayoutId, typeThroughLayout } from '../../drivers/scanner/keyboard-layouts';
import { scanWithGun } from './support/counter';
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

/** What a US-layout scanner gun typing `text` produces on a PC set to `layout` (dead keys arrive as "Dead"). */
function gunKeys(text: string, layout: LayoutId, suffix: boolean): string[] {
  const table = LAYOUT_TABLES[layout];
  const keys = [...text].map((c) => {
    const shown = table[c] ?? c;
    return shown === '' ? 'Dead' : shown;
  });
  return suffix ? [...keys, 'Enter'] : keys;
}

/**
 * Real keydowns through CDP (page.keyboard cannot press é, à, £ or a dead key). With `gapMs`
 * each key carries an event timestamp exactly that far after the previous one, so the
 * calibration measures the gun's 3 ms and not this machine's load; without it the keys are
 * sent back to back, as fast as a scanner, for the burst detector.
 */
async function gun(cdp: CDPSession, keys: string[], gapMs: number | null): Promise<void> {
  const base = Date.now() / 1000;
  type KeyEvent = { type: 'keyDown' | 'rawKeyDown' | 'keyUp'; key: string; code?: string; windowsVirtualKeyCode?: number; text?: string; timestamp?: number };
  const events = keys.flatMap((key, i): KeyEvent[] => {
    const at = gapMs === null ? {} : { timestamp: base + (i * gapMs) / 1000 };
    const down: KeyEvent =
      key === 'Enter'
        ? { type: 'keyDown', key, code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', ...at }
        : key === 'Dead'
          ? { type: 'rawKeyDown', key, ...at }
          : { type: 'keyDown', key, text: key, ...at };
    return [down, { type: 'keyUp', key, ...at }];
  });
  if (gapMs === null) await Promise.all(events.map((e) => cdp.send('Input.dispatchKeyEvent', e)));
  else for (const e of events) await cdp.send('Input.dispatchKeyEvent', e);
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
  await scanWithGun(page, WATER);
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

  // Settings: the paper width is stored and read back from the core.
  await page.locator('#dev-set-paperWidthMm').selectOption('58');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await page.getByRole('button', { name: '流水', exact: true }).click();
  await page.getByRole('button', { name: '设备', exact: true }).click();
  await expect(page.locator('#dev-set-paperWidthMm')).toHaveValue('58');
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
  await gun(cdp, gunKeys(CALIBRATION_LABEL, 'fr-azerty', true), 3);
  const report = page.getByTestId('calibration-report');
  await expect(report).toHaveAttribute('data-layout', 'fr-azerty');
  await expect(page.getByTestId('calibration-layout')).toContainText('AZERTY');
  await expect(page.getByTestId('calibration-suffix')).toHaveText('Enter');
  // 3 ms between keys; 6 ms across the dead keys, which carry no character (the browser
  // coarsens event times to ~0.1 ms).
  const speed = /p50 ([\d.]+) · p95 [\d.]+ · max ([\d.]+)/.exec((await page.getByTestId('calibration-speed').textContent()) ?? '');
  expect(Number(speed?.[1])).toBeGreaterThan(2.7);
  expect(Number(speed?.[1])).toBeLessThan(3.3);
  expect(Number(speed?.[2])).toBeGreaterThan(5.7);
  expect(Number(speed?.[2])).toBeLessThan(6.3);
  await expect(page.getByTestId('calibration-recommended')).toContainText('最大按键间隔: 20 毫秒');
  await expect(report).toContainText(typeThroughLayout(CALIBRATION_LABEL, 'fr-azerty'));
  await expect(page.getByTestId('calibration-problems')).toContainText('法式 AZERTY');
  await expect(page.getByTestId('calibration-problems')).toContainText('死键');
  await expect(page.getByTestId('calibration-verdict')).toContainText('应用推荐设置');
  await page.screenshot({ path: path.join(SHOTS, 'devices-calibration-azerty.png') });

  // Again on US with no suffix: the wizard says the Enter is missing.
  await page.getByTestId('calibration-rescan').click();
  await expect(page.getByTestId('calibration-count')).toHaveText('0');
  await gun(cdp, gunKeys(CALIBRATION_LABEL, 'us', false), 3);
  await expect(report).toHaveAttribute('data-layout', 'us');
  await expect(report).toHaveAttribute('data-suffix', '');
  await expect(page.getByTestId('calibration-suffix')).toContainText('缺少');
  await expect(page.getByTestId('calibration-problems')).toContainText('回车');
  await page.screenshot({ path: path.join(SHOTS, 'devices-calibration-nosuffix.png') });

  // Back to the AZERTY scan and apply: the recommendation is saved for the detector.
  await page.getByTestId('calibration-rescan').click();
  await expect(page.getByTestId('calibration-count')).toHaveText('0');
  await gun(cdp, gunKeys(CALIBRATION_LABEL, 'fr-azerty', true), 3);
  await expect(report).toHaveAttribute('data-layout', 'fr-azerty');
  await page.getByTestId('calibration-apply').click();
  await expect(wizard).toBeHidden();
  const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('posdesk.scanner'))) ?? 'null') as { remap: string; suffixes: string[] } | null;
  expect(saved?.remap).toBe('fr-azerty');
  expect(saved?.suffixes).toEqual(['Enter']);
  await expect(page.getByTestId('saved-calibration')).toContainText('AZERTY');
  // Raw capture is over: a scan goes through the detector again, into the scan-test box
  // (not the cart); typed through AZERTY, the saved remap gives the real barcode back.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await gun(cdp, gunKeys(WATER, 'fr-azerty', true), null);
  // The scanner hook applies the saved AZERTY remap: the app receives the real code.
  await expect(page.getByTestId('scan-test-code')).toHaveText(WATER);
  await expect(page.getByTestId('scan-test-remapped')).toBeVisible();
  await expect(page.getByTestId('scan-test')).toContainText('商品条码');
  await expect(page.getByTestId('device-detail')).toHaveAttribute('data-device-id', 'scanner-wedge');
  await page.screenshot({ path: path.join(SHOTS, 'devices-scanner.png') });

  // English reads completely.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('scan-test')).toContainText('Product barcode');
  await expect(page.getByRole('button', { name: 'Calibrate scanner' })).toBeVisible();
  await row(page, 'sim_printer').click();
  await expect(page.getByRole('button', { name: 'Print test page' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'devices-en.png') });
});
