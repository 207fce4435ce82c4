/**
 * Wires the keyboard-wedge burst detector (drivers/scanner/burst-detector.ts) to the
 * window. Every keydown goes through it first (capture phase), so a scan is swallowed
 * whole — even when a text box has focus — and human typing is re-inserted into the
 * focused box after the detector's short hold-back.
 */
import { type LayoutId, remapLayout } from '../../drivers/scanner/keyboard-layouts';
import { WedgeController } from '../../drivers/scanner/wedge-controller';

export interface ScannerHooks {
  onScan(code: string): void;
  /** A human's typed text, to be inserted into the focused field (if any). */
  onText(text: string, target: Element | null): void;
  /**
   * When this returns a function, every keydown goes to it raw (key + timestamp) and the
   * detector is bypassed: the calibration wizard measures the scanner's own keystrokes.
   */
  rawKeys?(): ((key: string, atMs: number) => void) | null;
}

/** Inserts text at the caret of an input/textarea and fires React's input event. */
export function insertIntoField(el: Element | null, text: string): void {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || el.readOnly || el.disabled) return;
  const start = el.selectionStart ?? el.value.length;
  const end = el.selectionEnd ?? el.value.length;
  const next = el.value.slice(0, start) + text + el.value.slice(end);
  // React tracks the value through the native setter; set it the same way so onChange fires.
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, next);
  el.setSelectionRange(start + text.length, start + text.length);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** What the calibration wizard saved for this window's scanner (localStorage 'posdesk.scanner'). */
export interface ScannerSettings {
  maxInterKeyMs?: number;
  endTimeoutMs?: number;
  suffixes?: Array<'Enter' | 'Tab'>;
  remap?: LayoutId | null;
}

/** Written by the calibration wizard (pages/devices/calibration-store.ts). */
export const SCANNER_SETTINGS_KEY = 'posdesk.scanner';

export function loadScannerSettings(): ScannerSettings {
  try {
    const raw = localStorage.getItem(SCANNER_SETTINGS_KEY);
    return raw ? (JSON.parse(raw) as ScannerSettings) : {};
  } catch {
    return {}; // a hand-broken value: fall back to the defaults rather than lose the scanner
  }
}

export function attachScanner(hooks: ScannerHooks, settings: ScannerSettings = loadScannerSettings()): () => void {
  // Text held back belongs to the element that had focus when it was typed.
  let heldTarget: Element | null = null;
  const remap = settings.remap && settings.remap !== 'us' ? settings.remap : null;
  const wedge = new WedgeController({
    detector: {
      ...(settings.maxInterKeyMs ? { maxInterKeyMs: settings.maxInterKeyMs } : {}),
      ...(settings.endTimeoutMs ? { endTimeoutMs: settings.endTimeoutMs } : {}),
      ...(settings.suffixes?.length ? { suffixes: settings.suffixes } : {}),
    },
    onOutput: (o) => {
      // A scanner set to the wrong keyboard layout: turn what the OS typed back into the label.
      if (o.type === 'scan') hooks.onScan(remap ? remapLayout(o.code, remap) : o.code);
      else if (o.type === 'text') hooks.onText(o.text, heldTarget);
    },
  });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return; // an IME is composing Chinese: leave it alone
    const raw = hooks.rawKeys?.();
    if (raw) {
      e.preventDefault();
      e.stopPropagation();
      raw(e.key, e.timeStamp || performance.now());
      return;
    }
    if (wedge.detector.pending === 0) heldTarget = document.activeElement;
    if (wedge.keydown(e)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  const onBlur = () => wedge.blur();
  window.addEventListener('keydown', onKeyDown, { capture: true });
  window.addEventListener('blur', onBlur);
  return () => {
    window.removeEventListener('keydown', onKeyDown, { capture: true });
    window.removeEventListener('blur', onBlur);
    wedge.dispose();
  };
}
