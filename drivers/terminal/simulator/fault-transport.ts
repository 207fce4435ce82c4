/**
 * The device-side byte faults: a Transport wrapper under the device's link that corrupts,
 * cuts, doubles or prefixes the next reply frame, drops heartbeats, or damages the next
 * incoming request frames (so the device's own link NAKs them: a NAK storm). Armed by the
 * device adapter per transaction; everything else passes through untouched.
 */
import { DelegatingTransport } from '../../transport/delegating';

export type WriteFaultKind = 'badChecksum' | 'truncatedFrame' | 'strayBytes' | 'duplicateFrames';

/**
 * Frames longer than this carry data; shorter writes are control bytes (ACK/NAK/ENQ/EOT) or
 * 55AA ack-only/heartbeat frames (10 bytes), which the faults leave alone.
 */
const CONTROL_WRITE_MAX = 10;
/** 55AA heartbeat, vendor-protocols.md §2.2. */
const HEARTBEAT = Buffer.from('55aa000000000000cc33', 'hex');
/** A stray NUL and a MIS-POS style log packet (§2.1) before the real frame. */
const STRAY_PREFIX = Uint8Array.from([0x00, 0x00]);

export class FaultTransport extends DelegatingTransport {
  private writeFaults: WriteFaultKind[] = [];
  private corruptIncoming = 0;
  dropHeartbeats = false;
  /** What was applied, for the device's event log and tests. */
  readonly applied: string[] = [];

  armWrite(fault: WriteFaultKind): void {
    this.writeFaults.push(fault);
  }

  /** Damage the next `count` incoming data frames (the device link NAKs or drops each). */
  armIncoming(count: number): void {
    this.corruptIncoming += count;
  }

  override async write(data: Uint8Array): Promise<void> {
    if (this.dropHeartbeats && Buffer.from(data).equals(HEARTBEAT)) {
      this.applied.push('heartbeat dropped');
      return;
    }
    const fault = data.length > CONTROL_WRITE_MAX ? this.writeFaults.shift() : undefined;
    if (!fault) return this.inner.write(data);
    this.applied.push(fault);
    switch (fault) {
      case 'badChecksum':
        return this.inner.write(corrupt(data));
      case 'truncatedFrame':
        return this.inner.write(data.subarray(0, Math.floor(data.length / 2)));
      case 'strayBytes':
        return this.inner.write(Buffer.concat([STRAY_PREFIX, data]));
      case 'duplicateFrames':
        await this.inner.write(data);
        return this.inner.write(data);
    }
  }

  override onData(listener: (chunk: Buffer) => void): () => void {
    return this.inner.onData((chunk) => {
      if (this.corruptIncoming > 0 && chunk.length > CONTROL_WRITE_MAX) {
        this.corruptIncoming -= 1;
        // Cut, not bit-flipped: a flipped digit inside a checksum-less JSON frame could pass
        // as a different valid request, which is not the fault being simulated.
        this.applied.push('incoming frame cut short');
        listener(chunk.subarray(0, Math.floor(chunk.length / 2)));
        return;
      }
      listener(chunk);
    });
  }
}

/**
 * Flips the low bit of one byte in the middle: inside the payload for every framing here, so
 * the checksum (XOR/LRC) no longer matches while the frame's shape stays intact.
 */
function corrupt(data: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(data);
  const at = Math.floor(copy.length / 2);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}
