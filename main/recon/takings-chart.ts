/**
 * Takings by tender × hour as a self-contained SVG (stacked bars, one per hour, a legend
 * of the tenders that took money). Pure string output so the same chart serves the
 * Reconciliation page (inline) and the headless `posdesk recon --chart file.svg`.
 */
import { fenToYuan } from '../../drivers/shared/money';
import { TENDER_LABELS } from './labels';
import { HOURS, type MerchantStatement } from './statement';
import { TENDERS, type Tender } from './types';

/** Colours close to each brand's own, so a cashier reads the chart at a glance. */
export const TENDER_COLOURS: Readonly<Record<Tender, string>> = {
  cash: '#8d6e63',
  card: '#1565c0',
  wechat: '#07c160',
  alipay: '#1677ff',
  unionpay: '#d32f2f',
  storedValue: '#f9a825',
};

const WIDTH = 720;
const HEIGHT = 320;
const MARGIN = { top: 20, right: 20, bottom: 60, left: 70 };
/** Gridlines on the amount axis. */
const TICKS = 4;

const escapeXml = (s: string): string => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function takingsChartSvg(s: MerchantStatement): string {
  const used = TENDERS.filter((t) => s.hourly[t].some((v) => v > 0));
  const hourTotals = Array.from({ length: HOURS }, (_, h) => used.reduce((sum, t) => sum + (s.hourly[t][h] ?? 0), 0));
  const max = Math.max(1, ...hourTotals);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotW / HOURS;
  const barW = slot * 0.7;
  const y = (fen: number) => MARGIN.top + plotH - (fen / max) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(`${s.date} 分时段收款`)}</title>`,
  ];
  for (let i = 0; i <= TICKS; i++) {
    const fen = Math.round((max * i) / TICKS);
    const ty = y(fen).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${ty}" y2="${ty}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${fenToYuan(fen)}</text>`);
  }
  for (let h = 0; h < HOURS; h++) {
    const x = (MARGIN.left + h * slot + (slot - barW) / 2).toFixed(1);
    let base = 0;
    for (const t of used) {
      const v = s.hourly[t][h] ?? 0;
      if (v <= 0) continue;
      const top = y(base + v);
      const height = y(base) - top;
      parts.push(
        `<rect x="${x}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${height.toFixed(1)}" fill="${TENDER_COLOURS[t]}"><title>${escapeXml(`${h}时 ${TENDER_LABELS[t]} ${fenToYuan(v)}元`)}</title></rect>`,
      );
      base += v;
    }
    parts.push(`<text x="${(MARGIN.left + h * slot + slot / 2).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle">${h}</text>`);
  }
  used.forEach((t, i) => {
    const lx = MARGIN.left + i * 100;
    const ly = HEIGHT - 18;
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${TENDER_COLOURS[t]}"/>`);
    parts.push(`<text x="${lx + 14}" y="${ly}">${escapeXml(TENDER_LABELS[t])}</text>`);
  });
  if (used.length === 0) parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">当日无收款</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
