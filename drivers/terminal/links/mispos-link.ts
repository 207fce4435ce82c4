/**
 * MIS-POS link: bank MIS-POS over RS232 (vendor-protocols.md §2.1).
 *
 * Message = one frame's DATA ({ data }); TLV lives one layer up (codecs/tlv.ts).
 * The terminal ACKs a command at once and sends its real reply later: send()
 * resolves on that ACK, and the reply arrives through onMessage.
 */
import type { Transport } from '../../transport/transport';
import { type MisPosFrame, misPosCodec } from '../codecs/mispos';
import { AckNakLink, type AckNakLinkOptions } from './ack-nak-link';

export type MisPosLinkOptions = Partial<AckNakLinkOptions>;

export const MISPOS_LINK_DEFAULTS: AckNakLinkOptions = {
  /** The public driver reads with a 1 s timeout. */
  ackTimeoutMs: 1_000,
  /** First send + 3 retransmissions on NAK, then EOT. */
  maxTries: 4,
  sendEotOnFailure: true,
  /** 1,029 bytes at 9600 baud take ~1.07 s; 500 ms of silence mid-frame means it was cut. */
  interByteTimeoutMs: 500,
  /** Covers every retransmission of one frame. */
  duplicateWindowMs: 5_000,
};

export function createMisPosLink(transport: Transport, options: MisPosLinkOptions = {}): AckNakLink<MisPosFrame> {
  return new AckNakLink(transport, misPosCodec, { ...MISPOS_LINK_DEFAULTS, ...options });
}
