/**
 * The Queue and Reconciliation pages in Debian's Chromium against the real headless
 * core: a sale reaches a real reference HQ (online, nothing waiting); a second core
 * pointed at a port nobody listens on shows 离线 with QR wallets unavailable; then a
 * WeChat and a card sale reconcile against the gateway simulator's statements
 * (对账平, chart, CSV), the terminal settles (对账平, slip), and a malformed WeChat bill
 * is reported with its line number.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type HqHandle, startHq } from '../../main/hq/server';
import { openCounter, scanWithGun } from './support/counter';
import { newDataDir, ROOT, type ServedCore, serveCore } from './support/server';

const WATER = '6901234000016'; // 农夫山泉 ¥2.00
const WECHAT_CODE = '134567890123456789'; // 13…: a WeChat payment code
const SHOTS = path.join(ROOT, 'test-results', 'screens');

const cores: ServedCore[] = [];
const dirs: string[] = [];
let hq: HqHandle | undefined;

test.afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
  await hq?.close();
  hq = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(extra: string[] = []): Promise<ServedCore> {
  const dir = newDataDir();
  dirs.push(dir);
  const core = await serveCore(dir, extra);
  cores.push(core);
  return core;
}

/** The counter with nothing focused; the gun scans one bottle of water. */
async function scanWater(page: Page): Promise<void> {
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await scanWithGun(page, WATER);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
}

/** The sale completed and its receipt came back from the printer (the page is quiet again). */
async function paidInFull(page: Page): Promise<void> {
  const done = page.getByTestId('sale-done');
  await expect(done).toBeVisible();
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  const orderNo = /\d{14}/.exec((await done.textContent()) ?? '')?.[0];
  expect(orderNo).toBeDefined();
  await expect(page.getByTestId('receipt-preview')).toHaveAttribute('data-order-no', orderNo as string);
}

async function sellForCash(page: Page): Promise<void> {
  await scanWater(page);
  await page.keyboard.press('F4');
  await expect(page.getByTestId('cash-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cash-dialog')).toBeHidden();
  await paidInFull(page);
}

test('queue: online with a real HQ, then 离线 with QR wallets unavailable', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const hqDir = newDataDir();
  dirs.push(hqDir);
  // HQ refuses completed orders while `poison` is set (a business rule gone wrong).
  let poison = false;
  hq = await startHq({
    port: 0,
    dbPath: path.join(hqDir, 'hq.db'),
    validate: (_store, e) => (poison && e.type === 'order.completed' ? { code: 'RULE_BROKEN', message: 'order rejected by an HQ rule' } : null),
  });
  const core = await start(['--hq', hq.url, '--store-id', 'store-e2e']);
  await openCounter(page, core.url);
  await sellForCash(page);

  await page.getByRole('button', { name: '上传队列' }).click();
  const state = page.getByTestId('queue-state');
  await expect(state).toHaveAttribute('data-state', 'online');
  await expect(state).toContainText('在线');
  await expect(state).toContainText(hq.url);
  await expect(page.getByTestId('queue-pending')).toHaveText('0条');
  await expect(page.getByTestId('queue-sent')).not.toHaveText('0条'); // the sale's events reached HQ
  await expect(page.getByTestId('tender-qr-state')).toHaveAttribute('data-available', 'true');
  await expect(page.getByTestId('tender-cash-state')).toHaveAttribute('data-available', 'true');
  await expect(page.getByText('没有隔离事件')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'queue-online.png') });

  // HQ refuses the next order: it is quarantined, exported for support, then retried.
  poison = true;
  await page.getByRole('button', { name: '收银' }).click();
  await sellForCash(page);
  await page.getByRole('button', { name: '上传队列' }).click();
  const row = page.getByTestId('quarantined-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('order.completed');
  await expect(row).toContainText('RULE_BROKEN');
  await expect(page.getByTestId('queue-last-error')).toContainText('RULE_BROKEN');
  await page.screenshot({ path: path.join(SHOTS, 'queue-quarantine.png') });
  const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('queue-export').click()]);
  expect(jsonl.suggestedFilename()).toMatch(/\.jsonl$/);
  expect(fs.readFileSync(await jsonl.path(), 'utf8')).toContain('RULE_BROKEN');
  poison = false;
  await row.getByRole('button', { name: '重试' }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('queue-pending')).toHaveText('0条');
  await expect(state).toHaveAttribute('data-state', 'online');

  // A second store whose HQ address answers nothing, with a small store-and-forward cap:
  // the sales still go through (cash) and their events wait on this machine.
  const lonely = await start(['--hq', 'http://127.0.0.1:9', '--store-id', 'store-e2e-2', '--queue-max-events', '10']);
  await openCounter(page, lonely.url);
  await sellForCash(page);
  await sellForCash(page);
  await page.getByRole('button', { name: '上传队列' }).click();
  await expect(state).toHaveAttribute('data-state', 'offline');
  await expect(state).toContainText('离线');
  await expect(page.getByTestId('queue-last-error')).toBeVisible();
  await expect(page.getByTestId('queue-pending')).not.toHaveText('0条');
  const qr = page.getByTestId('tender-qr-state');
  await expect(qr).toHaveAttribute('data-available', 'false');
  await expect(qr).toContainText('不可用');
  await expect(qr).toContainText('扫码支付不可用');
  await expect(page.getByTestId('tender-cash-state')).toHaveAttribute('data-available', 'true');
  // 8 of 10 events held: the cap is near, and the page says how much room is left.
  const cap = page.getByTestId('queue-cap');
  await expect(cap).toHaveAttribute('data-kind', 'count');
  await expect(cap).toContainText('离线暂存即将达到条数上限');
  await expect(cap).toContainText('还可暂存 2 条');
  await page.screenshot({ path: path.join(SHOTS, 'queue-offline.png') });

  await page.getByRole('button', { name: 'English' }).click();
  await expect(state).toContainText('Offline');
  await expect(cap).toContainText('Room left for 2 events');
  await expect(qr).toContainText('Unavailable');
  await expect(qr).toContainText('QR wallets need the network');
  await page.screenshot({ path: path.join(SHOTS, 'queue-offline-en.png') });
  await page.getByRole('button', { name: '中文' }).click();
});

