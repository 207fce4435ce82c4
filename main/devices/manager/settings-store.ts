/**
 * Roles and per-device settings, persisted in SQLite (table device_settings, see migration.ts).
 * The roles and the settings schema are the contract's (preload/contract/devices.ts).
 *
 * Settings are validated on the way in (a bad value is refused with the field named) and on
 * the way out (a row edited by hand into nonsense reads back as defaults plus a `problem`,
 * never as a crash).
 */
import { findPrinterModel } from '../../../drivers/printer/models/catalog';
import { DEVICE_ROLES, DeviceRole, DeviceSettings as ContractSettings } from '../../../preload/contract/devices';
import type { Db } from '../../db/open';

/** The contract's settings, and a printer model must be one of drivers/printer/models/*.json. */
const DeviceSettings = ContractSettings.refine((s) => s.printerModel === undefined || findPrinterModel(s.printerModel) !== undefined, {
  message: 'not a known printer model (drivers/printer/models/*.json)',
  path: ['printerModel'],
});
type DeviceSettings = ContractSettings;

export interface StoredDevice {
  deviceId: string;
  role: DeviceRole | null;
  settings: DeviceSettings;
  /** Set when the stored row could not be read as valid settings. */
  problem?: string;
}

interface Row {
  device_id: string;
  role: string | null;
  settings_json: string;
}

export class DeviceSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(deviceId: string): StoredDevice {
    const row = this.db.prepare<[string], Row>(`SELECT device_id, role, settings_json FROM device_settings WHERE device_id = ?`).get(deviceId);
    return row ? fromRow(row) : { deviceId, role: null, settings: {} };
  }

  list(): StoredDevice[] {
    return this.db.prepare<[], Row>(`SELECT device_id, role, settings_json FROM device_settings ORDER BY device_id`).all().map(fromRow);
  }

  setRole(deviceId: string, role: DeviceRole | null): StoredDevice {
    const parsed = DeviceRole.nullable().safeParse(role);
    if (!parsed.success) throw new TypeError(`device role must be one of ${DEVICE_ROLES.join(', ')} or null, got ${JSON.stringify(role)}`);
    const current = this.get(deviceId);
    this.#write(deviceId, parsed.data, current.settings);
    return this.get(deviceId);
  }

  /** Merges `patch` into the stored settings; `undefined` or `null` values remove a key (back to the default). */
  update(deviceId: string, patch: Record<string, unknown>): StoredDevice {
    const current = this.get(deviceId);
    const merged: Record<string, unknown> = { ...current.settings };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    const parsed = DeviceSettings.safeParse(merged);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new TypeError(`device ${deviceId} settings: ${issues}`);
    }
    this.#write(deviceId, current.role, parsed.data);
    return this.get(deviceId);
  }

  #write(deviceId: string, role: DeviceRole | null, settings: DeviceSettings): void {
    this.db
      .prepare(
        `INSERT INTO device_settings (device_id, role, settings_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(device_id) DO UPDATE SET role = excluded.role, settings_json = excluded.settings_json, updated_at = excluded.updated_at`,
      )
      .run(deviceId, role, JSON.stringify(settings), this.now().toISOString());
  }
}

function fromRow(row: Row): StoredDevice {
  const role = DeviceRole.safeParse(row.role);
  let json: unknown;
  try {
    json = JSON.parse(row.settings_json);
  } catch {
    return { deviceId: row.device_id, role: role.success ? role.data : null, settings: {}, problem: 'stored settings are not valid JSON; using defaults' };
  }
  const settings = DeviceSettings.safeParse(json);
  if (!settings.success) {
    return {
      deviceId: row.device_id,
      role: role.success ? role.data : null,
      settings: {},
      problem: `stored settings are invalid (${settings.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}); using defaults`,
    };
  }
  return { deviceId: row.device_id, role: role.success ? role.data : null, settings: settings.data };
}
