/**
 * How a task's due time reads, in one home: the task lists' badge and label (`dueState`) and
 * the home screen's short line (`dueLabel`, src/ui/models/home-model.ts) share the calendar
 * rules here. Pure, given now; local time, the reader's locale.
 */
export type DueState = { state: 'none' | 'done' | 'overdue' | 'soon' | 'later'; label: string };

const DAY = 86_400_000;

/** Start of the local day holding `t`. */
const dayStart = (t: number) => { const d = new Date(t); d.setHours(0, 0, 0, 0); return d.getTime(); };

/** Calendar days from `now`'s day to `t`'s (local): 0 today, 1 tomorrow, -1 yesterday. */
export const daysBetween = (now: number, t: number) => Math.round((dayStart(t) - dayStart(now)) / DAY);

// Formatters are dear to make and a task list formats a row each: one per locale.
const formats = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat; weekday: Intl.DateTimeFormat; year: Intl.DateTimeFormat; rel: Intl.RelativeTimeFormat }>();
function fmt(locale: string | undefined) {
  const key = locale ?? '';
  let f = formats.get(key);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }),
      day: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }),
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric' }),
      year: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }),
      rel: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    };
    formats.set(key, f);
  }
  return f;
}

/** "9:00 AM" (or "09:00", by locale): minutes, never seconds. */
export const timeOf = (t: number, locale?: string) => fmt(locale).time.format(t);

/**
 * When, as a rep reads a due date: "today, 9:00 AM", "tomorrow, 2:30 PM", "yesterday, 5:00 PM",
 * a weekday within the week around now ("Fri, Dec 4, 9:00 AM"), the date in this year
 * ("Jan 20, 9:00 AM"), the year otherwise ("Jan 20, 2028, 9:00 AM").
 */
export function dueWhen(t: number, now: number, locale?: string): string {
  const f = fmt(locale);
  const days = daysBetween(now, t);
  const time = f.time.format(t);
  if (Math.abs(days) <= 1) return `${f.rel.format(days, 'day')}, ${time}`;
  if (Math.abs(days) < 7) return `${f.weekday.format(t)}, ${time}`;
  if (new Date(t).getFullYear() === new Date(now).getFullYear()) return `${f.day.format(t)}, ${time}`;
  return `${f.year.format(t)}, ${time}`;
}

export function dueState(task: Record<string, unknown>, now: number, locale?: string): DueState {
  const due = typeof task.dueAt === 'number' ? task.dueAt : undefined;
  if (due === undefined) return { state: task.status === 'done' ? 'done' : 'none', label: 'No due date' };
  const when = dueWhen(due, now, locale);
  if (task.status === 'done') return { state: 'done', label: `Was due ${when}` };
  if (due < now) return { state: 'overdue', label: `Overdue since ${when}` };
  if (due - now <= DAY) return { state: 'soon', label: `Due ${when}` };
  return { state: 'later', label: `Due ${when}` };
}

/**
 * The home screen's short line, which never calls an overdue task "due soon": "3 days overdue",
 * "overdue since 9:00 AM", "today 5:00 PM", "tomorrow 9:00 AM", "in 4 days", "no due date".
 */
export function dueLabel(dueAt: number | undefined, now: number, locale?: string): string {
  if (typeof dueAt !== 'number') return 'no due date';
  const days = daysBetween(now, dueAt);
  const time = timeOf(dueAt, locale);
  if (dueAt < now) return days <= -1 ? `${-days} ${days === -1 ? 'day' : 'days'} overdue` : `overdue since ${time}`;
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  return `in ${days} days`;
}

/**
 * A due date without a time is due by the end of the working day: a task "due Friday" is not
 * overdue on Friday morning.
 */
export const END_OF_DAY = '17:00';
/** The times a task's Due offers: every half hour of the day (one control, type-ahead works). */
export const DUE_TIMES: readonly string[] = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

/**
 * The instant of a due written as "YYYY-MM-DD" (by the end of that day) or "YYYY-MM-DDTHH:MM",
 * in local time (`new Date("2026-12-04")` would read it as UTC midnight: the day before, west
 * of Greenwich). Undefined when empty, NaN when not a date.
 */
export function dueAtFrom(value: string): number | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(v);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, min] = m[4] ? [Number(m[4]), Number(m[5])] : END_OF_DAY.split(':').map(Number);
  const t = new Date(y, mo - 1, d, h, min);
  // 2026-02-31 rolls over to March: a date the calendar does not have is not a date.
  return t.getFullYear() === y && t.getMonth() === mo - 1 && t.getDate() === d && h < 24 && min < 60 ? t.getTime() : Number.NaN;
}
