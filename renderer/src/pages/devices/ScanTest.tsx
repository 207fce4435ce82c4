/**
 * Scan test: while the scanner's detail is open, the burst detector's scans come here
 * (store.scanTarget) instead of the cart, with what the classifier makes of them.
 */
import { useState } from 'react';
import { classifyScan, type ScanClass } from '../../../../drivers/scanner/classifier';
import { devicesText, useT } from '../../i18n';
import { useScanTarget } from '../../useScanTarget';
import { loadCalibration } from './calibration-store';
import { beep, clock } from './util';

interface Seen {
  /** The code as the app receives it: the scanner hook has already applied the saved layout remap. */
  code: string;
  at: number;
  cls: ScanClass | null;
}

export function ScanTest({ calibratedAt }: { calibratedAt: string | null }) {
  const t = useT(devicesText);
  const [last, setLast] = useState<Seen | null>(null);
  const calibration = calibratedAt === null ? null : loadCalibration();

  useScanTarget((code) => {
    let cls: ScanClass | null = null;
    try {
      cls = classifyScan(code);
    } catch {
      cls = null;
    }
    setLast({ code, at: Date.now(), cls });
    beep();
  });

  return (
    <section className="dev-panel dev-scan" aria-label={t('scanTest')}>
      <h3 className="dev-h">{t('scanTest')}</h3>
      <div className="dev-scan-box" data-testid="scan-test">
        {last ? (
          <>
            <div className="dev-scan-code mono" data-testid="scan-test-code">
              {last.code}
            </div>
            <div className="dev-scan-meta">
              <span>
                {t('scanKind')}: <b>{last.cls ? t(`scan.${last.cls.kind}`) : '—'}</b>
                {last.cls?.kind === 'product' && <span className="mono"> {last.cls.symbology}</span>}
                {last.cls?.kind === 'payment' && <span className="mono"> {last.cls.wallet}</span>}
              </span>
              <span>
                {t('scanLength')}: <b>{last.code.length}</b>
              </span>
              <span className="mono muted">{clock(last.at)}</span>
            </div>
            {calibration?.remap && calibration.remap !== 'us' && (
              <div className="dev-scan-meta" data-testid="scan-test-remapped">
                {t('scanRemapped')}: {t(`layout.${calibration.remap}`)} → US
              </div>
            )}
          </>
        ) : (
          <p className="dev-scan-wait">{t('scanWaiting')}</p>
        )}
      </div>
      <div className="dev-scan-cal">
        <span className="muted">{t('calibrationSaved')}:</span>{' '}
        {calibration ? (
          <span data-testid="saved-calibration">
            {calibration.layout ? t(`layout.${calibration.layout}`) : '—'} · {calibration.suffixes.join('/')} · {t('wizMaxGap')} ≤{calibration.maxInterKeyMs} {t('ms')} ·{' '}
            {new Date(calibration.calibratedAt).toLocaleString(t.lang === 'zh' ? 'zh-CN' : 'en-GB')}
          </span>
        ) : (
          <span>{t('notCalibrated')}</span>
        )}
      </div>
    </section>
  );
}
