/**
 * 渠道对账: the day's statements (from the gateway simulator or imported files) matched
 * against the journal — verdict, unreadable rows with their line numbers, the five
 * categories, the line-by-line list, the merged merchant statement, its chart and CSV.
 */
import type { ChangeEvent } from 'react';
import type { ReconResult } from '../../../../preload/contract';
import { commonText, reconText, type T, tenderText, useT } from '../../i18n';
import { api, usePos } from '../../store';
import { downloadText } from '../queue/util';
import { useRecon } from './state';
import { errorText } from '../../api/client';
import { fenToYuan } from '../../../../drivers/shared/money';

type Rt = T<typeof reconText>;
type Category = ReconResult['items'][number]['category'];
const CATEGORIES: Category[] = ['matched', 'localOnly', 'channelOnly', 'amountMismatch', 'statusMismatch'];
const MAX_FILES = 10;

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

async function runRecon(source: 'gateway' | File[], t: Rt): Promise<void> {
  const { date } = useRecon.getState();
  useRecon.setState({ reconBusy: true });
  try {
    const files = source === 'gateway' ? [] : await Promise.all(source.map(async (f) => ({ name: f.name, base64: await toBase64(f) })));
    const recon = await api.call('recon.run', { date, source: source === 'gateway' ? 'gateway' : 'files', files });
    useRecon.setState({ recon, source: source === 'gateway' ? 'gateway' : source.map((f) => f.name) });
    usePos.getState().notify(recon.balanced ? 'success' : 'error', `${recon.date} · ${recon.balanced ? t('balanced') : t('unbalanced')}`);
  } catch (err) {
    usePos.getState().notify('error', errorText(err));
  } finally {
    useRecon.setState({ reconBusy: false });
  }
}

/** +¥12.00 / -¥3.50 / ¥0.00 */
function signed(fen: number): string {
  return `${fen > 0 ? '+' : fen < 0 ? '-' : ''}¥${fenToYuan(Math.abs(fen))}`;
}

function money(fen: number | null): string {
  return fen === null ? '—' : fenToYuan(fen);
}

export function ReconPanel() {
  const t = useT(reconText);
  const date = useRecon((s) => s.date);
  const recon = useRecon((s) => s.recon);
  const busy = useRecon((s) => s.reconBusy);
  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.currentTarget.files ?? []);
    e.currentTarget.value = ''; // the same file chosen again must fire again
    if (files.length === 0) return;
    if (files.length > MAX_FILES) {
      usePos.getState().notify('error', t('tooManyFiles'));
      return;
    }
    void runRecon(files, t);
  };
  const exportCsv = () => {
    if (!recon) return;
    downloadText(t('csvFile', { date: recon.date }), recon.csv, 'text/csv;charset=utf-8');
    usePos.getState().notify('success', t('csvSaved'));
  };
  return (
    <section className="rc-col rc-recon" aria-label={t('reconTitle')}>
      <div className="rc-head">
        <h2>{t('reconTitle')}</h2>
        <span className="rc-hint rc-hint-inline">{t('reconHint')}</span>
      </div>
      <div className="rc-toolbar">
        <label className="rc-date">
          {t('date')}
          <input type="date" data-testid="recon-date" value={date} onChange={(e) => e.currentTarget.value && useRecon.setState({ date: e.currentTarget.value })} />
        </label>
        <button type="button" className="primary" data-testid="recon-gateway" disabled={busy} onClick={() => void runRecon('gateway', t)}>
          {t('fromGateway')}
        </button>
        <label className={busy ? 'rc-file-btn rc-disabled' : 'rc-file-btn'}>
          {t('importFiles')}
          <input type="file" multiple data-testid="recon-files" disabled={busy} onChange={onFiles} />
        </label>
        <button type="button" data-testid="recon-csv" disabled={!recon || busy} onClick={exportCsv}>
          {t('exportCsv')}
        </button>
        {busy && <span className="rc-busy">{t('reconciling')}</span>}
      </div>
      {recon ? <ReconResultView r={recon} t={t} /> : <p className="rc-empty">{t('noRecon')}</p>}
    </section>
  );
}

