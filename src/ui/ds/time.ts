/**
 * A moment as the record pages show it — timeline entries, field history, dropped values:
 * "Dec 1, 2026, 9:16 AM" in the reader's locale, minutes and never seconds. One formatter,
 * made once (a long history formats a row each).
 */
let format: Intl.DateTimeFormat | undefined;
export function stamp(ms: number): string {
  format ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return format.format(ms);
}

let dayFormat: Intl.DateTimeFormat | undefined;
/** A day as lists show it: "Dec 1, 2026" in the reader's locale; an ISO string or epoch ms alike. */
export function dayText(t: number | string): string {
  dayFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return Number.isNaN(ms) ? '' : dayFormat.format(ms);
}
