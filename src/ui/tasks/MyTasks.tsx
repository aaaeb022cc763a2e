import { useEffect, useMemo } from 'preact/hooks';
import type { ReadPort, WritePort } from '../ports.ts';
import { createListModel } from '../models/list-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import { TaskList } from './TaskList.tsx';

/** My open tasks by due date (mine, or nobody's yet), and those due within a day flagged. */
export function MyTasks({ read, write, me, nav }: { read: ReadPort; write: WritePort; me: string; nav: NavModel }) {
  const model = useMemo(() => {
    const m = createListModel(read, 'tasks', { pageSize: 200 });
    m.setFilter('statusId', 'open');
    m.sort.value = { field: 'dueAt', dir: 'asc' };
    return m;
  }, []);
  useEffect(() => () => model.dispose(), [model]);
  const rows = model.page.value.rows.filter((t) => !t.data.assigneeId || t.data.assigneeId === me);
  const soon = rows.filter((t) => typeof t.data.dueAt === 'number' && (t.data.dueAt as number) < Date.now() + 86_400_000).length;
  return (
    <div class="my-tasks">
      <h2>My tasks</h2>
      <p class="count">{rows.length} open{soon ? `, ${soon} due within a day` : ''}</p>
      <TaskList title="Open tasks" tasks={rows} onDone={(id, done) => void write.update('tasks', id, { status: done ? 'done' : 'open' })} onOpen={(id) => nav.open('tasks', id)} />
    </div>
  );
}
