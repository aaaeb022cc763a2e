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
