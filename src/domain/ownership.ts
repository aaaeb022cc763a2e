import type { Collection } from './records.ts';

/** The member field a new record gives the member who makes it: a record's owner, a task's assignee. */
export const MAKER_FIELD = { leads: 'ownerId', people: 'ownerId', companies: 'ownerId', opportunities: 'ownerId', tasks: 'assigneeId' } as const satisfies Record<Collection, string>;

/**
 * Who a new record belongs to: the member its input names, else the member who makes it (as in
 * Copper, a record's owner defaults to the user who creates it). A lead a rep captures, types or
 * converts is theirs, and a task they add is theirs to do; before, a one-person workspace's own
 * captures read "No owner". An import is made by the member importing: a row whose owner column
 * names a member keeps that member, any other row is the importer's (`importMaker`). `maker`
 * empty (no member behind the write: a web form) leaves the input as it is. Pure: returns a new input.
 */
export function ownedByMaker<T extends Record<string, unknown>>(collection: Collection, input: T, maker: string | undefined): T {
  const field = MAKER_FIELD[collection];
  const named = input[field];
  if ((typeof named === 'string' && named) || !maker) return input;
  return { ...input, [field]: maker };
}

/**
 * Who owns what Convert makes (the person, a new company, the deal): the owner asked for, else
 * the lead's, else the member converting (no one when no member converts: a service account).
 */
export function convertOwner(asked: string | undefined, leadOwner: unknown, maker: string | undefined): string | undefined {
  return ownedByMaker('people', { ownerId: asked || (typeof leadOwner === 'string' ? leadOwner : undefined) }, maker).ownerId;
}

/**
 * The member an import's new records fall to when their row names no owner (no owner column, an
 * empty cell, a name that is no member's): the member importing, when they are one of the
 * workspace's active members. An import by the workspace's only member left every such row
 * unowned ("No owner") while the same lead typed in was theirs. A command line or a token whose
 * id is no active member's (a workspace seeded by someone else) makes no owner up.
 */
export function importMaker(members: readonly { id: string; active?: boolean }[], importer: string | undefined): string | undefined {
  return importer && members.some((m) => m.id === importer && m.active !== false) ? importer : undefined;
}
