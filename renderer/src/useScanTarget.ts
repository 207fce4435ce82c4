import { useLayoutEffect, useRef } from 'react';
import { usePos } from './store';

/**
 * While the calling component is mounted, a scan goes to `handler` instead of the cart (a
 * payment code in the QR dialog, a member card, the Devices page's scan test).
 *
 * Registered in a layout effect, i.e. before the browser paints the component: a scan that
 * lands the moment a dialog appears (a quick cashier, or a gun that queued its keys) must not
 * fall through to the counter's "finish the open dialog first". The handler is read through a
 * ref, so the latest one (with the dialog's current amount) answers without re-registering.
 */
export function useScanTarget(handler: (code: string) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useLayoutEffect(() => {
    const target = (code: string) => latest.current(code);
    usePos.setState({ scanTarget: target });
    return () => {
      if (usePos.getState().scanTarget === target) usePos.setState({ scanTarget: null });
    };
  }, []);
}
