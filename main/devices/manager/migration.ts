/**
 * Schema for the device manager and the print queue. The lead appends DEVICES_MIGRATION to
 * main/db/migrations.ts after '001' (it alters print_jobs, which 001 creates).
 */
import type { Migration } from '../../db/migrations';

export const DEVICES_MIGRATION: Migration = {
  name: 'devices: roles and settings; print queue holds and reprints',
  sql: `
    -- One row per device the cashier has configured. device_id is the manager's stable id
    -- (usb_04b8:0202, serial_/dev/ttyS0, net_192.168.1.50:9100, sim_...).
    CREATE TABLE device_settings (
      device_id TEXT PRIMARY KEY,
      role TEXT CHECK (role IS NULL OR role IN ('scanner','printer','terminal','cashDrawer','customerDisplay')),
      -- Per-device settings (encoding, paper width, baud rate, keyboard layout...), JSON
      -- validated by DeviceSettings in preload/contract/devices.ts (the API contract).
      settings_json TEXT NOT NULL DEFAULT '{}',
      updated_at TEXT NOT NULL
    );

    -- Which printer a job is for (the print queue only touches its own device's jobs).
    ALTER TABLE print_jobs ADD COLUMN device_id TEXT;
    -- Why a job is held: paperOut, coverOpen, offline, printerError, noStatus, disconnected
    -- (nothing was sent: safe to resume) or maybeIncomplete, interrupted (bytes went out:
    -- only the cashier decides). The human text is in error.
    ALTER TABLE print_jobs ADD COLUMN hold_code TEXT;
    -- The same receipt rendered with the 重打印 COPY mark, sent on a confirmed reprint.
    ALTER TABLE print_jobs ADD COLUMN copy_bytes BLOB;
    -- How many times the bytes were sent (attempts) and how many of those were reprints.
    ALTER TABLE print_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE print_jobs ADD COLUMN reprints INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE print_jobs ADD COLUMN updated_at TEXT;
    CREATE INDEX print_jobs_device_state ON print_jobs(device_id, state);
  `,
};
