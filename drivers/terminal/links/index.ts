/** Terminal link layers over a Transport, one per protocol family, sharing MessageLink (link.ts). */
export * from './link';
export { AckNakLink, type AckNakLinkOptions, NAK_WORTHY } from './ack-nak-link';
export { CONCERT_LINK_DEFAULTS, ConcertLink, type ConcertLinkOptions, createConcertLink } from './concert-link';
export { type FaultyTransport, type WriteFault, withFaults } from './fault-injector';
export { createMisPosLink, MISPOS_LINK_DEFAULTS, type MisPosLinkOptions } from './mispos-link';
export { createPaxLink, PAX_LINK_DEFAULTS, type PaxLinkOptions } from './pax-link';
export { createSmartPosLink, SMARTPOS_LINK_DEFAULTS, SmartPosLink, type SmartPosLinkOptions } from './smartpos-link';
export { createJsonLink, createLengthPrefixedLink, StreamLink, type StreamLinkOptions } from './stream-link';
export { parseTranscript, replayTranscript, Transcript, type TranscriptEntry } from './transcript';
