import { useState } from 'preact/hooks';
import type { ListRow } from '../ports.ts';

const due = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toLocaleString() : 'no due date');

/** Tasks of a record (or of me): complete, reopen, add one with a due date. */
export function TaskList({ tasks, onDone, onAdd, onOpen, error, readOnly, title = 'Tasks' }: {
  tasks: ListRow[]; onDone: (id: string, done: boolean) => void; onAdd?: (name: string, dueAt?: number) => Promise<boolean>;
  onOpen?: (id: string) => void; error?: string; readOnly?: boolean; title?: string;
}) {
  const [name, setName] = useState('');
  const [dueAt, setDueAt] = useState('');
  const sorted = [...tasks].sort((a, b) => Number(a.data.status === 'done') - Number(b.data.status === 'done') || ((a.data.dueAt as number) ?? Infinity) - ((b.data.dueAt as number) ?? Infinity));
  return (
    <section class="tasks" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {sorted.map((t) => (
          <li key={t.id} class={t.data.status === 'done' ? 'task done' : 'task'}>
            <input type="checkbox" id={`task-${t.id}`} checked={t.data.status === 'done'} disabled={readOnly} onChange={(e) => onDone(t.id, (e.currentTarget as HTMLInputElement).checked)} />
            <label for={`task-${t.id}`}>{t.name}</label>
            <span class="due">{due(t.data.dueAt)}</span>
            {onOpen && <button type="button" class="link" onClick={() => onOpen(t.id)} aria-label={`Open task ${t.name}`}>Open</button>}
          </li>
        ))}
        {sorted.length === 0 && <li class="empty">No tasks.</li>}
      </ul>
      {onAdd && !readOnly && (
        <form class="add-task" onSubmit={async (e) => { e.preventDefault(); if (await onAdd(name, dueAt ? new Date(dueAt).getTime() : undefined)) { setName(''); setDueAt(''); } }}>
          <label for="task-name">New task</label>
          <input id="task-name" value={name} aria-invalid={error ? 'true' : undefined} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          <label for="task-due">Due</label>
          <input id="task-due" type="datetime-local" value={dueAt} onInput={(e) => setDueAt((e.currentTarget as HTMLInputElement).value)} />
          {error && <span class="field-error" role="alert">{error}</span>}
          <button type="submit">Add task</button>
        </form>
      )}
    </section>
  );
}
