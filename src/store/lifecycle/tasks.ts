import type { InputOf, Task } from '../../domain/index.ts';
import type { Repository } from '../repository.ts';
import { idsWhere } from './refs.ts';

/**
 * Tasks: thin calls on the repository, whose rules (src/store/lifecycle/rules.ts) check the
 * related record is live, the assignee an active member, the reminder before the due time,
 * and stamp `completedAt`.
 */
export function createTask(repo: Repository, input: InputOf<'tasks'>): Task {
  return repo.create('tasks', { assigneeId: repo.actor.memberId, ...input });
}

export const assignTask = (repo: Repository, id: string, assigneeId: string | null): Task => repo.update('tasks', id, { assigneeId });
export const completeTask = (repo: Repository, id: string): Task => repo.update('tasks', id, { status: 'done' });
export const reopenTask = (repo: Repository, id: string): Task => repo.update('tasks', id, { status: 'open' });

const PRIORITY = { high: 0, medium: 1, low: 2, none: 3 } as const;

/** Open tasks assigned to a member, soonest due first (undated last), then by priority. */
export function myOpenTasks(repo: Repository, memberId = repo.actor.memberId): Task[] {
  return idsWhere(repo, 'tasks', 'assigneeId', (v) => v === memberId)
    .map((id) => repo.get('tasks', id))
    .filter((t): t is Task => !!t && t.status === 'open')
    .sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || PRIORITY[a.priority] - PRIORITY[b.priority] || a.name.localeCompare(b.name));
}
