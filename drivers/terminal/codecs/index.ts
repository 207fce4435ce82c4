/** Terminal framing codecs: one file per wire format, all pure. See codec.ts for the shared shape. */
export * from './codec';
export * from './concert';
export * from './decode-all';
export * from './json-lines';
export * from './length-prefixed';
export * from './mispos';
export * from './poslink';
export * from './smartpos-55aa';
export * from './tlv';
