import { describe, expect, it } from 'vitest';
import { DEFAULT_HQ_PORT, parseHqArgs } from './run-hq';

describe('parseHqArgs', () => {
  it('defaults to loopback, port 8430 and ./posdesk-hq.db', () => {
    expect(parseHqArgs([], {}, '/srv')).toEqual({ host: '127.0.0.1', port: DEFAULT_HQ_PORT, dbPath: '/srv/posdesk-hq.db', token: undefined });
  });
  it('reads every flag, and the token from the environment', () => {
    expect(parseHqArgs(['--port', '0', '--db', 'x/hq.db', '--host', '0.0.0.0'], { POSDESK_HQ_TOKEN: 't0k' }, '/srv')).toEqual({
      host: '0.0.0.0',
      port: 0,
      dbPath: '/srv/x/hq.db',
      token: 't0k',
    });
  });
  it('says what is wrong with bad arguments', () => {
    expect(() => parseHqArgs(['--port', 'http'], {})).toThrow('--port must be 0-65535, got "http"');
    expect(() => parseHqArgs(['--port'], {})).toThrow('--port needs a value');
    expect(() => parseHqArgs(['--verbose'], {})).toThrow('unknown option "--verbose"');
  });
});
