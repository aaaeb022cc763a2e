import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Collection } from '../../domain/index.ts';
import type { ListRow, ReadPort, RecordName, WritePort } from '../ports.ts';
import { createListModel } from '../models/list-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import { LABELS } from '../records/labels.ts';
import { TaskList } from './TaskList.tsx';
import { dueState } from './due.ts';

type Ref = { type: Collection; id: string };
/** The record a task is about, if it names one. Pure. */
export const aboutRef = (t: ListRow): Ref | null => {
  const r = t.data.related as Partial<Ref> | undefined;
  return r?.type && r.id && r.type in LABELS ? { type: r.type, id: r.id } : null;
};

/** My tasks with none open: where tasks come from, not only that there are none. */
export const NO_TASKS = 'Nothing to do. A task is added on a lead’s, person’s, company’s or deal’s page (Add task), or with New → Task.';

/** My open tasks by due date (mine, or nobody's yet): overdue ones said as overdue, then those due within a day. */
export function MyTasks({ read, write, me, nav }: { read: ReadPort; write: WritePort; me: string; nav: NavModel }) {
  const model = useMemo(() => {
    const m = createListModel(read, 'tasks', { pageSize: 200 });
    m.setFilter('statusId', 'open');
    m.sort.value = { field: 'dueAt', dir: 'asc' };
    return m;
  }, []);
  useEffect(() => () => model.dispose(), [model]);
  const rows = model.page.value.rows.filter((t) => !t.data.assigneeId || t.data.assigneeId === me);
  const names = useNames(read, rows.map(aboutRef).filter((r): r is Ref => !!r));
  const now = Date.now();
  const states = rows.map((t) => dueState(t.data, now).state);
  const overdue = states.filter((s) => s === 'overdue').length;
  const soon = states.filter((s) => s === 'soon').length;
  return (
    <div class="my-tasks">
      <h2>My tasks</h2>
      <p class="count">{rows.length} open{overdue ? `, ${overdue} overdue` : ''}{soon ? `, ${soon} due within a day` : ''}</p>
      <TaskList title="Open tasks" tasks={rows} now={now} empty={NO_TASKS} onDone={(id, done) => void write.update('tasks', id, { status: done ? 'done' : 'open' })} onOpen={(id) => nav.open('tasks', id)}
        about={(t) => <About refd={aboutRef(t)} name={names} nav={nav} />} />
    </div>
  );
}

/** "About (lead): Ada Lovelace", the name a link to the record; one in the trash is named, not linked. */
function About({ refd, name, nav }: { refd: Ref | null; name: Record<string, RecordName> | null; nav: NavModel }) {
  if (!refd) return <>Not about a record</>;
  const kind = LABELS[refd.type].one.toLowerCase();
  const a = /^[aeiou]/.test(kind) ? 'an' : 'a';
  if (!name) return <>About {a} {kind}</>; // not read yet (or no port names records)
  const known = name[`${refd.type}:${refd.id}`];
  if (!known) return <>About {a} {kind} that was erased</>;
  const label = known.name || '(no name)';
  if (known.deleted) return <>About ({kind}): {label} (deleted)</>;
  return <>About ({kind}): <a href={`#/${refd.type}/${encodeURIComponent(refd.id)}`} onClick={(e) => { e.preventDefault(); nav.open(refd.type, refd.id); }}>{label}</a></>;
}

/** The names of the records `refs` point at, live (null until the first answer, or without a port for them). */
function useNames(read: ReadPort, refs: Ref[]): Record<string, RecordName> | null {
  const [names, setNames] = useState<Record<string, RecordName> | null>(null);
  const key = [...new Set(refs.map((r) => `${r.type}:${r.id}`))].sort().join(',');
  useEffect(() => {
    if (!read.watchNames) return;
    if (!key) { setNames({}); return; }
    return read.watchNames(key.split(',').map((k) => { const i = k.indexOf(':'); return { type: k.slice(0, i) as Collection, id: k.slice(i + 1) }; }), setNames);
  }, [key]);
  return names;
}
