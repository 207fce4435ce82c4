/**
 * Turns a link frame, as a transcript sees it, into the vendor message it carries, so a QA
 * reading the transcript sees {"method":"xiaoFei",…} or the TLV tags instead of hex. Links
 * whose frames are byte payloads (length-prefixed, 55AA, MIS-POS) are decoded with the
 * profile's wire; frames that are already structured (JSON-COM, POSLink, Concert) are shown as
 * they are. Never throws: an undecodable payload stays as the link gave it.
 */
import type { Profile } from '../../drivers/terminal/profiles/profile-schema';
import type { VendorMessage } from '../../drivers/terminal/profiles/vendor-message';
import { bytesToJson, bytesToTlv } from '../../drivers/terminal/profiles/wire';

export type FrameDecoder = (frame: unknown) => unknown;

function payloadOf(frame: unknown): Uint8Array | undefined {
  if (frame instanceof Uint8Array) return frame;
  if (typeof frame === 'object' && frame !== null && 'data' in frame && frame.data instanceof Uint8Array) return frame.data;
  return undefined;
}

export function frameDecoderFor(profile: Profile): FrameDecoder {
  const toMessage = (bytes: Uint8Array): VendorMessage | undefined => {
    if (bytes.length === 0) return undefined;
    try {
      if (profile.wire === 'json') return bytesToJson(bytes, profile.textEncoding);
      if (profile.wire === 'tlv') return bytesToTlv(bytes, profile.textEncoding);
    } catch {
      // Not a message (a heartbeat's payload, a corrupt frame): the raw frame says enough.
    }
    return undefined;
  };
  return (frame) => {
    const payload = payloadOf(frame);
    const message = payload ? toMessage(payload) : undefined;
    if (!message) return frame;
    // The payload's hex is already in the entry's bytes: show the message in its place.
    return frame instanceof Uint8Array ? { message } : { ...(frame as object), data: { message } };
  };
}
