import { useEffect, useRef, useState } from 'react';
import { simulatorText, useT } from '../../i18n';
import { api, usePos } from '../../store';
import { simCall, type TranscriptRow } from './useSim';

/** 12:03:04.567 in local time. */
function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** The core sends "02 00 3a"; tolerate "02003a" too. Returns the spaced form and the byte count. */
function hexView(bytes: string): { text: string; count: number } {
  const hex = bytes.replace(/[^0-9a-fA-F]/g, '');
  return { text: hex.replace(/(..)(?!$)/g, '$1 '), count: Math.floor(hex.length / 2) };
}

/**
 * Every byte both ways, with time, direction and the decoded message. 'rx' is what the
 * simulated terminal received (till -> terminal), 'tx' what it sent (main/sim/README.md).
 */
export function TranscriptPanel({ rows, dropped, vendor }: { rows: TranscriptRow[]; dropped: number; vendor: string }) {
  const t = useT(simulatorText);
  const [follow, setFollow] = useState(true);
  const [open, setOpen] = useState<number | null>(null);
  const box = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever rows arrive
  useEffect(() => {
    const el = box.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [rows, follow]);

  const exportJsonl = async () => {
    const res = await simCall(() => api.call('sim.exportTranscript', {}));
    if (!res) return;
    const url = URL.createObjectURL(new Blob([res.jsonl], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `posdesk-sim-${vendor}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    usePos.getState().notify('success', t('exported'));
  };

  const totalBytes = rows.reduce((n, r) => n + hexView(r.bytes).count, 0);

  return (
    <section className="sim-panel sim-transcript" data-testid="sim-transcript">
      <header className="sim-panel-head">
        <h3>{t('transcriptTitle')}</h3>
        <span className="sim-small sim-muted sim-ell sim-transcript-info">
          {t('transcriptHint')} · {rows.length} {t('entries')} · {totalBytes} {t('bytes')}
          {dropped > 0 && ` · ${dropped} ${t('dropped')}`}
        </span>
        <div className="sim-transcript-tools">
          <label className="sim-check">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('follow')}
          </label>
          <button type="button" data-testid="sim-export" onClick={() => void exportJsonl()}>
            {t('exportJsonl')}
          </button>
        </div>
      </header>
      <div
        className="sim-transcript-scroll"
        ref={box}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
          if (atBottom !== follow) setFollow(atBottom);
        }}
      >
        {rows.length === 0 ? (
          <div className="sim-empty">{t('transcriptEmpty')}</div>
        ) : (
          <table>
            <thead>
              <tr>
                <th className="sim-c-time">{t('colTime')}</th>
                <th className="sim-c-dir">{t('colDir')}</th>
                <th className="sim-c-hex">{t('colHex')}</th>
                <th>{t('colDecoded')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const hex = hexView(r.bytes);
                return (
                <tr
                  key={r.seq}
                  data-testid="sim-transcript-row"
                  data-dir={r.dir}
                  className={`${r.dir} ${open === r.seq ? 'open' : ''}`}
                  title={t('rowToggle')}
                  onClick={() => setOpen(open === r.seq ? null : r.seq)}
                >
                  <td className="sim-mono sim-c-time">{clock(r.at)}</td>
                  <td className="sim-c-dir">
                    <span className={`sim-dir ${r.dir}`}>{r.dir === 'rx' ? t('dirRx') : t('dirTx')}</span>
                    <div className="sim-small sim-muted sim-mono">
                      {r.dir}
                      {hex.count > 0 && ` · ${hex.count} B`}
                    </div>
                  </td>
                  <td className="sim-mono sim-c-hex">
                    <div className="sim-clamp">{hex.count > 0 ? hex.text : '—'}</div>
                  </td>
                  <td className="sim-c-decoded">
                    {r.decoded && (
                      <div className="sim-mono sim-clamp" data-testid="sim-decoded">
                        {r.decoded}
                      </div>
                    )}
                    {r.note && <div className="sim-note">{r.note}</div>}
                  </td>
                </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
