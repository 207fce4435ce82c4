/**
 * USB vendor/product ids of common POS devices -> what they probably are.
 *
 * `source` says how far to trust a row:
 * - 'usb.ids': the vendor id is assigned to that company in the public linux-usb usb.ids list
 *   (recalled from that list; not re-fetched in this build, the VM has no network to it);
 * - 'field': common knowledge from POS integrators (drivers, forum posts, udev rules), not a
 *   registry entry. Chinese printer makers often ship a chip vendor's id (STMicro 0483,
 *   Winbond 0416, NXP 1fc9) rather than their own, so those rows are guesses by nature.
 * A product id of null matches any product of the vendor. The more specific row wins.
 * Vendor defaults are data: a cashier can override the kind per device in settings.
 */

export type DeviceKind = 'printer' | 'scanner' | 'terminal' | 'display';

export interface UsbIdEntry {
  vendorId: number;
  productId: number | null;
  vendor: string;
  kind: DeviceKind;
  name: string;
  source: 'usb.ids' | 'field';
}

export const USB_IDS: readonly UsbIdEntry[] = [
  { vendorId: 0x04b8, productId: null, vendor: 'Epson', kind: 'printer', name: 'Epson TM receipt printer', source: 'usb.ids' },
  { vendorId: 0x04b8, productId: 0x0202, vendor: 'Epson', kind: 'printer', name: 'Epson TM-T88 series (0202)', source: 'field' },
  { vendorId: 0x04b8, productId: 0x0e15, vendor: 'Epson', kind: 'printer', name: 'Epson TM-T20II', source: 'field' },
  { vendorId: 0x0483, productId: null, vendor: 'STMicroelectronics (Xprinter/"Printer-80" clones)', kind: 'printer', name: 'USB receipt printer (STM id)', source: 'field' },
  { vendorId: 0x0483, productId: 0x5743, vendor: 'Xprinter', kind: 'printer', name: 'Printer-80 / XP-80 series', source: 'field' },
  { vendorId: 0x0416, productId: null, vendor: 'Winbond (Xprinter/POS58 clones)', kind: 'printer', name: 'USB receipt printer (Winbond id)', source: 'field' },
  { vendorId: 0x0416, productId: 0x5011, vendor: 'Xprinter', kind: 'printer', name: 'POS58 / XP-58 series', source: 'field' },
  { vendorId: 0x1fc9, productId: null, vendor: 'NXP (receipt printer clones)', kind: 'printer', name: 'USB receipt printer (NXP id)', source: 'field' },
  { vendorId: 0x6868, productId: null, vendor: 'Gainscha (GP / 佳博)', kind: 'printer', name: 'GP receipt/label printer', source: 'field' },
  { vendorId: 0x0519, productId: null, vendor: 'Star Micronics', kind: 'printer', name: 'Star TSP/mC-Print printer', source: 'usb.ids' },
  { vendorId: 0x1504, productId: null, vendor: 'Bixolon', kind: 'printer', name: 'Bixolon SRP printer', source: 'field' },
  { vendorId: 0x1d90, productId: null, vendor: 'Citizen', kind: 'printer', name: 'Citizen CT-S printer', source: 'field' },
  { vendorId: 0x0a5f, productId: null, vendor: 'Zebra', kind: 'printer', name: 'Zebra label printer', source: 'usb.ids' },
  { vendorId: 0x2207, productId: null, vendor: 'Rockchip (Sunmi)', kind: 'terminal', name: 'Sunmi smart POS (Rockchip id)', source: 'field' },
  { vendorId: 0x0c2e, productId: null, vendor: 'Honeywell (Metrologic)', kind: 'scanner', name: 'Honeywell barcode scanner', source: 'usb.ids' },
  { vendorId: 0x05e0, productId: null, vendor: 'Zebra (Symbol)', kind: 'scanner', name: 'Zebra/Symbol barcode scanner', source: 'usb.ids' },
  { vendorId: 0x05f9, productId: null, vendor: 'Datalogic (PSC)', kind: 'scanner', name: 'Datalogic barcode scanner', source: 'usb.ids' },
  { vendorId: 0x1eab, productId: null, vendor: 'Newland (新大陆)', kind: 'scanner', name: 'Newland barcode scanner', source: 'field' },
  { vendorId: 0x2fb8, productId: null, vendor: 'PAX (百富)', kind: 'terminal', name: 'PAX payment terminal', source: 'field' },
];

/**
 * USB-serial bridges: the device behind them is unknown (a terminal, a pole display, a
 * scale); discovery lists them as serial ports and the cashier assigns the role.
 */
export const USB_SERIAL_ADAPTERS: readonly { vendorId: number; vendor: string; source: 'usb.ids' | 'field' }[] = [
  { vendorId: 0x0403, vendor: 'FTDI', source: 'usb.ids' },
  { vendorId: 0x067b, vendor: 'Prolific (PL2303)', source: 'usb.ids' },
  { vendorId: 0x1a86, vendor: 'QinHeng (CH340/CH341)', source: 'usb.ids' },
  { vendorId: 0x10c4, vendor: 'Silicon Labs (CP210x)', source: 'usb.ids' },
];

/** The most specific entry for a vid/pid: an exact product row, else the vendor's row. */
export function lookupUsbId(vendorId: number, productId: number): UsbIdEntry | undefined {
  return (
    USB_IDS.find((e) => e.vendorId === vendorId && e.productId === productId) ??
    USB_IDS.find((e) => e.vendorId === vendorId && e.productId === null)
  );
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
