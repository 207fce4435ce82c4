/**
 * Test helpers for main/sim: a host-side TerminalDriver (what the counter runs) pointed at a
 * simulator over TCP or a serial port, with the shortened link timers the driver e2e tests use.
 */
import { FAST_TIMEOUTS, FAST_TUNING } from '../../drivers/terminal/host/e2e-test-kit';
import { channelFactory } from '../../drivers/terminal/host/connect';
import { TerminalDriver } from '../../drivers/terminal/host/driver';
import type { ProgressEvent } from '../../drivers/terminal/model';
import type { Profile } from '../../drivers/terminal/profiles/profile-schema';
import { SerialTransport } from '../../drivers/transport/serial';
import { TcpTransport } from '../../drivers/transport/tcp';
import type { Transport } from '../../drivers/transport/transport';

export { FAST_TUNING };

export interface HostSide {
  driver: TerminalDriver;
  progress: ProgressEvent[];
  /** Every transport the driver opened, oldest first (it opens a new one after a link loss). */
  transports: Transport[];
}

export function tcpHost(profile: Profile, port: number): HostSide {
  return host(profile, () => new TcpTransport({ port }));
}

export function serialHost(profile: Profile, path: string, baudRate = 9600): HostSide {
  return host(profile, () => new SerialTransport({ path, baudRate }));
}

function host(profile: Profile, openTransport: () => TcpTransport | SerialTransport): HostSide {
  const progress: ProgressEvent[] = [];
  const transports: Transport[] = [];
  const opened = () => {
    const t = openTransport();
    transports.push(t);
    return t;
  };
  const driver = new TerminalDriver({
    profile,
    connect: channelFactory({ profile, openTransport: opened, tuning: FAST_TUNING }),
    timeouts: FAST_TIMEOUTS,
    onProgress: (e) => progress.push(e),
  });
  return { driver, progress, transports };
}

export { until } from '../../test/helpers/until';
