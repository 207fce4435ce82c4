/**
 * The one place PosDesk makes a serialport stream: serialport 13 with its native binding,
 * except that a hung-up port is reported as a disconnect instead of spinning forever.
 *
 * Why: @serialport/bindings-cpp's unixRead retries whenever read() returns 0 bytes
 * (bindings-cpp issue #162, fix PR #164 not merged). The port is opened with VMIN=1, so a
 * non-blocking read with no data gives EAGAIN; 0 bytes means the tty was hung up (a USB-serial
 * adapter or a terminal's cable pulled, the far end of a pty gone). Unpatched, that retry is
 * a hot loop that never reports the disconnect and never yields to the poller: the cashier
 * sees a terminal that "hangs" and the process burns a core. We pass unixRead a read function
 * that turns 0 bytes into an error marked `disconnect`, which the stream reports as a
 * DisconnectedError on 'close', as it already does for EIO/ENXIO.
 */
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import { type AutoDetectTypes, autoDetect, DarwinPortBinding, LinuxPortBinding } from '@serialport/bindings-cpp';
// Not re-exported from the package index; the file is part of the published dist (13.0.0 pinned).
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read';
import { SerialPortStream } from '@serialport/stream';
import type { SerialPortOpenOptions } from 'serialport';

type PlatformBinding = AutoDetectTypes;
const platformBinding: PlatformBinding = autoDetect();
/** The same options serialport's own SerialPort class takes. */
export type SerialPortSettings = SerialPortOpenOptions<PlatformBinding>;
type OpenOptions = Parameters<PlatformBinding['open']>[0];
export type SerialPortHandle = SerialPortStream<PlatformBinding>;

const readAsync = promisify(fsRead);

/** fs.read, except that end of file on a tty (hang-up) is an error the stream treats as a disconnect. */
export const readOrHangup: typeof readAsync = (async (...args: Parameters<typeof readAsync>) => {
  const result = await readAsync(...args);
  if (result.bytesRead === 0) {
    throw Object.assign(new Error('the port hung up (read returned end of file)'), { code: 'EOF', disconnect: true });
  }
  return result;
}) as typeof readAsync;

const hangupAwareBinding: PlatformBinding = {
  ...platformBinding,
  list: () => platformBinding.list(),
  async open(options: OpenOptions) {
    // The union's open() overloads don't unify; each platform's binding takes these options.
    // Called on the binding object: Linux's open() stores the fd on `this`.
    const open = platformBinding.open as (this: PlatformBinding, o: OpenOptions) => ReturnType<PlatformBinding['open']>;
    const port = await open.call(platformBinding, options);
    if (port instanceof LinuxPortBinding || port instanceof DarwinPortBinding) {
      const unix = port;
      unix.read = async (buffer, offset, length) => {
        if (!unix.isOpen) throw new Error('Port is not open');
        return unixRead({ binding: unix, buffer, offset, length, fsReadAsync: readOrHangup });
      };
    }
    return port;
  },
} as PlatformBinding;

/** A serialport stream on the hang-up-aware binding; same options as serialport's SerialPort. */
export function createSerialPort(settings: SerialPortSettings): SerialPortHandle {
  return new SerialPortStream({ ...settings, binding: hangupAwareBinding });
}
