import { describe, expect, it } from 'vitest';
import { DUE_TIMES, dueAtFrom } from './due.ts';

describe("a task's due from the date and optional time a rep gave", () => {
  it('a date alone is due by the end of that local day; with a time, at that time', () => {
    expect(dueAtFrom('2026-12-04')).toBe(new Date(2026, 11, 4, 17, 0).getTime());
    expect(dueAtFrom('2026-12-04T09:30')).toBe(new Date(2026, 11, 4, 9, 30).getTime());
    // Never UTC midnight (new Date('2026-12-04') is the 3rd in the evening west of Greenwich).
    expect(new Date(dueAtFrom('2026-12-04')!).getDate()).toBe(4);
  });
  it('empty is no due; what is not a calendar date is NaN (an error next to the field), never another day', () => {
    expect(dueAtFrom('')).toBeUndefined();
    expect(dueAtFrom('  ')).toBeUndefined();
    for (const bad of ['not a date', '2026-02-30', '2026-13-01', '2026-12-04T24:00', '2026-12-04T10:75', '04/12/2026']) expect(dueAtFrom(bad), bad).toBeNaN();
  });
  it('offers every half hour of the day once, in order', () => {
    expect(DUE_TIMES).toHaveLength(48);
    expect(DUE_TIMES[0]).toBe('00:00');
    expect(DUE_TIMES[19]).toBe('09:30');
    expect(DUE_TIMES.at(-1)).toBe('23:30');
    expect(new Set(DUE_TIMES).size).toBe(48);
  });
});
