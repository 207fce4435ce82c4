/**
 * 设置 · 收款渠道 in Debian's Chromium against the real headless core: a wrong API key is
 * refused at its field; the merchant's WeChat Pay credentials (here: a second gateway
 * simulator standing in for the merchant's account) take effect at once, and the next
 * B扫C sale from the counter is paid there, not in the embedded simulator.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type GatewaySim, startGatewaySim } from '../../main/channels/gateway-sim/server';
import { openCounter, scanWithGun } from './support/counter';
import { newDataDir, ROOT, type ServedCore, serveCore } from './support/server';

const SHOTS = path.join(ROOT, 'test-results', 'screens');
const MERCHANT = { appId: 'wx2421b1c4370ec43b', mchId: '1900000109', apiKey: 'Zq3N8vR2kT6wY1pL5sD9fH4jX7cB0mGa' };

let core: ServedCore | undefined;
let vendor: GatewaySim | undefined;
test.afterEach(async () => {
  await core?.stop();
  await vendor?.close();
  core = undefined;
  vendor = undefined;
});

test("the merchant's WeChat Pay credentials are entered in 设置 and the next QR sale is paid there", async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  vendor = await startGatewaySim({ port: 0, wechat: MERCHANT });
  core = await serveCore(newDataDir(), ['--qr-time-scale', '0.1']);
  await openCounter(page, core.url);

  await page.getByRole('button', { name: '设置', exact: true }).click();
  const wechat = page.getByTestId('settings-wechat');
  await expect(wechat.getByTestId('settings-wechat-source')).toHaveText('内置模拟网关');
  await expect(page.getByTestId('settings-protection')).toContainText('加密保存');

  // A key one character short: refused, named, nothing saved.
  await wechat.getByLabel('AppID').fill(MERCHANT.appId);
  await wechat.getByLabel('商户号 (mch_id)').fill(MERCHANT.mchId);
  await wechat.getByLabel('API 密钥 (32 位)').fill(MERCHANT.apiKey.slice(1));
  await wechat.getByLabel('接口地址').fill(vendor.wechat.baseUrl);
  await wechat.getByTestId('settings-wechat-save').click();
  await expect(wechat.getByTestId('settings-wechat-error')).toHaveText('API 密钥须为 32 位字母或数字');
  await expect(wechat.locator('.st-wrong')).toHaveCount(1);
  await expect(wechat.getByTestId('settings-wechat-source')).toHaveText('内置模拟网关');

  await wechat.getByLabel('API 密钥 (32 位)').fill(MERCHANT.apiKey);
  await wechat.getByTestId('settings-wechat-save').click();
  await expect(wechat.getByTestId('settings-wechat-source')).toHaveText('商户凭据');
  await expect(wechat.getByTestId('settings-wechat-hint')).toHaveText(`…${MERCHANT.apiKey.slice(-4)}`);
  await expect(wechat.getByLabel('API 密钥 (32 位)')).toHaveValue(''); // write-only: never shown again
  await expect(page.getByTestId('settings-alipay-source')).toHaveText('内置模拟网关');
  await page.screenshot({ path: path.join(SHOTS, 'settings-channels.png') });

  // The counter: a bottle of water paid with a WeChat payment code goes to the merchant's account.
  await page.getByRole('button', { name: '收银', exact: true }).click();
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await scanWithGun(page, '6901234000016');
  await expect(page.getByTestId('total')).toHaveText('¥2.00');
  await page.keyboard.press('F6');
  await expect(page.getByTestId('qr-scan-dialog')).toBeVisible();
  await page.getByTestId('auth-code').click();
  await scanWithGun(page, '134567890123456711');
  await expect(page.getByTestId('sale-done')).toBeVisible();
  expect(vendor.control.trades().map((t) => t.amountFen)).toEqual([200]);
});

test("a page from another site, open in the cashier's browser, cannot reach the counter's API", async ({ page }) => {
  core = await serveCore(newDataDir(), []);
  const api = new URL(core.url);
  // Another origin on this very machine (another port is another site to a browser).
  const evil = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>evil</title>');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
    const outcome = await page.evaluate(
      (wsUrl) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(wsUrl);
          ws.onopen = () => {
            ws.send(JSON.stringify({ id: 1, call: 'settings.setChannel', input: { channel: 'wechat', credentials: null } }));
            ws.onmessage = (m) => resolve(`answered: ${String(m.data).slice(0, 80)}`);
          };
          ws.onerror = () => resolve('refused');
        }),
      `ws://${api.host}/api/ws`,
    );
    expect(outcome).toBe('refused');
  } finally {
    await new Promise((resolve) => evil.close(resolve));
  }
});
