/**
 * Builds the driver's `connect` callback: open a fresh transport (serial port, TCP socket),
 * then put the profile's link and wire on it. Called again after a link loss, so a
 * transport must be re-creatable (a new TcpTransport, a re-opened SerialTransport).
 */
import type { Transport } from '../../transport/transport';
import { createProfileChannel, type LinkTuning, type RecordChannel } from '../profiles/profile-channel';
import type { LinkKind, Profile } from '../profiles/profile-schema';

export interface ConnectOptions {
  profile: Profile;
  openTransport: () => Transport | Promise<Transport>;
  link?: LinkKind;
  tuning?: LinkTuning;
}

export function channelFactory(options: ConnectOptions): () => Promise<RecordChannel> {
  return async () => {
    const transport = await options.openTransport();
    if (!transport.isOpen) await transport.open();
    return createProfileChannel(options.profile, transport, {
      side: 'host',
      ...(options.link ? { link: options.link } : {}),
      // The profile's ACK timeout is the link's unless the caller tunes it.
      tuning: { ackTimeoutMs: options.profile.timeouts.ackMs, ...options.tuning },
    });
  };
}
