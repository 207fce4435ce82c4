/**
 * The cashier's tenders in Debian's Chromium against the real headless core and its
 * embedded simulators (WangPOS acquiring app over loopback TCP, WeChat/Alipay gateway):
 * card with live progress, QR both ways, member card with top-up, split tender, a declined
 * card then cash, a double press, and a refund from the journal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { magicAmount } from '../../main/channels/gateway-sim/outcomes';
import type { AppInfo, CallResult, SimState } from '../../preload/contract';
import { scanWithGun } from './support/counter';
import { newDataDir, ROOT, type ServedCore, serveCore } from './support/server';
import { fenToYuan } from '../../drivers/shared/money';

const SHOTS = path.join(ROOT, 'test-results', 'screens');
const CIGARETTES = '6901234000122'; // ¥70.00
let core: ServedCore | undefined;

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));
test.afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function api<T>(c: ServedCore, call: string, input: unknown = {}): Promise<T> {
  const res = (await (await fetch(`${c.url}api/call/${call}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json()) as CallResult<T>;
  if (!res.ok) throw new Error(res.error.message);
  return res.result;
}

/** The counter with ¥70.00 in the cart, scanned by the gun. */
async function counterWithCart(page: Page, flags: string[] = []): Promise<ServedCore> {
  const c = await serveCore(newDataDir(), ['--qr-time-scale', '0.1', ...flags]);
  core = c;
  await page.goto(c.url);
  await expect(page.getByText('已连接')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await scanWithGun(page, CIGARETTES);
  await expect(page.getByTestId('total')).toHaveText('¥70.00');
  return c;
}

async function expectPaid(page: Page) {
  await expect(page.getByTestId('sale-done')).toBeVisible();
  await expect(page.getByTestId('receipt-preview')).toBeVisible();
}

test('card sale through the simulated terminal, with its progress shown', async ({ page }) => {
  await counterWithCart(page, ['--sim-stage-delay-ms', '400']);
  await page.keyboard.press('F5');
  await expect(page.getByTestId('card-dialog')).toBeVisible();
  await page.getByTestId('send-card').click();
  const progress = page.getByTestId('pay-progress');
  await expect(progress).toContainText(/请插卡|读卡|请输入密码|处理中/);
  await page.screenshot({ path: path.join(SHOTS, 'card-progress.png') });
  await expectPaid(page);
});

test('B扫C: WeChat USERPAYING, then paid (split with cash for the rest)', async ({ page }) => {
  const c = await counterWithCart(page);
  const info = await api<AppInfo>(c, 'app.info');
  // The simulated customer takes 1.5 s to enter the wallet password.
  await fetch(`${info.simulators.gateway}/_sim/rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userPayingMs: 1500 }) });
  await page.keyboard.press('F6');
  await expect(page.getByTestId('qr-scan-dialog')).toBeVisible();
  await page.getByTestId('qr-amount').fill(fenToYuan(magicAmount('USERPAYING', 0))); // 0.01: the gateway answers USERPAYING
  await page.getByTestId('auth-code').click();
  await scanWithGun(page, '134567890123456789'); // the customer's code, by the gun
  await expect(page.getByTestId('pay-progress')).toContainText('用户正在输入密码');
  await page.screenshot({ path: path.join(SHOTS, 'qr-userpaying.png') });
  await expect(page.getByTestId('open-order')).toContainText('¥69.99');
  await page.keyboard.press('F4');
  await page.keyboard.press('Enter');
  await expectPaid(page);
  const legs = await api<{ payments: Array<{ tender: string; state: string }> }[]>(c, 'journal.list', {});
  expect(legs[0].payments.map((p) => [p.tender, p.state])).toEqual([
    ['wechat', 'approved'],
    ['cash', 'approved'],
  ]);
});

test('C扫B: a dynamic code is shown and the customer pays it', async ({ page }) => {
  const c = await counterWithCart(page);
  const info = await api<AppInfo>(c, 'app.info');
  await page.keyboard.press('F7');
  await page.getByTestId('show-wechat').click();
  const qr = page.getByTestId('dynamic-qr');
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('data-qr-text')).toMatch(/^weixin:\/\//);
  await page.screenshot({ path: path.join(SHOTS, 'qr-shown.png') });
  const order = await api<{ openOrder: { orderNo: string } | null }>(c, 'checkout.state');
  // The customer scans the code with their phone and pays.
  const paid = await fetch(`${info.simulators.gateway}/_sim/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'wechat', outTradeNo: `${order.openOrder?.orderNo}01`, payerCode: '134567890123450000' }),
  });
  expect(paid.status).toBe(200);
  await expectPaid(page);
});

