import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { DeviceSettingsStore } from './settings-store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'posdesk-devset-'));
  dirs.push(dir);
  return join(dir, 'posdesk.db');
}

describe('DeviceSettingsStore (SQLite)', () => {
  it('keeps roles and settings across a reopen of the file', () => {
    const file = dbFile();
    const db = openDatabase(file);
    // openDatabase applied DEVICES_MIGRATION already.
    const store = new DeviceSettingsStore(db);
    expect(store.get('usb_0416:5011')).toEqual({ deviceId: 'usb_0416:5011', role: null, settings: {} });
    store.setRole('usb_0416:5011', 'printer');
    store.update('usb_0416:5011', { encoding: 'GBK', paperWidthMm: 58, label: '前台小票机' });
    store.setRole('serial_/dev/ttyS0', 'customerDisplay');
    store.update('serial_/dev/ttyS0', { baudRate: 2400, displayModel: 'led8n' });
    db.close();

    const again = openDatabase(file);
    const reread = new DeviceSettingsStore(again);
    expect(reread.get('usb_0416:5011')).toEqual({
      deviceId: 'usb_0416:5011',
      role: 'printer',
      settings: { encoding: 'GBK', paperWidthMm: 58, label: '前台小票机' },
    });
    expect(reread.list().map((d) => d.role)).toEqual(['customerDisplay', 'printer']);
    expect(reread.update('usb_0416:5011', { label: undefined }).settings).toEqual({ encoding: 'GBK', paperWidthMm: 58 });
    again.close();
  });

  it('refuses bad settings naming the field, and reads a hand-broken row as defaults', () => {
    const db = openDatabase(dbFile());
    // openDatabase applied DEVICES_MIGRATION already.
    const store = new DeviceSettingsStore(db);
    expect(() => store.update('x', { paperWidthMm: 76 })).toThrow(/device x settings: paperWidthMm/);
    expect(() => store.update('x', { colour: 'red' })).toThrow(/device x settings/);
    expect(() => store.setRole('x', 'toaster' as never)).toThrow(/device role must be one of/);
    db.prepare(`INSERT INTO device_settings (device_id, role, settings_json, updated_at) VALUES ('y', 'printer', '{oops', 'now')`).run();
    db.prepare(`INSERT INTO device_settings (device_id, role, settings_json, updated_at) VALUES ('z', NULL, '{"baudRate":-1}', 'now')`).run();
    expect(store.get('y')).toMatchObject({ role: 'printer', settings: {}, problem: expect.stringMatching(/not valid JSON/) });
    expect(store.get('z')).toMatchObject({ settings: {}, problem: expect.stringMatching(/invalid \(baudRate\)/) });
    db.close();
  });
});
