import { DUE_TIMES, END_OF_DAY, timeOf } from './due.ts';

const at = (hhmm: string) => { const [h, m] = hhmm.split(':').map(Number); return new Date(2000, 0, 1, h, m).getTime(); };

/**
 * A task's Due: a date, then a time if the rep wants one (one select, not the datetime box's
 * seven tab stops). `value` is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (read by `dueAtFrom`); with no
 * date the time is disabled, so Tab goes from the date straight on.
 */
export function DueInput({ id, value, onChange, error, errorId }: { id: string; value: string; onChange: (v: string) => void; error?: boolean; errorId?: string }) {
  const [date = '', time = ''] = value.split('T');
  const set = (d: string, t: string) => onChange(d ? (t ? `${d}T${t}` : d) : '');
  return (
    <div class="due-input">
      <div class="field ds-field"><label for={id}>Due</label>
        <input id={id} class="ds-input" type="date" value={date} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? errorId : undefined}
          onInput={(e) => set((e.currentTarget as HTMLInputElement).value, time)} /></div>
      <div class="field ds-field"><label for={`${id}-time`}>Time</label>
        <select id={`${id}-time`} class="ds-input" value={time} disabled={!date} onChange={(e) => set(date, (e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{`By ${timeOf(at(END_OF_DAY))}`}</option>
          {DUE_TIMES.map((t) => <option key={t} value={t}>{timeOf(at(t))}</option>)}
        </select></div>
    </div>
  );
}
