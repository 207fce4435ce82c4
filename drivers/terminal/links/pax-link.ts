/**
 * PAX POSLink link (serial or TCP; vendor-protocols.md §2.3).
 *
 * The request is sent up to 3 times; a bad LRC gets a NAK and the 3rd NAK becomes
 * EOT. Receiving EOT while waiting is an error (PEER_EOT). The 30 s response
 * timeout of the SDK is the host driver's business: this link only guards the ACK.
 */
import type { Transport } from '../../transport/transport';
import { type PosLinkFrame, posLinkCodec } from '../codecs/poslink';
import { AckNakLink, type AckNakLinkOptions } from './ack-nak-link';

export type PaxLinkOptions = Partial<AckNakLinkOptions>;

export const PAX_LINK_DEFAULTS: AckNakLinkOptions = {
  ackTimeoutMs: 3_000,
  maxTries: 3,
  sendEotOnFailure: true,
  interByteTimeoutMs: 500,
  duplicateWindowMs: 10_000,
};

export function createPaxLink(transport: Transport, options: PaxLinkOptions = {}): AckNakLink<PosLinkFrame> {
  return new AckNakLink(transport, posLinkCodec, { ...PAX_LINK_DEFAULTS, ...options });
}
