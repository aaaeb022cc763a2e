import { RuleError } from '../errors.ts';
import type { Role } from '../config.ts';

type Ordered = { id: string; order: number };
type MemberLike = { id: string; role: Role; active?: boolean };

/** The order after the last one: a new entity goes to the end of its list. */
export function nextOrder(items: readonly Ordered[]): number {
  return items.reduce((m, i) => Math.max(m, i.order + 1), 0);
}

/**
 * New orders for `ids` (a permutation of the items' ids). Only entities whose order changes are
 * returned, so a concurrent reorder on another replica keeps what it moved.
 */
export function reorder<T extends Ordered>(items: readonly T[], ids: readonly string[], path = 'ids'): T[] {
  const known = new Set(items.map((i) => i.id));
  const given = new Set(ids);
  if (given.size !== ids.length || given.size !== known.size || ids.some((id) => !known.has(id))) {
    throw new RuleError('Give every entry of the list exactly once to reorder it', path);
  }
  const byId = new Map(items.map((i) => [i.id, i]));
  return ids.map((id, order) => ({ ...byId.get(id)!, order })).filter((e) => byId.get(e.id)!.order !== e.order);
}

/** The last active admin can't be removed or demoted: a workspace without an admin is stuck. */
export function checkLastAdmin(members: readonly MemberLike[], change: { id: string; role?: Role; active?: boolean }): void {
  const after = members.map((m) => (m.id === change.id ? { ...m, ...change } : m));
  const admins = after.filter((m) => m.role === 'admin' && m.active !== false);
  if (admins.length === 0) throw new RuleError('The last admin cannot be removed or demoted: make another member admin first', 'role');
}
