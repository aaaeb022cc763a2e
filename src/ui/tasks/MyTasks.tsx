import { useEffect, useMemo } from 'preact/hooks';
import type { ReadPort, WritePort } from '../ports.ts';
import { createListModel } from '../models/list-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import { TaskList } from './TaskList.tsx';
import { dueState } from './due.ts';

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
  const now = Date.now();
  const states = rows.map((t) => dueState(t.data, now).state);
  const overdue = states.filter((s) => s === 'overdue').length;
  const soon = states.filter((s) => s === 'soon').length;
  return (
    <div class="my-tasks">
      <h2>My tasks</h2>
      <p class="count">{rows.length} open{overdue ? `, ${overdue} overdue` : ''}{soon ? `, ${soon} due within a day` : ''}</p>
      <TaskList title="Open tasks" tasks={rows} onDone={(id, done) => void write.update('tasks', id, { status: done ? 'done' : 'open' })} onOpen={(id) => nav.open('tasks', id)} />
    </div>
  );
}
