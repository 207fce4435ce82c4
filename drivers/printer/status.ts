/**
 * Host-side decoding of ESC/POS status replies: DLE EOT 1..4 (one byte each) and ASB (GS a)
 * four-byte packets. Bytes are read unsigned (@node-escpos uses readInt8, which breaks on
 * any byte >= 0x80). Layout per Epson's APG; see virtual/state.ts for the printer side.
 */

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  drawerOpen: boolean;
  /** A cutter, mechanical or unrecoverable error, or a byte that is not a status byte. */
  error: boolean;
}

/** DLE EOT n query bytes, in the order decodeDleEot expects their replies. */
export const DLE_EOT_QUERIES = [1, 2, 3, 4].map((n) => new Uint8Array([0x10, 0x04, n]));
/** GS a 0x0f: report drawer, online, error and paper sensor changes by ASB. */
export const ENABLE_ASB = new Uint8Array([0x1d, 0x61, 0x0f]);

/** A DLE EOT reply byte has bits 1 and 4 set, bits 0 and 7 clear. */
export function isDleEotReply(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** The first byte of an ASB packet has bit 4 set and bits 0, 1 and 7 clear. */
export function isAsbStart(b: number): boolean {
  return (b & 0x93) === 0x10;
}

/**
 * Replies to DLE EOT 1, 2, 3, 4 (in that order). Fewer than four bytes is an error (the
 * caller should wait or time out); a byte without the fixed bits sets `error`.
 */
export function decodeDleEot(replies: Uint8Array): PrinterStatus {
  if (replies.length < 4) throw new RangeError(`DLE EOT 1..4 needs 4 reply bytes, got ${replies.length}`);
  const [printer = 0, offline = 0, errorByte = 0, paper = 0] = replies;
  const wellFormed = [printer, offline, errorByte, paper].every(isDleEotReply);
  const paperOut = (paper & 0x60) !== 0 || (offline & 0x20) !== 0;
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offline & 0x04) !== 0,
    paperOut,
    paperNearEnd: (paper & 0x0c) !== 0 || paperOut,
    drawerOpen: (printer & 0x04) !== 0,
    // n=2 bit 6: an error occurred; n=3 bits 3, 5, 6: cutter, unrecoverable, auto-recoverable.
    error: !wellFormed || (offline & 0x40) !== 0 || (errorByte & 0x68) !== 0,
  };
}

/** One 4-byte ASB packet. */
export function decodeAsb(packet: Uint8Array): PrinterStatus {
  if (packet.length < 4) throw new RangeError(`an ASB packet is 4 bytes, got ${packet.length}`);
  const [b1 = 0, b2 = 0, b3 = 0, b4 = 0] = packet;
  const wellFormed = isAsbStart(b1) && (b2 & 0x90) === 0 && (b3 & 0x90) === 0 && (b4 & 0x90) === 0;
  const paperOut = (b3 & 0x0c) !== 0;
  return {
    online: (b1 & 0x08) === 0,
    coverOpen: (b2 & 0x04) !== 0,
    paperOut,
    paperNearEnd: (b3 & 0x03) !== 0 || paperOut,
    drawerOpen: (b1 & 0x04) !== 0,
    // byte 2 bits 5, 6: autocutter error, unrecoverable error.
    error: !wellFormed || (b2 & 0x60) !== 0,
  };
}

export type StatusEvent = { kind: 'asb'; status: PrinterStatus } | { kind: 'dle-eot'; byte: number } | { kind: 'noise'; byte: number };

/**
 * Splits the printer -> host byte stream into ASB packets and single DLE EOT reply bytes.
 * Feed any chunking; an ASB packet split across chunks is kept until complete. A byte that is
 * neither is reported as noise and skipped, so one bad byte never wedges the stream.
 */
export class StatusStream {
  private pending: number[] = [];

  push(chunk: Uint8Array): StatusEvent[] {
    const events: StatusEvent[] = [];
    for (const b of chunk) this.pending.push(b);
    while (this.pending.length > 0) {
      const b = this.pending[0] ?? 0;
      if (isAsbStart(b)) {
        if (this.pending.length < 4) break;
        const packet = new Uint8Array(this.pending.splice(0, 4));
        events.push({ kind: 'asb', status: decodeAsb(packet) });
      } else if (isDleEotReply(b)) {
        events.push({ kind: 'dle-eot', byte: b });
        this.pending.shift();
      } else {
        events.push({ kind: 'noise', byte: b });
        this.pending.shift();
      }
    }
    return events;
  }
}
