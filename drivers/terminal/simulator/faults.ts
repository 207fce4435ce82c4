/**
 * Faults the simulator can inject, per transaction (a hook, a scenario step or the amount's
 * last two digits) or for a whole scenario. The brain (terminal.ts) applies the ones about
 * business outcomes; the device adapter (device.ts) applies the ones about bytes and links.
 */
import { z } from 'zod';

export const FaultSchema = z.enum([
  /** Reply frame with a corrupted LRC/XOR: the host link must NAK, the device resends. */
  'badChecksum',
  /** The link ACKs the request, then the device says nothing: the host must time out. */
  'loneAckThenSilence',
  /** Only the first half of the reply frame is sent, then the full one. */
  'truncatedFrame',
  /** A stray 0x00 byte and a log-ish packet before the reply. */
  'strayBytes',
  /** The reply frame is written twice. */
  'duplicateFrames',
  /** The device stops its heartbeats (bridge link only) during the transaction. */
  'missedHeartbeats',
  /** The device NAKs the host's next frames several times before accepting one. */
  'nakStorm',
  /** The reply is held back until after the host's transaction timeout. */
  'lateReply',
  /** The device closes the link mid-transaction (USB unplugged, cable pulled). */
  'linkGone',
  /** The acquiring app dies after the transaction ran: no reply; only a query recovers it. */
  'appKilled',
  /** The terminal answers 94 (duplicate transaction) whatever the order. */
  'duplicateOrderNo',
  /** The terminal answers 40 该功能尚未开通. */
  'functionNotEnabled',
]);
export type Fault = z.infer<typeof FaultSchema>;

/** Faults handled by the brain itself; the rest reach the device adapter. */
export const BRAIN_FAULTS: ReadonlySet<Fault> = new Set(['duplicateOrderNo', 'functionNotEnabled']);

/** How many NAKs a 'nakStorm' sends before accepting: below a 3-try link limit it recovers. */
export const NAK_STORM_COUNT = 2;
