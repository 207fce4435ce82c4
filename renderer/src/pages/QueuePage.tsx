/**
 * 上传队列: the store-and-forward outbox as the cashier and support see it — HQ link,
 * events waiting and how long, throughput, the last error, the caps' countdown, which
 * tenders still work offline, and quarantined events with retry / export.
 */
import { useCallback, useEffect, useState } from 'react';
import type { QueueStatus } from '../../../preload/contract';
import { commonText, queueText, type T, tenderText, useT } from '../i18n';
import { api, usePos } from '../store';
import { downloadText, fileStamp, localTime } from './queue/util';
import './queue/queue.css';
import { errorText } from '../api/client';

type Tx = T<typeof queueText>;

/** 45 秒 / 12 分 5 秒 / 3 小时 20 分. */
function duration(ms: number, t: Tx): string {
  const sec = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  if (h > 0) return `${h} ${t('h')} ${m} ${t('m')}`;
  if (m > 0) return `${m} ${t('m')} ${s} ${t('s')}`;
  return `${s} ${t('s')}`;
}

/** A countdown clock, hours may pass 24: 71:59:08. */
function clock(ms: number): string {
  const sec = Math.max(0, Math.ceil(ms / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(sec / 3600))}:${p(Math.floor((sec % 3600) / 60))}:${p(sec % 60)}`;
}

type Snapshot = { status: QueueStatus; at: number };

function useQueueStatus(): [Snapshot | null, (s: QueueStatus) => void, () => Promise<void>] {
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const apply = useCallback((status: QueueStatus) => setSnap({ status, at: Date.now() }), []);
  const load = useCallback(async () => {
    try {
      apply(await api.call('queue.status', {}));
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    }
  }, [apply]);
  useEffect(() => {
    void load();
    const off = api.on('queue.changed', apply);
    // Without an HQ nothing pushes changes; a slow poll keeps counts and ages fresh.
    const timer = setInterval(() => void api.call('queue.status', {}).then(apply, () => undefined), 5000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [load, apply]);
  return [snap, apply, load];
}

/** Re-renders once a second (ages and countdowns tick between status updates). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function QueuePage() {
  const t = useT(queueText);
  const c = useT(commonText);
  const [snap, apply, load] = useQueueStatus();
  const now = useNow();
  if (!snap) return <p className="qu-loading muted">{t('loading')}</p>;
  const { status: q, at } = snap;
  const since = Math.max(0, now - at);
  const state = !q.configured ? 'local' : q.online === true ? 'online' : q.online === false ? 'offline' : 'checking';
  const word = { local: t('notConfigured'), online: t('online'), offline: t('offline'), checking: t('checking') }[state];
  const text = { local: t('notConfiguredText'), online: t('onlineText'), offline: t('offlineText'), checking: t('checkingText') }[state];
  const oldest = q.pending > 0 ? q.oldestAgeMs + since : 0;

  return (
    <div className="qu-page" data-testid="queue-page">
      <section className={`qu-banner qu-${state}`} data-testid="queue-state" data-state={state}>
        <div className="qu-word">
          <span className="qu-dot" />
          {word}
        </div>
        <div className="qu-banner-text">
          <div className="qu-banner-main">{text}</div>
          <div className="qu-banner-meta">
            {q.hqUrl && (
              <span>
                {t('hq')}
                {c('colon')}
                <span className="mono">{q.hqUrl}</span>
              </span>
            )}
            {q.configured && (
              <span>
                {t('lastSync')}
                {c('colon')}
                {q.lastSyncAt ? localTime(q.lastSyncAt) : t('never')}
              </span>
            )}
            {q.lastError && (
              <span className="qu-error" data-testid="queue-last-error">
                {t('lastError')}
                {c('colon')}
                {t.pick(q.lastError)}
              </span>
            )}
          </div>
        </div>
        <button type="button" className="qu-refresh" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </section>

      {q.capWarning && <CapWarning cap={q.capWarning} since={since} t={t} />}

      <section className="qu-stats">
        <Stat label={t('pending')} testId="queue-pending" value={String(q.pending)} unit={t('events')} tone={q.pending > 0 && state === 'offline' ? 'warn' : undefined} />
        <Stat label={t('oldest')} testId="queue-oldest" value={q.pending > 0 ? duration(oldest, t) : t('nothingWaiting')} small={q.pending === 0} />
        <Stat label={t('throughput')} testId="queue-throughput" value={q.throughputPerMin.toFixed(q.throughputPerMin < 10 ? 1 : 0)} unit={t('perMin')} />
        <Stat label={t('sent')} testId="queue-sent" value={String(q.sentTotal)} unit={t('events')} />
      </section>

      <div className="qu-bottom">
        <Tenders q={q} t={t} />
        <Quarantine q={q} t={t} onStatus={apply} />
      </div>
    </div>
  );
}

function Stat({ label, value, unit, testId, tone, small }: { label: string; value: string; unit?: string; testId: string; tone?: 'warn'; small?: boolean }) {
  return (
    <div className={`qu-stat${tone ? ` qu-${tone}` : ''}`}>
      <div className="qu-stat-label">{label}</div>
      <div className={small ? 'qu-stat-value qu-small' : 'qu-stat-value'} data-testid={testId}>
        {value}
        {unit && <span className="qu-unit">{unit}</span>}
      </div>
    </div>
  );
}

function CapWarning({ cap, since, t }: { cap: NonNullable<QueueStatus['capWarning']>; since: number; t: Tx }) {
  const eta = cap.etaMs === null ? null : Math.max(0, cap.etaMs - since);
  const reached = cap.remaining === 0;
  return (
    <section className={reached ? 'qu-cap qu-cap-hit' : 'qu-cap'} data-testid="queue-cap" data-kind={cap.kind}>
      <div className="qu-cap-title">{reached ? t('capReached') : cap.kind === 'count' ? t('capCount') : t('capAge')}</div>
      {!reached && (
        <div className="qu-cap-body">
          {cap.kind === 'count' ? (
            <span>
              {t('capCountLeft')} <strong>{cap.remaining}</strong> {t('events')}
            </span>
          ) : (
            <span>{t('capAgeLeft')}</span>
          )}
          <span>
            {cap.kind === 'count' && `${t('capEta')} `}
            {eta === null ? <span className="muted">{t('capEtaUnknown')}</span> : <strong className="qu-countdown" data-testid="queue-countdown">{clock(eta)}</strong>}
          </span>
          <span className="muted">{t('capAdvice')}</span>
        </div>
      )}
    </section>
  );
}

function Tenders({ q, t }: { q: QueueStatus; t: Tx }) {
  const tender = useT(tenderText);
  const rows: Array<{ id: 'cash' | 'card' | 'qr'; name: string; okText: string }> = [
    { id: 'cash', name: tender('cash'), okText: t('cashAlways') },
    { id: 'card', name: tender('card'), okText: t('cardOk') },
    { id: 'qr', name: t('tenderQr'), okText: t('qrOk') },
  ];
  return (
    <section className="qu-panel qu-tenders">
      <h3>{t('tendersTitle')}</h3>
      {rows.map((r) => {
        const a = q.tenders[r.id];
        return (
          <div key={r.id} className={a.available ? 'qu-tender qu-ok' : 'qu-tender qu-bad'} data-testid={`tender-${r.id}-state`} data-available={String(a.available)}>
            <span className="qu-mark">{a.available ? '✓' : '✕'}</span>
            <div className="qu-tender-text">
              <div className="qu-tender-name">
                {r.name}
                <span className="qu-tender-word">{a.available ? t('available') : t('unavailable')}</span>
              </div>
              <div className="qu-tender-why">{a.available ? r.okText : t.pick(a.reason)}</div>
            </div>
          </div>
        );
      })}
      <p className="qu-policy">{t('policyCap')}</p>
    </section>
  );
}

function Quarantine({ q, t, onStatus }: { q: QueueStatus; t: Tx; onStatus: (s: QueueStatus) => void }) {
  const [busy, setBusy] = useState(false);
  const retry = async (id: string) => {
    setBusy(true);
    try {
      onStatus(await api.call('queue.retry', { id }));
      usePos.getState().notify('info', t('retried'));
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const exportAll = async () => {
    try {
      const { jsonl } = await api.call('queue.export', {});
      downloadText(`posdesk-quarantine-${fileStamp()}.jsonl`, jsonl, 'application/x-ndjson;charset=utf-8');
      usePos.getState().notify('success', t('exported'));
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    }
  };
  return (
    <section className="qu-panel qu-quarantine">
      <div className="qu-panel-head">
        <h3>
          {t('quarantineTitle')} <span className="qu-count">{q.quarantined.length}</span>
        </h3>
        <button type="button" data-testid="queue-export" disabled={q.quarantined.length === 0} onClick={() => void exportAll()}>
          {t('exportAll')}
        </button>
      </div>
      <p className="qu-hint">{t('quarantineHint')}</p>
      {q.quarantined.length === 0 ? (
        <p className="qu-empty">{t('quarantineEmpty')}</p>
      ) : (
        <div className="qu-table-wrap">
          <table className="qu-table">
            <thead>
              <tr>
                <th className="num">{t('colSeq')}</th>
                <th>{t('colType')}</th>
                <th>{t('colOrder')}</th>
                <th>{t('colAt')}</th>
                <th>{t('colMessage')}</th>
                <th className="num">{t('colAttempts')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {q.quarantined.map((e) => (
                <tr key={e.id} data-testid="quarantined-row">
                  <td className="num">{e.seq}</td>
                  <td className="qu-nowrap">
                    {t.or(`ev.${e.type}`, e.type)}
                    <div className="qu-raw mono">{e.type}</div>
                  </td>
                  <td className="mono">{e.aggregateId}</td>
                  <td className="qu-nowrap">{localTime(e.at)}</td>
                  <td>
                    <span className="qu-code mono">{e.code}</span> {t.pick(e.message)}
                  </td>
                  <td className="num">{e.attempts}</td>
                  <td className="qu-nowrap">
                    <button type="button" disabled={busy} onClick={() => void retry(e.id)}>
                      {t('retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
