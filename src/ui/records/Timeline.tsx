import { useState } from 'preact/hooks';
import type { Activity } from '../../domain/index.ts';
import type { ConfigModel } from '../models/config-model.ts';

const LOGGABLE = ['note', 'call', 'meeting', 'email'];
const when = (ms: number) => new Date(ms).toLocaleString();

/** The activity timeline with a form to log a note, call, meeting or email (or a custom type). */
export function Timeline({ activities, config, onLog, error, readOnly }: {
  activities: Activity[]; config: ConfigModel; onLog: (typeId: string, details: string) => Promise<boolean>; error?: string; readOnly?: boolean;
}) {
  const [typeId, setTypeId] = useState('note');
  const [details, setDetails] = useState('');
  const types = config.active('activityTypes').filter((t) => t.category !== 'system');
  const options = types.length ? types : LOGGABLE.map((id) => ({ id, name: id }));
  const describe = (a: Activity) => {
    if (a.system) {
      const list = a.system.field === 'statusId' ? 'leadStatuses' : a.system.field === 'stageId' ? 'stages' : null;
      const name = (v: string | null) => (v === null ? '—' : list ? config.nameOf(list, v) : v);
      const label = a.system.field === 'statusId' ? 'Status' : a.system.field === 'stageId' ? 'Stage' : a.system.field;
      return `${label}: ${name(a.system.from)} → ${name(a.system.to)}`;
    }
    return a.details;
  };
  return (
    <section class="timeline" aria-labelledby="timeline-h">
      <h3 id="timeline-h">Timeline</h3>
      {!readOnly && (
        <form class="log" onSubmit={async (e) => { e.preventDefault(); if (await onLog(typeId, details)) setDetails(''); }}>
          <label for="log-type">Activity type</label>
          <select id="log-type" value={typeId} onChange={(e) => setTypeId((e.currentTarget as HTMLSelectElement).value)}>
            {options.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
          <label for="log-details">What happened</label>
          <textarea id="log-details" rows={2} value={details} aria-invalid={error ? 'true' : undefined} onInput={(e) => setDetails((e.currentTarget as HTMLTextAreaElement).value)} />
          {error && <span class="field-error" role="alert">{error}</span>}
          <button type="submit">Log activity</button>
        </form>
      )}
      <ol class="activities" aria-label="Activities">
        {activities.map((a) => (
          <li key={a.id} class={a.system ? 'activity system' : 'activity'} data-type={a.typeId}>
            <span class="activity-type">{config.nameOf('activityTypes', a.typeId)}</span>
            <time dateTime={new Date(a.date).toISOString()}>{when(a.date)}</time>
            <p>{describe(a)}</p>
          </li>
        ))}
        {activities.length === 0 && <li class="empty">Nothing logged yet.</li>}
      </ol>
    </section>
  );
}
