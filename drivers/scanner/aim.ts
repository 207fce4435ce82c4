/**
 * AIM symbology identifiers (ISO/IEC 15424): scanners can be set to prefix each scan with
 * `]` + a symbology letter + a modifier digit, e.g. `]E0` EAN-13, `]C1` GS1-128. Leenheer's
 * KeyboardBarcodeScanner decodes them too; we strip them and report what they said, because
 * they tell a GS1 payload from plain data and an EAN from a Code 128 that happens to hold digits.
 */

export interface AimId {
  /** The three characters as scanned, e.g. "]E0". */
  id: string;
  /** Human-readable symbology family, e.g. "EAN/UPC", "Code 128", "QR Code". */
  symbology: string;
  /** The modifier says the payload is GS1 element strings (FNC1 in first position). */
  gs1: boolean;
  /** For ]E: which EAN/UPC variant the modifier names. */
  eanVariant?: 'EAN-13/UPC' | 'EAN-8' | 'add-on';
}

const SYMBOLOGIES: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  E: 'EAN/UPC',
  F: 'Codabar',
  G: 'Code 93',
  H: 'Code 11',
  I: 'ITF',
  J: 'DotCode',
  L: 'PDF417',
  M: 'MSI',
  Q: 'QR Code',
  R: 'Straight 2 of 5',
  S: 'Industrial 2 of 5',
  X: 'Other',
  Z: 'Non-barcode',
  d: 'Data Matrix',
  e: 'GS1 DataBar',
  z: 'Aztec',
};

/** Symbology letter + modifiers that mean "GS1 data, FNC1 in first position". */
const GS1_MODIFIERS: ReadonlySet<string> = new Set(['C1', 'd2', 'Q3', 'e0', 'J1', 'z1']);

const AIM_PATTERN = /^\][A-Za-z][0-9A-Za-z]/;

/** Split a leading AIM identifier off a scan. Unknown letters are left in place (not AIM). */
export function parseAim(scan: string): { aim: AimId | null; rest: string } {
  if (!AIM_PATTERN.test(scan)) return { aim: null, rest: scan };
  const letter = scan.charAt(1);
  const modifier = scan.charAt(2);
  const symbology = SYMBOLOGIES[letter];
  if (symbology === undefined) return { aim: null, rest: scan };
  const aim: AimId = { id: scan.slice(0, 3), symbology, gs1: GS1_MODIFIERS.has(letter + modifier) };
  if (letter === 'E') {
    aim.eanVariant = modifier === '4' ? 'EAN-8' : modifier === '0' ? 'EAN-13/UPC' : 'add-on';
  }
  return { aim, rest: scan.slice(3) };
}
