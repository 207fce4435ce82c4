/**
 * A printer's sensor state and the status bytes it implies, per Epson's ESC/POS APG.
 *
 * DLE EOT n replies are one byte with bit 1 and bit 4 set and bits 0 and 7 clear
 * ((b & 0x93) === 0x12). ASB (GS a) packets are four bytes whose first byte has bit 4 set and
 * bits 0, 1, 7 clear ((b & 0x93) === 0x10) and whose other bytes have bit 4 clear. That is how
 * a host tells the two apart on the same line.
 */
export interface PrinterState {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  drawerOpen: boolean;
  /** Offline for another reason (e.g. the operator pressed the feed button, or an error). */
  offline: boolean;
}

export const READY_STATE: PrinterState = {
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  drawerOpen: false,
  offline: false,
};

const DLE_EOT_FIXED = 0x12;
const ASB_FIRST_FIXED = 0x10;

/** A printer stops (goes offline) with the cover open or the paper out, as real ones do. */
export function isOffline(s: PrinterState): boolean {
  return s.offline || s.paperOut || s.coverOpen;
}

/**
 * The drawer bit reports the level of connector pin 3, whose meaning depends on the drawer's
 * switch. We model the common wiring where a high level (bit set) means the drawer is open.
 */
export function dleEotReply(n: number, s: PrinterState): number | null {
  switch (n) {
    case 1: // printer status
      return DLE_EOT_FIXED | (s.drawerOpen ? 0x04 : 0) | (isOffline(s) ? 0x08 : 0);
    case 2: // offline cause
      return DLE_EOT_FIXED | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0);
    case 3: // error cause: no cutter or mechanical errors are modelled
      return DLE_EOT_FIXED;
    case 4: // roll paper sensor: each condition sets two bits (two sensors on some models)
      return DLE_EOT_FIXED | (s.paperNearEnd || s.paperOut ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
    default:
      return null;
  }
}

export function asbPacket(s: PrinterState): Uint8Array {
  return new Uint8Array([
    ASB_FIRST_FIXED | (s.drawerOpen ? 0x04 : 0) | (isOffline(s) ? 0x08 : 0),
    s.coverOpen ? 0x04 : 0,
    (s.paperNearEnd || s.paperOut ? 0x03 : 0) | (s.paperOut ? 0x0c : 0),
    0,
  ]);
}
