/**
 * A profile's messages over a real link: picks the link the profile names (links/*), and
 * turns vendor messages into that link's frames and back (wire.ts). Host driver and simulated
 * device both sit on this, so each profile is tested against itself over a real transport.
 *
 * A frame that decodes but is not a valid vendor message becomes an 'error' callback naming
 * what was wrong; it never throws out of the link.
 */
import type { Transport } from '../../transport/transport';
import type { ConcertMessage } from '../codecs/concert';
import type { JsonObject } from '../codecs/json-lines';
import type { MisPosFrame } from '../codecs/mispos';
import type { PosLinkFrame } from '../codecs/poslink';
import { createConcertLink } from '../links/concert-link';
import type { LinkEvent, LinkTimers, MessageLink, Traffic } from '../links/link';
import { createMisPosLink } from '../links/mispos-link';
import { createPaxLink } from '../links/pax-link';
import { createSmartPosLink, type SmartPosLink } from '../links/smartpos-link';
import { createJsonLink, createLengthPrefixedLink } from '../links/stream-link';
import type { LinkKind, Profile } from './profile-schema';
import type { VendorMessage } from './vendor-message';
import {
  bytesToJson,
  bytesToTlv,
  type Direction,
  fromConcert,
  fromPosLink,
  jsonToBytes,
  tlvToBytes,
  toConcert,
  toPosLink,
  toVendorMessage,
} from './wire';

export type Side = 'host' | 'device';

export interface RecordChannel {
  readonly side: Side;
  readonly link: LinkKind;
  /** Resolves when the link delivered the message (acknowledged where the link has acks). */
  send(message: VendorMessage): Promise<void>;
  onMessage(listener: (message: VendorMessage) => void): () => void;
  /** A frame arrived but was not a valid message for this profile. */
  onError(listener: (error: Error) => void): () => void;
  onEvent(listener: (event: LinkEvent) => void): () => void;
  onTraffic(listener: (traffic: Traffic) => void): () => void;
  close(): Promise<void>;
  readonly transport: Transport;
}

/** Link timing overrides (tests shorten them; a QA bench may lengthen them). */
export interface LinkTuning {
  ackTimeoutMs?: number;
  maxTries?: number;
  interByteTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  missedHeartbeatsForDown?: number;
  handshakeTimeoutMs?: number;
  /** 55AA: how long an owed ack waits to ride on an outgoing frame. */
  ackDelayMs?: number;
  timers?: LinkTimers;
}

export interface ChannelOptions {
  side: Side;
  /** Override the profile's link (e.g. a JSON profile over length-prefixed TCP). */
  link?: LinkKind;
  tuning?: LinkTuning;
}

interface Codec<F> {
  link: MessageLink<F>;
  encode(message: VendorMessage): F;
  decode(frame: F): VendorMessage;
}

/** JSON vendors may ride any bridge link; the framed ECR protocols only their own. */
const LINKS_FOR_WIRE: Readonly<Record<Profile['wire'], readonly LinkKind[]>> = {
  json: ['smartpos-55aa', 'length-prefixed', 'json-com'],
  tlv: ['mispos', 'length-prefixed'],
  poslink: ['poslink'],
  concert: ['concert'],
};

export function createProfileChannel(profile: Profile, transport: Transport, options: ChannelOptions): RecordChannel {
  const link = options.link ?? profile.link;
  if (!LINKS_FOR_WIRE[profile.wire].includes(link)) {
    throw new Error(`${profile.id}: a ${profile.wire} profile cannot ride the ${link} link (use ${LINKS_FOR_WIRE[profile.wire].join(', ')})`);
  }
  // Host sends requests and reads responses; the device the other way round.
  const out: Direction = options.side === 'host' ? 'request' : 'response';
  const inn: Direction = options.side === 'host' ? 'response' : 'request';
  const t = options.tuning ?? {};
  const enc = profile.textEncoding;
  switch (link) {
    case 'smartpos-55aa': {
      const l: SmartPosLink = createSmartPosLink(transport, { role: options.side, ...t });
      return wrap(options.side, link, { link: l, encode: (m) => jsonToBytes(m, enc), decode: (b) => bytesToJson(b, enc) });
    }
    case 'length-prefixed': {
      const l = createLengthPrefixedLink(transport, t);
      const toBytes = profile.wire === 'tlv' ? tlvToBytes : jsonToBytes;
      const fromBytes = profile.wire === 'tlv' ? bytesToTlv : bytesToJson;
      return wrap(options.side, link, { link: l, encode: (m) => toBytes(m, enc), decode: (b) => fromBytes(b, enc) });
    }
    case 'json-com': {
      const l = createJsonLink(transport, t);
      const codec: Codec<JsonObject> = { link: l, encode: (m) => m, decode: (o) => toVendorMessage(o) };
      return wrap(options.side, link, codec);
    }
    case 'mispos': {
      const l = createMisPosLink(transport, t);
      const codec: Codec<MisPosFrame> = {
        link: l,
        encode: (m) => ({ data: tlvToBytes(m, enc) }),
        decode: (f) => bytesToTlv(f.data, enc),
      };
      return wrap(options.side, link, codec);
    }
    case 'poslink': {
      const layout = profile.positional;
      if (!layout) throw new Error(`${profile.id}: poslink needs a positional layout`);
      const l = createPaxLink(transport, t);
      const codec: Codec<PosLinkFrame> = {
        link: l,
        encode: (m) => toPosLink(m, layout[out]),
        decode: (f) => fromPosLink(f, layout[inn]),
      };
      return wrap(options.side, link, codec);
    }
    case 'concert': {
      const l = createConcertLink(transport, t);
      const codec: Codec<ConcertMessage> = {
        link: l,
        encode: (m) => toConcert(m, out),
        decode: (f) => {
          const expected = inn === 'request' ? 'request' : 'reply';
          if (f.kind !== expected) throw new Error(`Concert ${f.kind} received where a ${expected} was expected`);
          return fromConcert(f);
        },
      };
      return wrap(options.side, link, codec);
    }
  }
}

function wrap<F>(side: Side, link: LinkKind, codec: Codec<F>): RecordChannel {
  const errors = new Set<(error: Error) => void>();
  const report = (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    for (const l of errors) l(e);
  };
  return {
    side,
    link,
    transport: codec.link.transport,
    send(message) {
      let frame: F;
      try {
        frame = codec.encode(message);
      } catch (error) {
        return Promise.reject(error);
      }
      return codec.link.send(frame);
    },
    onMessage(listener) {
      return codec.link.onMessage((frame) => {
        let message: VendorMessage;
        try {
          message = codec.decode(frame);
        } catch (error) {
          report(error);
          return;
        }
        listener(message);
      });
    },
    onError(listener) {
      errors.add(listener);
      return () => errors.delete(listener);
    },
    onEvent: (listener) => codec.link.onEvent(listener),
    onTraffic: (listener) => codec.link.onTraffic(listener),
    close: () => codec.link.close(),
  };
}
