/**
 * Scanner calibration wizard: the cashier scans the test label; every raw keydown is captured
 * (store.rawKeyTarget bypasses the burst detector), and when the burst ends the analyzer
 * reports the keyboard layout, the suffix, the speed and the settings to use.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { analyzeCalibration, CALIBRATION_LABEL, type CalibrationReport, type RecordedKey } from '../../../../drivers/scanner/calibration';
import { LAYOUT_TABLES, remapLayout } from '../../../../drivers/scanner/keyboard-layouts';
import { QrCode } from '../../components/QrCode';
import { devicesText, type T, useT } from '../../i18n';
import { api, usePos } from '../../store';
import { saveCalibration, toSaved } from './calibration-store';
import { errorText } from '../../api/client';

/** Silence after the last key that ends the capture. */
const BURST_END_MS = 300;

/** The analyzer's findings in the cashier's words, from the report's facts (the analyzer's own list is English prose). */
function problems(r: CalibrationReport, label: string, t: T<typeof devicesText>): string[] {
  const out: string[] = [];
  const chars = r.observed.length;
  if (chars === 0 && r.layout === null) out.push(t('wizP.noChars'));
  else if (r.layout === null) out.push(t('wizP.noMatch', { observed: r.observed }));
  else {
    const name = t(`layout.${r.layout}`);
    if (r.layout !== 'us') out.push(t('wizP.layout', { name }));
    if (r.capsLockInverted) out.push(t('wizP.caps'));
    const table = LAYOUT_TABLES[r.layout];
    const dead = [...new Set([...label].filter((c) => table[c] === ''))];
    if (dead.length > 0) out.push(t('wizP.dead', { keys: dead.join(' ') }));
    if (r.distance > 0) out.push(t('wizP.distance', { n: r.distance }));
  }
  if (r.aimPrefix !== null) out.push(t('wizP.aim', { prefix: r.aimPrefix }));
  if (r.suffix === null && chars > 0) out.push(t('wizP.noSuffix'));
  if (r.suffix === 'Tab') out.push(t('wizP.tab'));
  if (r.timing.max > 60) out.push(t('wizP.slow', { ms: Math.round(r.timing.max) }));
  if (chars > 0 && chars < 4) out.push(t('wizP.short'));
  return out;
}

