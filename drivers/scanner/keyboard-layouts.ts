/**
 * What a keyboard-wedge scanner types when the PC's keyboard layout is not the one the
 * scanner assumes. Scanners send key *positions* for a US layout; the OS turns positions
 * into characters with its own layout, so "HA112" arrives as "HA&&é" on AZERTY
 * (field-notes.md §2). Each table maps the character the scanner meant (US position) to
 * the character the OS produces; unlisted characters come through unchanged. '' means a
 * dead key: it produces nothing on its own (the DOM reports key "Dead") and is lost.
 */

export type LayoutId = 'us' | 'uk' | 'fr-azerty' | 'de-qwertz';

export const LAYOUT_NAMES: Readonly<Record<LayoutId, string>> = {
  us: 'US (QWERTY)',
  uk: 'UK (QWERTY)',
  'fr-azerty': 'French (AZERTY)',
  'de-qwertz': 'German (QWERTZ)',
};

const UK: Record<string, string> = { '@': '"', '"': '@', '#': '£', '\\': '#', '|': '~', '~': '¬' };

const FR_AZERTY: Record<string, string> = {
  q: 'a', a: 'q', w: 'z', z: 'w', ';': 'm', m: ',',
  Q: 'A', A: 'Q', W: 'Z', Z: 'W', ':': 'M', M: '?',
  '1': '&', '2': 'é', '3': '"', '4': "'", '5': '(', '6': '-', '7': 'è', '8': '_', '9': 'ç', '0': 'à', '-': ')',
  '!': '1', '@': '2', '#': '3', $: '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0', _: '°',
  '[': '', '{': '', ']': '$', '}': '£', '\\': '*', '|': 'µ', "'": 'ù', '"': '%', '`': '²', '~': '',
  ',': ';', '<': '.', '.': ':', '>': '/', '/': '!', '?': '§',
};

const DE_QWERTZ: Record<string, string> = {
  y: 'z', z: 'y', Y: 'Z', Z: 'Y',
  '@': '"', '#': '§', '^': '&', '&': '/', '*': '(', '(': ')', ')': '=', '-': 'ß', _: '?', '=': '', '+': '',
  '[': 'ü', '{': 'Ü', ']': '+', '}': '*', '\\': '#', '|': "'", ';': 'ö', ':': 'Ö', "'": 'ä', '"': 'Ä',
  '`': '', '~': '°', '<': ';', '>': ':', '/': '-', '?': '_',
};

export const LAYOUT_TABLES: Readonly<Record<LayoutId, Readonly<Record<string, string>>>> = {
  us: {},
  uk: UK,
  'fr-azerty': FR_AZERTY,
  'de-qwertz': DE_QWERTZ,
};

/** What the OS shows when a US-layout scanner means `text` and the PC uses `layout`. */
export function typeThroughLayout(text: string, layout: LayoutId): string {
  const table = LAYOUT_TABLES[layout];
  return [...text].map((c) => table[c] ?? c).join('');
}

const inverses = new Map<LayoutId, Map<string, string>>();

function inverse(layout: LayoutId): Map<string, string> {
  let inv = inverses.get(layout);
  if (inv === undefined) {
    inv = new Map();
    for (const [meant, shown] of Object.entries(LAYOUT_TABLES[layout])) if (shown !== '') inv.set(shown, meant);
    inverses.set(layout, inv);
  }
  return inv;
}

/**
 * Undo a known-wrong layout: turn what the OS produced back into what the scanner meant.
 * Characters typed through a dead key are lost and cannot be recovered; the calibration
 * report warns when the test label hits one.
 */
export function remapLayout(text: string, layout: LayoutId): string {
  const inv = inverse(layout);
  return [...text].map((c) => inv.get(c) ?? c).join('');
}