function ReconResultView({ r, t }: { r: ReconResult; t: Rt }) {
  const c = useT(commonText);
  const tender = useT(tenderText);
  const source = useRecon((s) => s.source);
  const onlyDiffs = useRecon((s) => s.onlyDiffs);
  const net = r.items.reduce((sum, i) => sum + i.effectFen, 0);
  /** A channel's or a tender's name (the contract names a channel by string). */
  const name = (k: string): string => tender.or(k, k);
  const items = onlyDiffs ? r.items.filter((i) => i.category !== 'matched') : r.items;
  const state = (s: string | null) => (s ? c.or(`state.${s}`, s) : '—');
  return (
    <>
      <div className={r.balanced ? 'rc-verdict rc-ok' : 'rc-verdict rc-bad'} data-testid="recon-verdict" data-balanced={String(r.balanced)}>
        <span className="rc-verdict-word">{r.balanced ? t('balanced') : t('unbalanced')}</span>
        <span className="rc-verdict-meta">
          {r.date} · {t('channelsChecked')}
          {c('colon')}
          {r.channels.length > 0 ? r.channels.map(name).join('、') : t('noChannels')} · {t('netDiff')}{' '}
          <strong className={net === 0 ? undefined : 'rc-bad-text'}>{signed(net)}</strong>
        </span>
        <span className="rc-verdict-meta rc-source">{source === 'gateway' ? t('sourceGateway') : source ? `${t('sourceFiles')}${source.join(', ')}` : ''}</span>
      </div>

      {r.errors.length > 0 && (
        <div className="rc-box rc-box-bad" data-testid="recon-errors">
          <h4>
            {t('badRows')} ({r.errors.length})
          </h4>
          <p className="rc-hint">{t('badRowsHint')}</p>
          <ul>
            {r.errors.map((e) => (
              <li key={`${e.source}:${e.line}:${e.message}`} data-testid="recon-error" data-line={e.line}>
                <span className="mono">{e.source}</span> · <strong>{e.line > 0 ? t('lineN', { n: e.line }) : t('wholeFile')}</strong>
                {c('colon')}
                {t.pick(e.message)}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="rc-cats">
        {CATEGORIES.map((c) => {
          const tot = r.totals[c];
          const hint = c === 'localOnly' ? t('localOnlyHint') : c === 'channelOnly' ? t('channelOnlyHint') : null;
          return (
            <div key={c} className={`rc-cat rc-cat-${c}${tot && tot.count > 0 && c !== 'matched' ? ' rc-cat-hot' : ''}`} data-testid={`recon-cat-${c}`}>
              <div className="rc-cat-name">
                {t(c)}
                {hint && <span className="rc-cat-hint">{hint}</span>}
              </div>
              <div className="rc-cat-count">
                {tot?.count ?? 0}
                <span className="rc-unit">{t('count')}</span>
              </div>
              <div className="rc-cat-money">
                {c === 'matched' ? `¥${fenToYuan(tot?.channelFen ?? 0)}` : `${t('colEffect')} ${signed(tot?.effectFen ?? 0)}`}
              </div>
            </div>
          );
        })}
      </div>

      <div className="rc-sub-head">
        <h3 className="rc-sub">{t('items')}</h3>
        <label className="rc-check">
          <input type="checkbox" checked={onlyDiffs} onChange={(e) => useRecon.setState({ onlyDiffs: e.currentTarget.checked })} /> {t('onlyDiffs')}
        </label>
      </div>
      {items.length === 0 ? (
        <p className="rc-empty rc-ok-text">{r.items.length > 0 || r.errors.length === 0 ? t('noDiffs') : t('noRecon')}</p>
      ) : (
        <div className="rc-table-wrap">
          <table className="rc-table" data-testid="recon-items">
            <thead>
              <tr>
                <th>{t('colCategory')}</th>
                <th>{t('colTime')}</th>
                <th>{t('colChannel')}</th>
                <th>{t('colOrder')}</th>
                <th className="num">{t('colLocal')}</th>
                <th className="num">{t('colChannelAmt')}</th>
                <th className="num">{t('colEffect')}</th>
                <th>{t('colNote')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={`${i.category}:${i.channel}:${i.leg}:${i.key}`} data-testid="recon-item" data-category={i.category} className={i.category === 'matched' ? undefined : 'rc-row-bad'}>
                  <td className={`rc-tag rc-tag-${i.category}`}>{t(i.category)}</td>
                  <td className="rc-nowrap">{i.at.slice(11) || i.at}</td>
                  <td className="rc-nowrap">
                    {name(i.channel)}
                    {i.leg === 'refund' && <span className="rc-leg"> · {t('refundLeg')}</span>}
                  </td>
                  <td className="mono rc-key">{i.orderNo ?? i.key}</td>
                  <td className="num">
                    {money(i.localAmountFen)}
                    {i.localState && i.localState !== 'approved' && <div className="rc-state">{state(i.localState)}</div>}
                  </td>
                  <td className="num">{money(i.channelAmountFen)}</td>
                  <td className={i.effectFen === 0 ? 'num' : 'num rc-bad-text'}>{signed(i.effectFen)}</td>
                  <td className="rc-note">{t.pick(i.note)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 className="rc-sub">{t('statementTitle')}</h3>
      <table className="rc-table" data-testid="recon-statement">
        <thead>
          <tr>
            <th>{t('colTender')}</th>
            <th className="num">{t('colCount')}</th>
            <th className="num">{t('colGross')}</th>
            <th className="num">{t('colRefund')}</th>
            <th className="num">{t('colFee')}</th>
            <th className="num">{t('colNet')}</th>
          </tr>
        </thead>
        <tbody>
          {r.statement.totals.map((s) => (
            <tr key={s.tender}>
              <td>{name(s.tender)}</td>
              <td className="num">{s.count}</td>
              <td className="num">{fenToYuan(s.grossFen)}</td>
              <td className="num">{fenToYuan(s.refundFen)}</td>
              <td className="num">{fenToYuan(s.feeFen)}</td>
              <td className="num">{fenToYuan(s.netFen)}</td>
            </tr>
          ))}
          <tr className="rc-grand">
            <td>{t('grand')}</td>
            <td className="num">{r.statement.grand.count}</td>
            <td className="num">{fenToYuan(r.statement.grand.grossFen)}</td>
            <td className="num">{fenToYuan(r.statement.grand.refundFen)}</td>
            <td className="num">{fenToYuan(r.statement.grand.feeFen)}</td>
            <td className="num">{fenToYuan(r.statement.grand.netFen)}</td>
          </tr>
        </tbody>
      </table>

      <h3 className="rc-sub">{t('chartTitle')}</h3>
      <div className="rc-chart">
        <img data-testid="recon-chart" alt={t('chartTitle')} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(r.chartSvg)}`} />
      </div>
    </>
  );
}
