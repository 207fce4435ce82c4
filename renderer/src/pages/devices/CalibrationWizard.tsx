/**
 * Scanner calibration wizard: the cashier scans the test label; every raw keydown is captured
 * (store.rawKeyTarget bypasses the burst detector), and when the burst ends the analyzer
 * reports the keyboard layout, the suffix, the speed and the settings to use.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { analyzeCalibration, CALIBRATION_LABEL, type CalibrationReport, type RecordedKey } from '../../../../drivers/scanner/calibration';
import { LAYOUT_TABLES, type LayoutId, remapLayout } from '../../../../drivers/scanner/keyboard-layouts';
import { QrCode } from '../../components/QrCode';
import { api, usePos } from '../../store';
import { saveCalibration, toSaved } from './calibration-store';
import { useDevT } from './strings';
import { errorText } from '../../api/client';

/** Silence after the last key that ends the capture. */
const BURST_END_MS = 300;

export const LAYOUT_LABEL: Record<'zh' | 'en', Record<LayoutId, string>> = {
  zh: { us: '美式 US (QWERTY)', uk: '英式 UK (QWERTY)', 'fr-azerty': '法式 AZERTY', 'de-qwertz': '德式 QWERTZ' },
  en: { us: 'US (QWERTY)', uk: 'UK (QWERTY)', 'fr-azerty': 'French AZERTY', 'de-qwertz': 'German QWERTZ' },
};

/** The analyzer's problems, said in Chinese (its own list is English). */
function problemsZh(r: CalibrationReport, label: string): string[] {
  const out: string[] = [];
  const chars = r.observed.length;
  if (chars === 0 && r.layout === null) out.push('没有收到任何字符：扫码枪是否已连接？');
  else if (r.layout === null) out.push(`扫描结果与测试标签对不上（任何已知键盘布局都解释不了，收到 "${r.observed}"）。请重扫；仍然不对，请把扫码枪设为 USB HID 美式键盘并检查它的字符设置。`);
  else {
    const name = LAYOUT_LABEL.zh[r.layout];
    if (r.layout !== 'us') out.push(`电脑的键盘布局是 ${name}，而扫码枪按美式键盘发送：应用推荐设置后 PosDesk 会还原每次扫码。更好的做法是把扫码枪的“键盘国家”设为 ${name}。`);
    if (r.capsLockInverted) out.push('字母大小写颠倒：大写锁定（Caps Lock）开着，或扫码枪设置了大小写反转。');
    const table = LAYOUT_TABLES[r.layout];
    const dead = [...new Set([...label].filter((c) => table[c] === ''))];
    if (dead.length > 0) out.push(`在这种布局下扫码枪打不出 ${dead.join(' ')}（死键）：含这些字符的条码会出错。`);
    if (r.distance > 0) out.push(`考虑布局后仍有 ${r.distance} 个字符与标签不同，请重扫确认。`);
  }
  if (r.aimPrefix !== null) out.push(`扫码枪带 AIM 前缀 ${r.aimPrefix}，PosDesk 会去掉它并用它区分码制。`);
  if (r.suffix === null && chars > 0) out.push('扫码枪在条码后没有发送回车或 Tab：只能靠超时判断结束（更慢）。请在扫码枪里把结束符设为回车（CR）。');
  if (r.suffix === 'Tab') out.push('扫码枪以 Tab 结束条码，PosDesk 会把 Tab 当作结束符。');
  if (r.timing.max > 60) out.push(`扫码枪按键间隔最长 ${Math.round(r.timing.max)} 毫秒，和人手打字一样慢：请调快传输速度，或改用串口（USB-CDC）模式。`);
  if (chars > 0 && chars < 4) out.push('扫描内容太短，无法校准：请扫描完整的测试标签。');
  return out;
}

export function CalibrationWizard({ scannerId, onClose }: { scannerId: string | null; onClose: () => void }) {
  const t = useDevT();
  const lang = usePos((s) => s.lang);
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

  // The analyzer's English carries raw float timings ("65.40000000037253 ms"): round them.
  const problems = report ? (lang === 'zh' ? problemsZh(report, CALIBRATION_LABEL) : report.problems.map((p) => p.replace(/(\d+\.\d)\d+/g, '$1'))) : [];
  const verdict = !report ? 'bad' : report.ok && problems.length === 0 ? 'ok' : report.ok ? 'fix' : 'bad';
  const layoutName = report?.layout ? LAYOUT_LABEL[lang][report.layout] : t('wizLayoutUnknown');

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
                {t('wizCancel')}
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
                    {t('wizRemap')}: <b>{report.recommended.remap ? LAYOUT_LABEL[lang][report.recommended.remap] : t('wizNone')}</b>
                  </li>
                </ul>
              </section>
              <section>
                <h3 className="dev-h">{t('wizProblems')}</h3>
                {problems.length === 0 ? (
                  <p className="dev-ok-text">{t('wizNoProblems')}</p>
                ) : (
                  <ul className="dev-wiz-list problems" data-testid="calibration-problems">
                    {problems.map((p) => (
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
