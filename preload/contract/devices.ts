/**
 * The contract of the device manager: roles, the devices found, the device doctor's detail,
 * and each device's settings (one schema: the core validates and stores by it, the Devices
 * page offers its choices).
 */
import { z } from 'zod';
import { BilingualText, type CallSpec, Empty, Id } from './common';
import { ReceiptPreview } from './printer';

export const DEVICE_ROLES = ['scanner', 'printer', 'terminal', 'cashDrawer', 'customerDisplay'] as const;
export const DeviceRole = z.enum(DEVICE_ROLES);
export type DeviceRole = z.infer<typeof DeviceRole>;

/** Text encodings of a printer or text display. */
export const TEXT_ENCODINGS = ['GB18030', 'GBK', 'Big5', 'ascii'] as const;
/** Receipt paper widths. */
export const PAPER_WIDTHS_MM = [58, 80] as const;
/** Serial line framing. */
export const DATA_BITS = [7, 8] as const;
export const PARITIES = ['none', 'even', 'odd'] as const;
export type Parity = (typeof PARITIES)[number];
/** Pole display families: LED8N 7-segment digits, or a 2×20 VFD dot matrix. */
export const DISPLAY_MODELS = ['led8n', 'dmd'] as const;
export type DisplayModel = (typeof DISPLAY_MODELS)[number];
/** How an LED8N display's `ESC s n` lamp command writes n. */
export const LAMP_FORMS = ['ascii', 'binary'] as const;
export type LampForm = (typeof LAMP_FORMS)[number];

/** Chinese text on a receipt printer: its own Chinese font, or drawn as images (no font). */
export const CJK_MODES = ['native', 'raster'] as const;
export type CjkMode = (typeof CJK_MODES)[number];

/** The longest name a cashier may give a device. */
export const DEVICE_LABEL_MAX = 64;

/** A device's stored settings; every field optional (absent = the driver's default). */
export const DeviceSettings = z
  .object({
    /** Text encoding of a printer or text display. */
    encoding: z.enum(TEXT_ENCODINGS).optional(),
    paperWidthMm: z.union([z.literal(PAPER_WIDTHS_MM[0]), z.literal(PAPER_WIDTHS_MM[1])]).optional(),
    /** Receipt printer model, an id of drivers/printer/models/*.json (the core checks it is one). */
    printerModel: z.string().max(40).regex(/^[a-z0-9-]{3,40}$/, 'a printer model id (drivers/printer/models/*.json)').optional(),
    /** 'raster': no Chinese font in the printer; Chinese lines are sent as images. */
    cjkMode: z.enum(CJK_MODES).optional(),
    /** Whether it has an auto-cutter (else the receipt is fed to the tear bar). */
    cutter: z.boolean().optional(),
    baudRate: z.number().int().min(300).max(921_600).optional(),
    dataBits: z.union([z.literal(DATA_BITS[0]), z.literal(DATA_BITS[1])]).optional(),
    parity: z.enum(PARITIES).optional(),
    /** Keyboard-wedge scanner: the layout its keystrokes are in (e.g. 'us', 'fr'). */
    keyboardLayout: z.string().min(1).max(32).optional(),
    /** Pole display family. */
    displayModel: z.enum(DISPLAY_MODELS).optional(),
    /** LED8N `ESC s n` form. */
    lampForm: z.enum(LAMP_FORMS).optional(),
    /** The cashier's name for it ("前台小票机"). */
    label: z.string().min(1).max(DEVICE_LABEL_MAX).optional(),
  })
  .strict();
export type DeviceSettings = z.infer<typeof DeviceSettings>;

export const DeviceInfo = z.object({
  id: Id,
  role: DeviceRole,
  name: z.string(),
  link: BilingualText,
  simulated: z.boolean(),
  status: z.enum(['ready', 'busy', 'attention', 'offline']),
  detail: BilingualText,
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const DeviceDetail = z.object({
  device: DeviceInfo,
  /** The device doctor: what happened to it (added, removed, opened, errors, reconnects). */
  timeline: z.array(z.object({ at: z.number(), kind: z.string(), reason: z.string() })),
  /** Raw bytes both ways, newest last. */
  byteLog: z.array(z.object({ at: z.number(), dir: z.enum(['in', 'out']), length: z.number().int(), hex: z.string() })),
  settings: DeviceSettings,
  canUnplug: z.boolean(),
});
export type DeviceDetail = z.infer<typeof DeviceDetail>;

export const deviceCalls = {
  'devices.list': { input: Empty, output: z.array(DeviceInfo) },
  'devices.detail': { input: z.object({ id: Id }).strict(), output: DeviceDetail },
  /** Print the test page on the receipt printer; returns its preview. */
  'devices.testPrint': { input: Empty, output: ReceiptPreview },
  /** Pulse the cash drawer (through the receipt printer's drawer port). */
  'devices.openDrawer': { input: Empty, output: z.object({ ok: z.boolean() }) },
  /** QA: pull / put back a simulated device's cable. */
  'devices.unplug': { input: z.object({ id: Id }).strict(), output: DeviceDetail },
  'devices.replug': { input: z.object({ id: Id }).strict(), output: DeviceDetail },
  'devices.setRole': { input: z.object({ id: Id, role: DeviceRole.nullable() }).strict(), output: DeviceDetail },
  /** Changes only the fields given (the core merges them into what is stored). */
  /** Sets the given fields; `clear` puts fields back to their default (the model's or the driver's). */
  'devices.updateSettings': {
    input: z.object({ id: Id, settings: DeviceSettings.partial().strict(), clear: z.array(DeviceSettings.keyof()).max(20).default([]) }).strict(),
    output: DeviceDetail,
  },
  'devices.addNetworkPrinter': { input: z.object({ address: z.string().min(3).max(80) }).strict(), output: z.object({ id: z.string(), problem: z.string().nullable() }) },
} as const satisfies Record<string, CallSpec>;
