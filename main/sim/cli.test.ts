import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../drivers/terminal/profiles';
import { parseSimArgs, runSim, SIM_USAGE, type SimCliHandle, SimUsageError } from './cli';
import { tcpHost } from './sim-test-kit';

let handle: SimCliHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe('posdesk sim (CLI)', () => {
  it('starts the terminal and the control API and prints where both are', async () => {
    const lines: string[] = [];
    handle = await runSim(['--vendor', 'wangpos', '--tcp', '127.0.0.1:0', '--control-port', '0', '--seed', '5'], { out: (l) => lines.push(l) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^posdesk sim: wangpos terminal on tcp:\/\/127\.0\.0\.1:\d+; control API at http:\/\/127\.0\.0\.1:\d+\/sim\/status$/);
    const res = await fetch(`${handle.control.url}/sim/status`);
    expect(await res.json()).toMatchObject({ vendor: 'wangpos' });
    const host = tcpHost(getProfile('wangpos'), handle.service.port ?? -1);
    try {
      expect((await host.driver.signIn()).result.outcome).toBe('approved');
    } finally {
      await host.driver.close();
    }
  });

  it('parses serial, pacing, state, manual and scenario flags', () => {
    const { service, control } = parseSimArgs(['--vendor', 'mispos', '--serial', '/dev/ttyV1', '--baud', '115200', '--pace', '--manual', '--state', 's.json', '--stage-delay-ms', '300', '--scenario', 'x.json']);
    expect(service).toEqual({
      vendor: 'mispos',
      link: { kind: 'serial', path: '/dev/ttyV1', baud: 115200 },
      paceBaud: true,
      manual: true,
      statePath: 's.json',
      stageDelayMs: 300,
      scenarioFile: 'x.json',
    });
    expect(control).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseSimArgs(['--vendor', 'mispos', '--serial', '/dev/ttyV1']).service.link).toEqual({ kind: 'serial', path: '/dev/ttyV1', baud: 9600 });
  });

  it.each([
    [['--vendor', 'nope', '--tcp', '127.0.0.1:0'], /unknown vendor "nope": valid vendors are wangpos, lakala/],
    [['--tcp', '127.0.0.1:0'], /--vendor is required \(one of: wangpos/],
    [['--vendor', 'wangpos'], /exactly one of --serial/],
    [['--vendor', 'wangpos', '--tcp', '127.0.0.1:1', '--serial', '/dev/x'], /exactly one of --serial/],
    [['--vendor', 'wangpos', '--tcp', '0.0.0.0:9100'], /loopback only/],
    [['--vendor', 'wangpos', '--tcp', 'abc'], /--tcp expects 127\.0\.0\.1:<port>/],
    [['--vendor', 'wangpos', '--tcp', '127.0.0.1:0', '--seed', 'x1'], /--seed must be an integer/],
    [['--vendor', 'wangpos', '--tcp', '127.0.0.1:70000'], /--tcp port must be an integer/],
    [['--vendor', 'wangpos', '--tcp', '127.0.0.1:0', '--bogus'], /bogus/],
  ])('rejects %j with a clear message', (argv, message) => {
    const err = (() => {
      try {
        parseSimArgs(argv);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SimUsageError);
    expect(String(err)).toMatch(message);
  });

  it('usage lists every vendor', () => {
    expect(SIM_USAGE).toContain('wangpos, lakala, newland');
  });
});
