/**
 * Links without acknowledgements: JSON objects over a COM port (Newland 星POS) and
 * length-prefixed messages over TCP bridges. send() resolves once written.
 */
import type { Transport } from '../../transport/transport';
import type { DecodeEvent, FrameCodec } from '../codecs/codec';
import { type JsonCodecOptions, type JsonObject, jsonCodec } from '../codecs/json-lines';
import { LENGTH_PREFIXED_DEFAULT_MAX, lengthPrefixedCodec } from '../codecs/length-prefixed';
import { LinkBase, type LinkTimers, type MessageLink, realTimers } from './link';
import { SerialQueue } from './serial-queue';

export interface StreamLinkOptions {
  /** Silence after which a partial message is given up (reported TRUNCATED). */
  interByteTimeoutMs?: number;
  timers?: LinkTimers;
}

/** A JSON reply of 2 KiB takes ~2 s at 9600 baud but arrives in one burst; 1 s of silence ends it. */
const DEFAULT_INTER_BYTE_TIMEOUT_MS = 1_000;

export class StreamLink<M> extends LinkBase<M, M> implements MessageLink<M> {
  readonly #queue = new SerialQueue();

  constructor(
    transport: Transport,
    private readonly codec: FrameCodec<M>,
    options: StreamLinkOptions = {},
  ) {
    super(transport, codec.createDecoder(), options.timers ?? realTimers, options.interByteTimeoutMs ?? DEFAULT_INTER_BYTE_TIMEOUT_MS);
  }

  send(message: M): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = this.codec.encode(message);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queue.run(() => this.writeRaw(bytes, message));
  }

  protected handle(e: DecodeEvent<M>): void {
    if (e.type === 'frame') this.messages.emit(e.frame);
    else if (e.type === 'error') this.decodeError(e);
  }

  protected shutdown(): void {}
}

export function createJsonLink(
  transport: Transport,
  options: StreamLinkOptions & JsonCodecOptions = {},
): StreamLink<JsonObject> {
  return new StreamLink(transport, jsonCodec(options), options);
}

export function createLengthPrefixedLink(
  transport: Transport,
  options: StreamLinkOptions & { maxLength?: number } = {},
): StreamLink<Uint8Array> {
  return new StreamLink(transport, lengthPrefixedCodec(options.maxLength ?? LENGTH_PREFIXED_DEFAULT_MAX), options);
}