test('recon: WeChat and card reconcile (对账平, chart, CSV), settlement slip, a bad bill line', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const core = await start();
  await openCounter(page, core.url);

  // No HQ configured: said plainly, tenders still listed.
  await page.getByRole('button', { name: '上传队列' }).click();
  await expect(page.getByTestId('queue-state')).toContainText('未配置总部地址，事件保存在本机，配置后自动上传');
  await expect(page.getByTestId('tender-card-state')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'queue-local.png') });
  await page.getByRole('button', { name: '收银' }).click();

  // WeChat: F6, the customer's payment code into the payment-code box, Enter.
  await scanWater(page);
  await page.keyboard.press('F6');
  const code = page.getByTestId('auth-code');
  await expect(code).toBeFocused();
  await code.fill(WECHAT_CODE);
  await code.press('Enter');
  await paidInFull(page);
  // Card: F5, Enter (the amount due is filled in).
  await scanWater(page);
  await page.keyboard.press('F5');
  await expect(page.getByTestId('card-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await paidInFull(page);

  await page.getByRole('button', { name: '对账' }).click();
  await page.getByTestId('recon-gateway').click();
  const verdict = page.getByTestId('recon-verdict');
  await expect(verdict).toHaveAttribute('data-balanced', 'true');
  await expect(verdict).toContainText('对账平');
  await expect(verdict).toContainText('微信支付');
  await expect(page.getByTestId('recon-cat-matched')).toContainText('1笔');
  await expect(page.getByTestId('recon-statement')).toContainText('微信支付');
  await expect(page.getByTestId('recon-statement')).toContainText('银行卡');
  const chart = page.getByTestId('recon-chart');
  await expect(chart).toBeVisible();
  expect(decodeURIComponent((await chart.getAttribute('src')) ?? '')).toContain('<svg');
  expect(await chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recon-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = fs.readFileSync(await download.path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: opens in Excel
  expect(csv.toString('utf8')).toContain('微信');
  await page.screenshot({ path: path.join(SHOTS, 'recon-balanced.png') });

  // End of day: the terminal's batch settles against the journal, the slip as printed.
  await page.getByTestId('settle-run').click();
  const settle = page.getByTestId('settle-verdict');
  await expect(settle).toHaveAttribute('data-balanced', 'true');
  await expect(settle).toContainText('对账平');
  await expect(settle).toContainText('00');
  const slip = page.getByTestId('settle-slip');
  await expect(slip).toBeVisible();
  const slipSvg = decodeURIComponent((await slip.getAttribute('src')) ?? '');
  expect(slipSvg).toContain('结算总计单');
  expect(await slip.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await expect(page.getByTestId('settle-totals')).toContainText('内卡借记');
  await page.screenshot({ path: path.join(SHOTS, 'recon-settled.png') });

  // A WeChat bill whose third line has an amount that is not money.
  const date = await page.getByTestId('recon-date').inputValue();
  const header =
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const row = (n: string, amount: string) =>
    `\`${date} 09:15:0${n},\`wx2421b1c4370ec43b,\`10000100,\`0,\`T01,\`420000000120240102000000000${n},\`W00${n},\`oUpF8uMuAJO,\`MICROPAY,\`SUCCESS,\`OTHERS,\`CNY,\`${amount},\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`可乐,\`,\`0.07000,\`0.60%,\`${amount},\`0.00,\``;
  const bill = [
    header,
    row('1', '12.00'),
    row('2', '12.3x'),
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    '`2,`24.30,`0.00,`0.00,`0.14000,`24.30,`0.00',
  ].join('\r\n');
  await page.getByTestId('recon-files').setInputFiles({ name: `wechat-${date}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${bill}\r\n`, 'utf8') });
  const bad = page.locator('[data-testid="recon-error"][data-line="3"]');
  await expect(bad).toBeVisible();
  await expect(bad).toContainText('第 3 行');
  await expect(bad).toContainText(`wechat-${date}.csv`);
  await expect(bad).toContainText('金额格式不对'); // the parser's reason, in the cashier's language
  await expect(bad).not.toContainText('not a yuan amount');
  await expect(verdict).toHaveAttribute('data-balanced', 'false');
  await expect(verdict).toContainText('对账不平');
  await expect(page.getByTestId('recon-errors')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'recon-bad-file.png') });
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'recon-chart.png') });

  await page.getByRole('button', { name: 'English' }).click();
  await expect(verdict).toContainText('Not balanced');
  await expect(bad).toContainText('line 3');
  await expect(bad).toContainText('not a yuan amount with at most 2 decimals');
  await expect(settle).toContainText('Balanced');
  await page.getByTestId('recon-verdict').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'recon-en.png') });
  await page.getByRole('button', { name: '中文' }).click();
});
