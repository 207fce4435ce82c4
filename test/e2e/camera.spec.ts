/**
 * Camera scanning: Chromium's fake camera plays a video (Y4M) that we write here, showing
 * the QR code of a product; the counter's camera dialog decodes it with @zxing/library and
 * the product lands in the cart — the same path a webcam at the counter takes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { BarcodeFormat, EncodeHintType, QRCodeWriter } from '@zxing/library';
import { CHROMIUM } from '../../playwright.config';
import { newDataDir, type ServedCore, serveCore } from './support/server';

const W = 320;
const H = 240;

/** One 4:2:0 frame: the QR of `text`, black on white, centred; Chromium loops it. */
function qrVideo(text: string): string {
  const m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, new Map([[EncodeHintType.MARGIN, 4]]));
  const scale = Math.floor(Math.min(W, H) / m.getWidth());
  const x0 = Math.floor((W - m.getWidth() * scale) / 2);
  const y0 = Math.floor((H - m.getHeight() * scale) / 2);
  const y = Buffer.alloc(W * H, 235);
  for (let py = 0; py < m.getHeight() * scale; py++) {
    for (let px = 0; px < m.getWidth() * scale; px++) {
      if (m.get(Math.floor(px / scale), Math.floor(py / scale))) y[(y0 + py) * W + x0 + px] = 16;
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'posdesk-cam-')), 'qr.y4m');
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma]));
  return file;
}

const VIDEO = qrVideo('6901234000016');

test.use({
  permissions: ['camera'],
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${VIDEO}`,
    ],
  },
});

let core: ServedCore | undefined;
test.afterEach(async () => {
  await core?.stop();
  core = undefined;
});

test('a code read by the camera is added to the cart', async ({ page }) => {
  core = await serveCore(newDataDir());
  await page.goto(core.url);
  await expect(page.getByText('已连接')).toBeVisible();
  await page.getByTestId('camera-scan').click();
  await expect(page.getByTestId('camera-view')).toBeVisible();
  const line = page.getByTestId('cart-line');
  await expect(line).toHaveCount(1, { timeout: 15_000 });
  await expect(line).toHaveAttribute('data-barcode', '6901234000016');
  await expect(page.getByTestId('camera-dialog')).toBeHidden();
});
