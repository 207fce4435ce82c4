/**
 * Roles and per-device settings, persisted in SQLite (table device_settings, see migration.ts).
 *
 * Settings are validated on the way in (a bad value is refused with the field named) and on
 * the way out (a row edited by hand into nonsense reads back as defaults plus a `problem`,
 * never as a crash).
 */
import { z } from 'zod';
import type { Db } from '../../db/open';

export const DEVICE_ROLES = ['scanner', 'printer', 'terminal', 'cashDrawer', 'customerDisplay'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];
const roleSchema = z.enum(DEVICE_ROLES);

export const deviceSettingsSchema = z
  .object({
    /** Text encoding of a printer or text display. */
    encoding: z.enum(['GB18030', 'GBK', 'Big5', 'ascii']).optional(),
    paperWidthMm: z.union([z.literal(58), z.literal(80)]).optional(),
    baudRate: z.number().int().min(300).max(921_600).optional(),
    dataBits: z.union([z.literal(7), z.literal(8)]).optional(),
    parity: z.enum(['none', 'even', 'odd']).optional(),
    /** Keyboard-wedge scanner: the layout its keystrokes are in (e.g. 'us', 'fr'). */
    keyboardLayout: z.string().min(1).max(32).optional(),
    /** Pole display family. */
    displayModel: z.enum(['led8n', 'dmd']).optional(),
    /** LED8N `ESC s n` form. */
    lampForm: z.enum(['ascii', 'binary']).optional(),
    /** The cashier's name for it ("前台小票机"). */
    label: z.string().min(1).max(64).optional(),
  })
  .strict();
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;

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
    const parsed = roleSchema.nullable().safeParse(role);
    if (!parsed.success) throw new TypeError(`device role must be one of ${DEVICE_ROLES.join(', ')} or null, got ${JSON.stringify(role)}`);
    const current = this.get(deviceId);
    this.#write(deviceId, parsed.data, current.settings);
    return this.get(deviceId);
  }

  /** Merges `patch` into the stored settings; `undefined` values remove a key. */
  update(deviceId: string, patch: Record<string, unknown>): StoredDevice {
    const current = this.get(deviceId);
    const merged: Record<string, unknown> = { ...current.settings };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    const parsed = deviceSettingsSchema.safeParse(merged);
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
  const role = roleSchema.safeParse(row.role);
  let json: unknown;
  try {
    json = JSON.parse(row.settings_json);
  } catch {
    return { deviceId: row.device_id, role: role.success ? role.data : null, settings: {}, problem: 'stored settings are not valid JSON; using defaults' };
  }
  const settings = deviceSettingsSchema.safeParse(json);
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