test('member card: issue, top up, pay with the PIN', async ({ page }) => {
  await counterWithCart(page);
  await page.keyboard.press('F8');
  await page.getByTestId('sv-card').fill('88000001');
  await page.getByTestId('sv-card').press('Enter');
  await page.getByTestId('sv-holder').fill('王女士');
  await page.getByTestId('sv-pin').fill('123456');
  await page.getByTestId('sv-issue').click();
  await expect(page.getByTestId('sv-balance')).toHaveText('¥0.00');
  await page.getByTestId('sv-topup-amount').fill('100');
  await page.getByTestId('sv-topup').click();
  await expect(page.getByTestId('sv-balance')).toHaveText('¥100.00');
  await page.screenshot({ path: path.join(SHOTS, 'member-card.png') });
  await page.getByTestId('sv-pay').click();
  await expectPaid(page);
});

test('split tender: part card, part cash', async ({ page }) => {
  await counterWithCart(page);
  await page.keyboard.press('F5');
  await page.getByTestId('card-amount').fill('50');
  await page.getByTestId('send-card').click();
  await expect(page.getByTestId('open-order')).toContainText('¥20.00');
  await page.keyboard.press('F4');
  await page.getByTestId('tendered').fill('20');
  await page.keyboard.press('Enter');
  await expectPaid(page);
});

test('a declined card, then cash', async ({ page }) => {
  await counterWithCart(page);
  await page.keyboard.press('F5');
  await page.getByTestId('card-amount').fill('0.51'); // .51: the terminal declines (insufficient funds)
  await page.getByTestId('send-card').click();
  await expect(page.getByRole('alert')).toContainText(/未成功|51|余额不足/);
  await expect(page.locator('[data-testid="leg"][data-state="declined"]')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('F4');
  await page.getByTestId('tendered').fill('100');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('change')).toHaveText('¥30.00');
});

test('a double press cannot charge twice', async ({ page }) => {
  const c = await counterWithCart(page, ['--sim-stage-delay-ms', '150']);
  await page.keyboard.press('F5');
  const send = page.getByTestId('send-card');
  await send.click();
  await send.click({ force: true }).catch(() => undefined);
  await page.keyboard.press('Enter');
  await expectPaid(page);
  const sim = await api<SimState>(c, 'sim.state');
  expect(sim.journal.filter((j) => j.kind === 'sale' && j.responseCode === '00')).toHaveLength(1);
});

test('a partial refund from the journal', async ({ page }) => {
  const c = await counterWithCart(page);
  // The receipt printer is a 58 mm GBK Xprinter: the refund slip is laid out for it.
  await api(c, 'devices.updateSettings', { id: 'sim_printer', settings: { printerModel: 'xprinter-xp-58', encoding: 'GBK' } });
  await page.keyboard.press('F6');
  await page.getByTestId('auth-code').click();
  await scanWithGun(page, '134567890123456700');
  await expectPaid(page);
  await page.getByRole('button', { name: '流水' }).click();
  await page.getByTestId('journal-row').first().click();
  await page.getByTestId('refund-amount').fill('20');
  await page.getByTestId('refund').click();
  await expect(page.getByTestId('journal-payment')).toContainText('已退 ¥20.00');
  // The refund is told in words in the leg's history, not as 已成功 → 已成功.
  await expect(page.getByTestId('payment-event').last()).toContainText(/^退款 ¥20\.00：成功（\d+R1）/);
  await expect(page.getByTestId('shift-refunds')).toHaveText('退款1 · -¥20.00');
  // The refund printed its slip, and the preview shows it (384 dots wide: 58 mm paper).
  const preview = async () => decodeURIComponent((await page.getByTestId('receipt-preview').getAttribute('src')) ?? '');
  await expect.poll(preview).toContain('退货单REFUND');
  expect(await preview()).toContain('viewBox="0 0 416 ');
  await page.screenshot({ path: path.join(SHOTS, 'journal-refund.png') });
  // ...and the journal prints it again, marked 重打印.
  await page.getByTestId('reprint-refund').click();
  await expect.poll(preview).toContain('重打印COPY');
  await page.screenshot({ path: path.join(SHOTS, 'journal-refund-reprint.png') });
});
