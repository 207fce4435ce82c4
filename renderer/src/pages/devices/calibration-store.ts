/**
 * The scanner calibration the wizard saved (localStorage 'posdesk.scanner'). The Devices page
 * writes it; renderer/src/scanner.ts reads it into the window's burst detector and remaps every
 * scan from the detected keyboard layout.
 */
import type { CalibrationReport } from '../../../../drivers/scanner/calibration';
import type { LayoutId } from '../../../../drivers/scanner/keyboard-layouts';
import { usePos } from '../../store';

export const CALIBRATION_KEY = 'posdesk.scanner';

export interface SavedCalibration {
  version: 1;
  /** The layout the PC applies to the scanner's keys; 'us' = none. */
  layout: LayoutId | null;
  /** Pass every scan through remapLayout(code, remap) when set. */
  remap: LayoutId | null;
  maxInterKeyMs: number;
  endTimeoutMs: number;
  suffixes: Array<'Enter' | 'Tab'>;
  aimPrefix: string | null;
  capsLockInverted: boolean;
  calibratedAt: string;
}

export function toSaved(r: CalibrationReport): SavedCalibration {
  return {
    version: 1,
    layout: r.layout,
    remap: r.recommended.remap,
    maxInterKeyMs: r.recommended.maxInterKeyMs,
    endTimeoutMs: r.recommended.endTimeoutMs,
    suffixes: [...r.recommended.suffixes],
    aimPrefix: r.aimPrefix,
    capsLockInverted: r.capsLockInverted,
    calibratedAt: new Date().toISOString(),
  };
}

export function loadCalibration(): SavedCalibration | null {
  try {
    const raw = localStorage.getItem(CALIBRATION_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<SavedCalibration>;
    return v && v.version === 1 && typeof v.maxInterKeyMs === 'number' ? (v as SavedCalibration) : null;
  } catch {
    return null;
  }
}

export function saveCalibration(c: SavedCalibration): void {
  localStorage.setItem(CALIBRATION_KEY, JSON.stringify(c));
  // The window's scanner hook (renderer/src/scanner.ts) re-reads the settings on this bump.
  usePos.setState((s) => ({ scannerRevision: s.scannerRevision + 1 }));
}
