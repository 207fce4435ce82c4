/** The receipt printer's job queue (held jobs and what to do about them) and the virtual printer's QA toggles. */
import { useEffect, useState } from 'react';
import type { CallOutput, PrintJobInfo } from '../../../../preload/contract';
import { api, usePos } from '../../store';
import { devicesText, useT } from '../../i18n';
import { clock } from './util';
import { errorText } from '../../api/client';

/** Holds raised before any byte went out: 继续 resends them safely (main/devices/print-queue/hold-reasons.ts). */
const SAFE_TO_RESEND = new Set(['paperOut', 'coverOpen', 'offline', 'printerError', 'noStatus', 'disconnected']);

const SHOWN = 12;

export function PrintQueue() {
  const t = useT(devicesText);
  const [jobs, setJobs] = useState<PrintJobInfo[]>([]);

  useEffect(() => {
    let live = true;
    api
      .call('printer.jobs', {})
      .then((j) => live && setJobs(j))
      .catch((err: unknown) => usePos.getState().notify('error', errorText(err)));
    const off = api.on('printer.job', (job) =>
      setJobs((list) => {
        const i = list.findIndex((j) => j.id === job.id);
        if (i < 0) return [...list, job];
        const next = [...list];
        next[i] = job;
        return next;
      }),
    );
    return () => {
      live = false;
      off();
    };
  }, []);

  const act = async (fn: () => Promise<PrintJobInfo[]>) => {
    try {
      setJobs(await fn());
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    }
  };

  // Jobs needing the cashier first, then the newest.
  const ordered = [...jobs].sort((a, b) => Number(b.state === 'held') - Number(a.state === 'held') || b.createdAt.localeCompare(a.createdAt));
  const heldSafe = jobs.filter((j) => j.state === 'held' && j.hold && SAFE_TO_RESEND.has(j.hold.code));

  return (
    <section className="dev-panel dev-queue" aria-label={t('queue')}>
      <h3 className="dev-h">
        {t('queue')}
        {heldSafe.length > 1 && (
          <button type="button" className="dev-h-btn primary" onClick={() => void act(() => api.call('printer.resume', {}))}>
            {t('resumeAll')}
          </button>
        )}
      </h3>
      {ordered.length === 0 ? (
        <p className="muted">{t('noJobs')}</p>
      ) : (
        <ul className="dev-jobs" data-testid="print-jobs">
          {ordered.slice(0, SHOWN).map((j) => (
            <li key={j.id} className={`dev-job ${j.state}`} data-testid="print-job" data-state={j.state} data-job-id={j.id}>
              <div className="dev-job-head">
                <span className={`dev-job-state ${j.state}`}>{t(`job.${j.state}`)}</span>
                <span className="dev-job-kind">
                  {t.or(`print.${j.kind}`, j.kind)}
                  {j.copy && <span className="dev-tag">{t('copy')}</span>}
                </span>
                <span className="mono dev-job-no">{j.orderNo ?? ''}</span>
                <span className="mono muted dev-job-at">{clock(j.printedAt ?? j.createdAt)}</span>
              </div>
              {j.state === 'held' && j.hold && (
                <div className="dev-job-hold">
                  <div className="dev-job-msg">{t.pick(j.hold.message)}</div>
                  <div className="dev-job-action">{t.pick(j.hold.action)}</div>
                </div>
              )}
              {j.state === 'failed' && j.error && <div className="dev-job-err">{j.error}</div>}
              {(j.state === 'held' || j.state === 'pending') && (
                <div className="dev-job-btns">
                  {j.state === 'held' && j.hold && SAFE_TO_RESEND.has(j.hold.code) && (
                    <button type="button" className="primary" onClick={() => void act(() => api.call('printer.resume', { id: j.id }))}>
                      {t('resume')}
                    </button>
                  )}
                  {j.state === 'held' && j.hold && !SAFE_TO_RESEND.has(j.hold.code) && (
                    <>
                      <button type="button" className="primary" onClick={() => void act(() => api.call('printer.confirmReprint', { id: j.id }))}>
                        {t('reprint')}
                      </button>
                      <button type="button" onClick={() => void act(() => api.call('printer.markPrinted', { id: j.id }))}>
                        {t('markPrinted')}
                      </button>
                    </>
                  )}
                  <button type="button" className="danger" onClick={() => void act(() => api.call('printer.cancel', { id: j.id }))}>
                    {t('cancel')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type PrinterState = CallOutput<'printer.simState'>;
const TOGGLES: Array<{ key: keyof PrinterState; word: 'paperOut' | 'paperNearEnd' | 'coverOpen' | 'drawerOpen' | 'printerOffline' }> = [
  { key: 'paperOut', word: 'paperOut' },
  { key: 'paperNearEnd', word: 'paperNearEnd' },
  { key: 'coverOpen', word: 'coverOpen' },
  { key: 'drawerOpen', word: 'drawerOpen' },
  { key: 'offline', word: 'printerOffline' },
];

/** QA: flip the virtual printer's sensors (缺纸 / 开盖 …). */
export function PrinterQa() {
  const t = useT(devicesText);
  const [state, setState] = useState<PrinterState | null>(null);
  useEffect(() => {
    let live = true;
    api
      .call('printer.simState', {})
      .then((s) => live && setState(s))
      .catch((err: unknown) => usePos.getState().notify('error', errorText(err)));
    return () => {
      live = false;
    };
  }, []);
  const flip = async (key: keyof PrinterState) => {
    if (!state) return;
    try {
      setState(await api.call('printer.simState', { [key]: !state[key] }));
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    }
  };
  return (
    <section className="dev-panel dev-qa" aria-label={t('qa')}>
      <h3 className="dev-h">{t('qa')}</h3>
      <div className="dev-toggles">
        {TOGGLES.map((x) => (
          <button
            key={x.key}
            type="button"
            className={state?.[x.key] ? 'dev-toggle on' : 'dev-toggle'}
            aria-pressed={state?.[x.key] ?? false}
            disabled={!state}
            data-testid={`sim-${x.key}`}
            onClick={() => void flip(x.key)}
          >
            <span className="dev-toggle-box" />
            {t(x.word)}
          </button>
        ))}
      </div>
    </section>
  );
}
