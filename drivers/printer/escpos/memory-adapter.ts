import { Adapter } from '@node-escpos/adapter';

/**
 * @node-escpos/core's Printer only ever calls adapter.write(buf, cb); this adapter keeps the
 * bytes in memory so the Printer is a pure encoder. I/O goes through our own Transport.
 */
export class MemoryAdapter extends Adapter<[]> {
  readonly chunks: Buffer[] = [];

  open(callback?: (error: Error | null) => void): this {
    callback?.(null);
    return this;
  }

  write(data: Buffer | string, callback?: (error: Error | null) => void): this {
    this.chunks.push(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    callback?.(null);
    return this;
  }

  close(callback?: (error: Error | null) => void): this {
    callback?.(null);
    return this;
  }

  /** No printer on the other end, so there is never anything to read. */
  read(): void {}

  take(): Buffer {
    const out = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    return out;
  }
}
