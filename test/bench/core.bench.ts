/**
 * Foundation figures: headless cold start to ready, idle RSS, and the renderer's cost
 * from the last key of a scan to the painted cart line (in Debian's Chromium).
 */
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { newDataDir, serveCore } from '../e2e/support/server';
import type { BenchRow } from './bench-row';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const COLD_STARTS = 5;
const SCANS = 60;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * Runs inside the page. Kept as source text: tsx would wrap the functions in a
 * `__name` helper that does not exist in the browser.
 */
const IN_PAGE_SCAN_TIMER = `async (n) => {
  const codes = ['6901234000016', '6901234000023', '6901234000030', '6901234000047', '6901234000054', '6901234000061',
    '6901234000078', '6901234000085', '6901234000092', '6901234000108', '6901234000115', '6901234000122'];
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const tbody = () => document.querySelector('[data-testid="cart-lines"]');
  const out = [];
  for (let i = 0; i < n; i++) {
    const code = codes[i % codes.length];
    const before = tbody() ? tbody().textContent : '';
    for (const ch of code) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: ch, bubbles: true }));
      await wait(3);
    }
    const t0 = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await new Promise((resolve) => {
      const check = () => {
        if ((tbody() ? tbody().textContent : '') !== before) requestAnimationFrame(() => resolve());
        else requestAnimationFrame(check);
      };
      check();
    });
    out.push(performance.now() - t0);
    await wait(30);
  }
  return out;
}`;

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // Cold start: a fresh data dir each time (migrations + catalog seed included).
  const starts: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const dataDir = newDataDir();
    const t0 = performance.now();
    const core = await serveCore(dataDir);
    starts.push(performance.now() - t0);
    await core.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  rows.push({ bench: 'core', metric: 'headless cold start to ready (median of 5)', value: pct(starts, 50), unit: 'ms', note: 'spawn node → "serving at" line; new SQLite file, migrations, seed' });

  const dataDir = newDataDir();
  const core = await serveCore(dataDir);
  await new Promise((r) => setTimeout(r, 2000));
  rows.push({ bench: 'core', metric: 'idle RSS after start', value: rssMb(core.proc.pid as number), unit: 'MB', note: 'headless core, 2 s after ready' });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(core.url);
    await page.getByText('请扫描商品条码').waitFor();
    // In the page: type each scan as key events 3 ms apart and time from the last key
    // (Enter) to the frame in which the new line is painted.
    const samples = (await page.evaluate(`(${IN_PAGE_SCAN_TIMER})(${SCANS})`)) as number[];
    rows.push({ bench: 'core', metric: 'last scan key → painted line, p50', value: pct(samples, 50), unit: 'ms', note: `${SCANS} scans, WebSocket to the core, Chromium headless` });
    rows.push({ bench: 'core', metric: 'last scan key → painted line, p95', value: pct(samples, 95), unit: 'ms' });
  } finally {
    await browser.close();
    await core.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
