/** The simulated pole display as it looks on the counter: LED8N seven-segment digits or a 2×20 VFD. */
import { useEffect, useState } from 'react';
import type { DisplayView } from '../../../../preload/contract';
import { devicesText, useT } from '../../i18n';
import { api } from '../../store';
import { errorText } from '../../api/client';

/** Lit segments (a–g) per character; anything unknown is blank. */
const SEGMENTS: Record<string, string> = {
  '0': 'abcdef', '1': 'bc', '2': 'abdeg', '3': 'abcdg', '4': 'bcfg', '5': 'acdfg', '6': 'acdefg', '7': 'abc', '8': 'abcdefg', '9': 'abcdfg',
  '-': 'g', _: 'd', A: 'abcefg', b: 'cdefg', C: 'adef', c: 'deg', d: 'bcdeg', E: 'adefg', F: 'aefg', H: 'bcefg', h: 'cefg', L: 'def',
  n: 'ceg', o: 'cdeg', P: 'abefg', r: 'eg', t: 'defg', U: 'bcdef', u: 'cde', y: 'bcdfg',
};

const L = 6;
const R = 32;
const T = 5;
const M = 32;
const B = 59;
const H = (x1: number, x2: number, y: number) => `${x1},${y} ${x1 + 3},${y - 3} ${x2 - 3},${y - 3} ${x2},${y} ${x2 - 3},${y + 3} ${x1 + 3},${y + 3}`;
const V = (x: number, y1: number, y2: number) => `${x},${y1} ${x + 3},${y1 + 3} ${x + 3},${y2 - 3} ${x},${y2} ${x - 3},${y2 - 3} ${x - 3},${y1 + 3}`;
const SEG_POINTS: Record<string, string> = {
  a: H(L + 1, R - 1, T),
  b: V(R, T + 1, M - 1),
  c: V(R, M + 1, B - 1),
  d: H(L + 1, R - 1, B),
  e: V(L, M + 1, B - 1),
  f: V(L, T + 1, M - 1),
  g: H(L + 1, R - 1, M),
};

interface Cell {
  ch: string;
  dp: boolean;
}

/** "12.50" → 8 cells, right-aligned; a point lights the decimal point of the digit before it. */
export function ledCells(digits: string, count = 8): Cell[] {
  const cells: Cell[] = [];
  for (const ch of digits) {
    if (ch === '.' || ch === ',') {
      const last = cells.at(-1);
      if (last && !last.dp) last.dp = true;
      else cells.push({ ch: ' ', dp: true });
    } else cells.push({ ch, dp: false });
  }
  const tail = cells.slice(-count);
  return [...Array.from({ length: count - tail.length }, () => ({ ch: ' ', dp: false })), ...tail];
}

function Digit({ cell }: { cell: Cell }) {
  const lit = SEGMENTS[cell.ch] ?? SEGMENTS[cell.ch.toUpperCase()] ?? '';
  return (
    <svg className="dev-led-digit" viewBox="0 0 44 64" aria-hidden="true">
      <g transform="skewX(-6) translate(6 0)">
        {Object.entries(SEG_POINTS).map(([seg, pts]) => (
          <polygon key={seg} points={pts} className={lit.includes(seg) ? 'on' : 'off'} />
        ))}
        <circle cx={39} cy={B} r={3.2} className={cell.dp ? 'on' : 'off'} />
      </g>
    </svg>
  );
}

const LAMPS = ['price', 'total', 'paid', 'change'] as const;

export function PoleDisplay() {
  const t = useT(devicesText);
  const [view, setView] = useState<DisplayView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .call('display.state', {})
      .then((v) => live && setView(v))
      .catch((err: unknown) => live && setError(errorText(err)));
    const off = api.on('display.changed', (v) => {
      setView(v);
      setError(null);
    });
    return () => {
      live = false;
      off();
    };
  }, []);

  return (
    <section className="dev-panel dev-pole" aria-label={t('display')}>
      <h3 className="dev-h">
        {t('display')}
        {view && <span className="dev-h-note mono">{view.model === 'led8n' ? `LED8N · ${view.baudRate} bps` : 'VFD 2×20'}</span>}
      </h3>
      {error && <p className="dev-bad">{error}</p>}
      {view?.model === 'led8n' && (
        <div className="dev-led" data-testid="pole-display" data-digits={view.digits} data-lamp={view.lamp ?? ''}>
          <div className="dev-led-digits">
            {ledCells(view.digits).map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the 8 digit positions are fixed
              <Digit key={i} cell={c} />
            ))}
          </div>
          <div className="dev-led-lamps">
            {LAMPS.map((id) => {
              const on = view.lamp === id || view.lamps.includes(id);
              return (
                <span key={id} className={on ? 'dev-lamp on' : 'dev-lamp'} data-lamp-id={id} data-on={on}>
                  <span className="dev-lamp-dot" />
                  {t(`lamp.${id}`)}
                </span>
              );
            })}
          </div>
        </div>
      )}
      {view?.model === 'dmd' && (
        <div className="dev-vfd" data-testid="pole-display">
          {view.lines.map((line, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two fixed rows
            <div key={row} className="dev-vfd-line">
              {[...line.padEnd(20).slice(0, 20)].map((ch, col) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed character cells
                <span key={col} className={view.cursor.row === row && view.cursor.column === col ? 'dev-vfd-ch cursor' : 'dev-vfd-ch'}>
                  {ch === ' ' ? '\u00a0' : ch}
                </span>
              ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
