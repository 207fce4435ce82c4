import { describe, expect, it } from 'vitest';
import { tenderAvailability } from './offline-policy';

describe('tenderAvailability', () => {
  it('offers everything online', () => {
    const t = tenderAvailability({ online: true, terminalLinkUp: true, capWarning: null });
    expect([t.cash.available, t.card.available, t.qr.available]).toEqual([true, true, true]);
  });

  it('offline: QR is unavailable and says so, card follows the terminal\'s own link, cash always works', () => {
    const t = tenderAvailability({ online: false, terminalLinkUp: true, capWarning: null });
    expect(t.qr).toEqual({ available: false, reason: expect.stringContaining('QR wallets need the network') });
    expect(t.card.available).toBe(true);
    expect(t.cash.available).toBe(true);
    const noTerminal = tenderAvailability({ online: false, terminalLinkUp: false, capWarning: null });
    expect(noTerminal.card).toEqual({ available: false, reason: expect.stringContaining('no link to its bank') });
    expect(noTerminal.cash.available).toBe(true);
  });

  it('at a cap while offline only cash continues; an unknown link is not treated as offline', () => {
    const capped = tenderAvailability({ online: false, terminalLinkUp: true, capWarning: { kind: 'count', remaining: 0, etaMs: 0 } });
    expect([capped.cash.available, capped.card.available, capped.qr.available]).toEqual([true, false, false]);
    const nearCap = tenderAvailability({ online: false, terminalLinkUp: true, capWarning: { kind: 'age', remaining: 60_000, etaMs: 60_000 } });
    expect(nearCap.card.available).toBe(true);
    const booting = tenderAvailability({ online: null, terminalLinkUp: null, capWarning: null });
    expect([booting.card.available, booting.qr.available]).toEqual([true, true]);
  });
});
