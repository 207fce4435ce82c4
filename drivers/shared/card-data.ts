/**
 * Card data: the one masking rule for card numbers (DESIGN rules 7 and 8), used by the terminal
 * drivers and simulator at their boundary, by reconciliation on acquirer files and by the log
 * redactor. Browser-safe (no Node imports).
 *
 * The rule fails closed: only a string that is clearly a card number (13 to 19 digits, or such
 * a number already masked with stars; spaces and dashes between groups are dropped) shows its
 * first 6 and last 4 (BIN and tail, as slips print them, bills-displays.md §5). Anything else —
 * too short, too long, letters — comes back as stars of its length, so a malformed or partial
 * number is never shown in the clear.
 */

/** Shown digits: BIN (first 6) and last 4. */
const PAN_HEAD = 6;
const PAN_TAIL = 4;
/** Card numbers in use are 13 to 19 digits; below 13, first 6 + last 4 would show nearly all of it. */
const PAN_MIN = 13;
const PAN_MAX = 19;
const MASKABLE = new RegExp(`^[0-9*]{${PAN_MIN},${PAN_MAX}}$`);

/**
 * "6217000010006354123" -> "621700*********4123"; an already-masked "621700*********6354" is
 * kept; "12345678", "abc123" or a 20-digit run -> all stars; "" -> "".
 */
export function maskPan(pan: string): string {
  const compact = pan.replace(/[\s-]/g, '');
  if (!MASKABLE.test(compact)) return '*'.repeat(compact.length);
  return compact.slice(0, PAN_HEAD) + '*'.repeat(compact.length - PAN_HEAD - PAN_TAIL) + compact.slice(-PAN_TAIL);
}

/** A run of digits as long as a card number, not part of a longer run. */
const PAN_RUN = new RegExp(`(?<!\\d)\\d{${PAN_MIN},${PAN_MAX}}(?!\\d)`, 'g');

/** Free text (a log line, a raw file line in an error) with every card-number-length digit run masked by maskPan. */
export function maskPansIn(text: string): string {
  return text.replace(PAN_RUN, maskPan);
}
