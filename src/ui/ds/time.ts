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
/** "2026-08-31" is a calendar day: read as local midnight (Date.parse would take UTC, the day before west of it). */
function localDay(iso: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : undefined;
}

/** A day as lists show it: "Dec 1, 2026" in the reader's locale; an ISO string or epoch ms alike. */
export function dayText(t: number | string): string {
  dayFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  const ms = typeof t === 'number' ? t : localDay(t) ?? Date.parse(t);
  return Number.isNaN(ms) ? '' : dayFormat.format(ms);
}

let shortFormat: Intl.DateTimeFormat | undefined;
/** A calendar day ("2026-08-31", local) as a column head: "Aug 31" in the reader's locale; "" if unreadable. */
export function shortDay(isoDay: string): string {
  const ms = localDay(isoDay);
  if (ms === undefined) return '';
  shortFormat ??= new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  return shortFormat.format(ms);
}
