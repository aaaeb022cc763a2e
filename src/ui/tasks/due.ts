/** How a task's due time reads: overdue, due soon (within a day), later, or none. Pure, given now. */
export type DueState = { state: 'none' | 'done' | 'overdue' | 'soon' | 'later'; label: string };

const DAY = 86_400_000;

export function dueState(task: Record<string, unknown>, now: number, fmt: (ms: number) => string = (ms) => new Date(ms).toLocaleString()): DueState {
  const due = typeof task.dueAt === 'number' ? task.dueAt : undefined;
  if (due === undefined) return { state: task.status === 'done' ? 'done' : 'none', label: 'No due date' };
  if (task.status === 'done') return { state: 'done', label: `Due ${fmt(due)}` };
  if (due < now) return { state: 'overdue', label: `Overdue since ${fmt(due)}` };
  if (due - now <= DAY) return { state: 'soon', label: `Due ${fmt(due)}` };
  return { state: 'later', label: `Due ${fmt(due)}` };
}
