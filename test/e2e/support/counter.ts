/** What every counter e2e spec does: open the counter, and scan like a gun. */
import { expect, type Page } from '@playwright/test';

/** Milliseconds between two keys of a scan: a USB HID gun types one key per 1-8 ms poll. */
const GUN_KEY_GAP_MS = 3;

/**
 * A scanner gun: each key 3 ms after the previous one, ending in Enter.
 *
 * Why not `page.keyboard.type(code, { delay: 3 })`: that awaits a round trip through the
 * browser per key, so on a loaded CI machine one gap can stretch past the detector's 35 ms
 * and the scan splits (it did, once, in CI). A real gun's keys are stamped by the OS when the
 * HID report arrives, however busy the PC is. CDP's Input.dispatchKeyEvent takes that same
 * stamp (`timestamp`, which becomes KeyboardEvent.timeStamp), so the keys are sent at once,
 * in order, each stamped 3 ms after the previous one, exactly like the hardware.
 */
export async function scanWithGun(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const t0 = Date.now() / 1000;
    const keys = [...code, 'Enter'];
    await Promise.all(
      keys.flatMap((key, i) => {
        const at = t0 + (i * GUN_KEY_GAP_MS) / 1000;
        const k = gunKey(key);
        return [
          cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...k, timestamp: at }),
          cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, code: k.code, windowsVirtualKeyCode: k.windowsVirtualKeyCode, timestamp: at + 0.001 }),
        ];
      }),
    );
  } finally {
    await cdp.detach();
  }
}

/** The fields a US-layout keyboard puts in a keydown for one label character. */
function gunKey(key: string): { key: string; code: string; text: string; windowsVirtualKeyCode: number } {
  if (key === 'Enter') return { key, code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 };
  if (/^[0-9]$/.test(key)) return { key, code: `Digit${key}`, text: key, windowsVirtualKeyCode: key.charCodeAt(0) };
  if (/^[a-zA-Z]$/.test(key)) {
    const upper = key.toUpperCase();
    return { key, code: `Key${upper}`, text: key, windowsVirtualKeyCode: upper.charCodeAt(0) };
  }
  throw new Error(`scanWithGun: no key mapping for ${JSON.stringify(key)} (labels here are digits and letters)`);
}

/** Opens the counter and waits until it is connected to the core and empty. */
export async function openCounter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByText('已连接')).toBeVisible();
  await expect(page.getByText('请扫描商品条码')).toBeVisible();
}
