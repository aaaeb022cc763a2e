import type { DateRange } from '../ports.ts';

export const PRESETS = [
  { id: '30d', label: 'Last 30 days' }, { id: '90d', label: 'Last 90 days' }, { id: '12m', label: 'Last 12 months' },
  { id: 'ytd', label: 'This year' }, { id: 'custom', label: 'Custom dates' },
] as const;
export type Preset = (typeof PRESETS)[number]['id'];

const DAY = 24 * 3600 * 1000;
const localDay = (t: number) => { const d = new Date(t); d.setHours(0, 0, 0, 0); return d.getTime(); };
const endOfDay = (t: number) => localDay(t) + DAY - 1;
/** "2026-11-03" as the start of that local day; NaN when it is not a date. */
const parseDay = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00`).getTime() : NaN);
/** Longer ranges than this are a typo (year 20260), not a question anyone asks of a CRM. */
const MAX_YEARS = 10;

/** The period a preset (or two typed dates) covers, whole local days; or why it can't. */
export function rangeOf(preset: Preset, now: number, custom: { from: string; to: string } = { from: '', to: '' }): DateRange | { error: string } {
  const to = endOfDay(now);
  if (preset === '30d') return { from: localDay(now) - 29 * DAY, to };
  if (preset === '90d') return { from: localDay(now) - 89 * DAY, to };
  if (preset === '12m') { const d = new Date(localDay(now)); d.setFullYear(d.getFullYear() - 1); d.setDate(d.getDate() + 1); return { from: d.getTime(), to }; }
  if (preset === 'ytd') return { from: new Date(new Date(now).getFullYear(), 0, 1).getTime(), to };
  const from = parseDay(custom.from);
  const end = parseDay(custom.to);
  if (Number.isNaN(from) || Number.isNaN(end)) return { error: 'Enter both dates (from and to).' };
  if (from > end) return { error: 'The start date is after the end date.' };
  if (end - from > MAX_YEARS * 366 * DAY) return { error: `Choose at most ${MAX_YEARS} years.` };
  return { from, to: endOfDay(end) };
}