export function CalibrationWizard({ scannerId, onClose }: { scannerId: string | null; onClose: () => void }) {
  const t = useT(devicesText);
  const [phase, setPhase] = useState<'capture' | 'report'>('capture');
  const [report, setReport] = useState<CalibrationReport | null>(null);
  const keys = useRef<RecordedKey[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const target = useRef<((key: string, atMs: number) => void) | null>(null);
  /** The key count is written straight to the DOM: no React render between a scanner's keys. */
  const countEl = useRef<HTMLElement | null>(null);

  const release = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (target.current && usePos.getState().rawKeyTarget === target.current) usePos.setState({ rawKeyTarget: null });
    target.current = null;
  }, []);

  useEffect(() => {
    if (phase !== 'capture') return;
    keys.current = [];
    if (countEl.current) countEl.current.textContent = '0';
    const onKey = (key: string, atMs: number) => {
      keys.current.push({ key, atMs });
      if (countEl.current) countEl.current.textContent = String(keys.current.length);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        release();
        setReport(analyzeCalibration(keys.current));
        setPhase('report');
      }, BURST_END_MS);
    };
    target.current = onKey;
    usePos.setState({ rawKeyTarget: onKey });
    return release;
  }, [phase, release]);

  // Esc closes once the capture is over (during it, every key belongs to the capture).
  useEffect(() => {
    if (phase !== 'report') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phase, onClose]);

  const apply = async () => {
    if (!report) return;
    saveCalibration(toSaved(report));
    try {
      if (scannerId && report.layout) await api.call('devices.updateSettings', { id: scannerId, settings: { keyboardLayout: report.layout } });
      usePos.getState().notify('success', t('wizApplied'));
      onClose();
    } catch (err) {
      usePos.getState().notify('error', errorText(err));
    }
  };

  const found = report ? problems(report, CALIBRATION_LABEL, t) : [];
  const verdict = !report ? 'bad' : report.ok && found.length === 0 ? 'ok' : report.ok ? 'fix' : 'bad';
  const layoutName = report?.layout ? t(`layout.${report.layout}`) : t('wizLayoutUnknown');

  return (
    <div className="backdrop">
      <div className="dev-wizard" role="dialog" aria-modal="true" aria-label={t('wizTitle')} data-testid="calibration-wizard">
        <h2>{t('wizTitle')}</h2>
        {phase === 'capture' && (
          <div className="dev-wiz-capture">
            <p className="dev-wiz-lead">{t('wizStep1')}</p>
            <div className="dev-wiz-label">
              <QrCode text={CALIBRATION_LABEL} size={170} testId="calibration-qr" />
              <div className="dev-wiz-label-text">
                <span className="muted">{t('wizLabelText')}</span>
                <code className="dev-wiz-code" data-testid="calibration-label">
                  {CALIBRATION_LABEL}
                </code>
                <span className="dev-wiz-rec">
                  <span className="dev-rec-dot" /> {t('wizCapturing')}
                </span>
                <span>
                  {t('wizKeys')}: <b data-testid="calibration-count" ref={countEl}>
                    0
                  </b> · <span className="muted">{t('wizAnalyzing')}</span>
                </span>
              </div>
            </div>
            <div className="dev-wiz-actions">
              <button type="button" onClick={onClose}>
                {t('cancel')}
              </button>
            </div>
          </div>
        )}
        {phase === 'report' && report && (
          <div className="dev-wiz-report" data-testid="calibration-report" data-layout={report.layout ?? ''} data-suffix={report.suffix ?? ''}>
            <div className={`dev-wiz-verdict ${verdict}`} data-testid="calibration-verdict">
              {t(verdict === 'ok' ? 'wizOk' : verdict === 'fix' ? 'wizFixable' : 'wizNotOk')}
            </div>
            <dl className="dev-wiz-facts">
              <dt>{t('wizLayout')}</dt>
              <dd data-testid="calibration-layout" className={report.layout && report.layout !== 'us' ? 'dev-warn-text' : ''}>
                {layoutName}
              </dd>
              <dt>{t('wizSuffix')}</dt>
              <dd data-testid="calibration-suffix" className={report.suffix ? '' : 'dev-bad-text'}>
                {report.suffix ?? t('wizSuffixMissing')}
              </dd>
              <dt>{t('wizSpeed')}</dt>
              <dd data-testid="calibration-speed" className="mono">
                p50 {report.timing.p50.toFixed(1)} · p95 {report.timing.p95.toFixed(1)} · max {report.timing.max.toFixed(1)} {t('ms')}
              </dd>
              <dt>{t('wizAim')}</dt>
              <dd className="mono">{report.aimPrefix ?? t('wizNone')}</dd>
              <dt>{t('wizObserved')}</dt>
              <dd className="mono dev-wiz-observed">{report.observed || '—'}</dd>
              {report.recommended.remap && (
                <>
                  <dt>{t('wizRemapped')}</dt>
                  <dd className="mono dev-wiz-observed">{remapLayout(report.observed, report.recommended.remap)}</dd>
                </>
              )}
            </dl>
            <div className="dev-wiz-cols">
              <section>
                <h3 className="dev-h">{t('wizRecommended')}</h3>
                <ul className="dev-wiz-list" data-testid="calibration-recommended">
                  <li>
                    {t('wizMaxGap')}: <b>{report.recommended.maxInterKeyMs}</b> {t('ms')}
                  </li>
                  <li>
                    {t('wizEndTimeout')}: <b>{report.recommended.endTimeoutMs}</b> {t('ms')}
                  </li>
                  <li>
                    {t('wizSuffix')}: <b>{report.recommended.suffixes.join(', ')}</b>
                  </li>
                  <li>
                    {t('wizRemap')}: <b>{report.recommended.remap ? t(`layout.${report.recommended.remap}`) : t('wizNone')}</b>
                  </li>
                </ul>
              </section>
              <section>
                <h3 className="dev-h">{t('wizProblems')}</h3>
                {found.length === 0 ? (
                  <p className="dev-ok-text">{t('wizNoProblems')}</p>
                ) : (
                  <ul className="dev-wiz-list problems" data-testid="calibration-problems">
                    {found.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
            <div className="dev-wiz-actions">
              <button type="button" onClick={() => setPhase('capture')} data-testid="calibration-rescan">
                {t('wizRescan')}
              </button>
              <button type="button" onClick={onClose}>
                {t('wizClose')}
              </button>
              <button type="button" className="primary" onClick={() => void apply()} data-testid="calibration-apply">
                {t('wizApply')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
