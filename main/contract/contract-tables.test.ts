/**
 * The contract's assembly (preload/contract/index.ts): the per-domain call groups make up
 * the one calls table with no name declared twice, and devices.updateSettings takes the
 * real settings schema.
 */
import { describe, expect, it } from 'vitest';
import {
  appCalls,
  calls,
  cartCalls,
  checkoutCalls,
  deviceCalls,
  isCallName,
  journalCalls,
  printerCalls,
  queueCalls,
  reconCalls,
  settingsCalls,
  simCalls,
} from '../../preload/contract';
import { describeInvalid } from './dispatch';

const GROUPS = { appCalls, cartCalls, checkoutCalls, journalCalls, deviceCalls, printerCalls, simCalls, reconCalls, queueCalls, settingsCalls };

describe('the calls table', () => {
  it('is the union of the domain groups, each call declared by exactly one', () => {
    const owners = new Map<string, string[]>();
    for (const [group, table] of Object.entries(GROUPS)) for (const name of Object.keys(table)) owners.set(name, [...(owners.get(name) ?? []), group]);
    expect([...owners].filter(([, by]) => by.length > 1)).toEqual([]);
    expect(Object.keys(calls).sort()).toEqual([...owners.keys()].sort());
    for (const name of owners.keys()) expect(isCallName(name), name).toBe(true);
    expect(isCallName('toString')).toBe(false);
    expect(isCallName('devices.update')).toBe(false);
  });
});

describe('devices.updateSettings', () => {
  const input = calls['devices.updateSettings'].input;

  it('takes any part of the device settings', () => {
    expect(input.parse({ id: 'sim_printer', settings: { encoding: 'GBK', paperWidthMm: 58 } })).toEqual({ id: 'sim_printer', settings: { encoding: 'GBK', paperWidthMm: 58 }, clear: [] });
    expect(input.parse({ id: 'sim_display', settings: {} }).settings).toEqual({});
  });

  it('clears named fields back to their default, and only fields the schema knows', () => {
    expect(input.parse({ id: 'sim_printer', settings: {}, clear: ['printerModel', 'cutter'] }).clear).toEqual(['printerModel', 'cutter']);
    expect(input.safeParse({ id: 'sim_printer', settings: {}, clear: ['colour'] }).success).toBe(false);
  });

  it('refuses a value or a key the settings schema does not know, naming the field', () => {
    const badWidth = input.safeParse({ id: 'x', settings: { paperWidthMm: 76 } });
    expect(badWidth.success).toBe(false);
    if (!badWidth.success) expect(describeInvalid('devices.updateSettings', badWidth.error).field).toBe('settings.paperWidthMm');
    const unknownKey = input.safeParse({ id: 'x', settings: { colour: 'red' } });
    expect(unknownKey.success).toBe(false);
    if (!unknownKey.success) expect(describeInvalid('devices.updateSettings', unknownKey.error).message).toMatch(/settings: .*colour/);
  });
});
