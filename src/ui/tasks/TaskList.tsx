import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import type { ListRow } from '../ports.ts';
import { Badge, Button, icons } from '../ds/index.ts';
import { dueAtFrom, dueState } from './due.ts';
import { DueInput } from './DueInput.tsx';
import { nextFocus, useRefocus } from './refocus.ts';

/** Tasks of a record (or of me): open ones first (overdue flagged), complete, reopen, add one with a due date. */
export function TaskList({ tasks, onDone, onAdd, onOpen, about, error, readOnly, title = 'Tasks', focusAdd, now = Date.now(), empty = 'No open tasks.' }: {
  tasks: ListRow[]; onDone: (id: string, done: boolean) => void; onAdd?: (name: string, dueAt?: number) => Promise<boolean>;
  onOpen?: (id: string) => void;
  /** The record a task is about, as a line under it (My tasks: a record's own list needs none). */
  about?: (t: ListRow) => ComponentChildren;
  error?: string; readOnly?: boolean; title?: string; focusAdd?: number; now?: number;
  /** What the list says with no open task (My tasks says where tasks come from). */
  empty?: string;
}) {
  const [name, setName] = useState('');
  const [dueAt, setDueAt] = useState('');
  const [showDone, setShowDone] = useState(false);
  // In the click's own task (a layout effect): keys typed at once go into the name, not to the page's shortcuts.
  useLayoutEffect(() => { if (focusAdd) document.getElementById('task-name')?.focus(); }, [focusAdd]);
  // A task ticked done leaves the open list: focus goes on to the next open task (or the one
  // before, or "New task").
  const refocus = useRefocus(tasks);
  const sorted = [...tasks].sort((a, b) => Number(a.data.status === 'done') - Number(b.data.status === 'done') || ((a.data.dueAt as number) ?? Infinity) - ((b.data.dueAt as number) ?? Infinity));
  const open = sorted.filter((t) => t.data.status !== 'done');
  const done = sorted.filter((t) => t.data.status === 'done');
  const row = (t: ListRow) => {
    const due = dueState(t.data, now);
    return (
      <li key={t.id} class={t.data.status === 'done' ? 'task done' : 'task'}>
        <input type="checkbox" id={`task-${t.id}`} checked={t.data.status === 'done'} disabled={readOnly} aria-describedby={`task-${t.id}-due`} onChange={(e) => {
          const checked = (e.currentTarget as HTMLInputElement).checked;
          if (checked) refocus.current = nextFocus(open, t.id, !!onAdd && !readOnly);
          onDone(t.id, checked);
        }} />
        <label for={`task-${t.id}`}>{t.name}</label>
        {onOpen && <Button variant="link" size="sm" class="task-open" onClick={() => onOpen(t.id)} aria-label={`Open task ${t.name}`}>Open</Button>}
        {/* Its own line under the name, whatever the name's length: every row's due reads alike. */}
        <p class="task-due" id={`task-${t.id}-due`}>
          {due.state === 'overdue' ? <Badge tone="err" title={due.label}>Overdue</Badge> : due.state === 'soon' ? <Badge tone="warn" title={due.label}>Due soon</Badge> : null}
          <span class="due">{due.label}</span>
        </p>
        {about && <p class="task-about">{about(t)}</p>}
      </li>
    );
  };
  return (
    <section class="tasks ds-section" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {open.map(row)}
        {showDone && done.map(row)}
      </ul>
      {open.length === 0 && <p class="empty">{empty}</p>}
      {done.length > 0 && <Button variant="link" size="sm" aria-expanded={showDone} onClick={() => setShowDone((s) => !s)}>{showDone ? 'Hide done tasks' : `Show ${done.length} done`}</Button>}
      {onAdd && !readOnly && (
        <form class="add-task" onSubmit={async (e) => { e.preventDefault(); if (await onAdd(name, dueAtFrom(dueAt))) { setName(''); setDueAt(''); } }}>
          <div class="add-task-row">
            <div class="field"><label for="task-name">New task</label>
              <input id="task-name" class="ds-input" value={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'task-name-error' : undefined} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} /></div>
            <DueInput id="task-due" value={dueAt} onChange={setDueAt} />
          </div>
          {error && <span id="task-name-error" class="field-error" role="alert">{error}</span>}
          <div><Button type="submit" size="sm" icon={icons.Plus}>Add task</Button></div>
        </form>
      )}
    </section>
  );
}
